import ArgumentParser
import PointsClient
import PointsCore
import PointsProtocol

/// `points score FACTS_FILE`: one applicant's explained score card.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score", abstract: "Score a facts file (YAML or JSON) and print the card.")

    enum Format: String, ExpressibleByArgument {
        case text, json
    }

    @Argument(help: "The applicant's facts, a YAML or JSON object keyed by fact names.")
    var factsFile: String

    @OptionGroup var options: SchemeOptions

    @Option(name: .long, help: "text (readable, zh and en) or json (the card as documented in the README).")
    var format: Format = .text

    @Flag(name: .long, help: "Follow the text card with the applicant's next steps: failed gates, the smallest changes that reach the threshold, the day they would qualify by waiting, open points, next tiers. (The JSON card always has them.)")
    var nextSteps = false

    @Option(name: .long, help: "Score on a running pointsd at HOST:PORT (or unix:PATH) instead of locally; the output is the same.")
    var server: String?
    @OptionGroup var tls: TLSOptions

    func validate() throws {
        if applicantRef != nil, server == nil { throw ValidationError("--applicant-ref goes with --server: only pointsd records decisions") }
    }

    @Option(name: .long, help: "With --server: the applicant's reference (a case number) for the decision log, so `points audit --applicant-ref` finds the decision; the log keeps only its keyed hash.")
    var applicantRef: String?

    func run() async throws {
        let text = try readText(factsFile)
        let document: DocumentNode
        do {
            document = try DocumentNode.parse(yaml: text, limits: .facts)
        } catch {
            throw failure(error.located(in: factsFile))
        }
        if let server {
            try await self.scoreRemotely(document, server: server)
            return
        }
        let (scheme, date) = try options.resolve(), knownOn = try options.knownOn()
        do {
            self.print(try scheme.score(document: document, asOf: date, rulesKnownOn: knownOn))
        } catch {
            throw self.unscorable(error.lines(source: factsFile))
        }
    }

    private func scoreRemotely(_ document: DocumentNode, server: String) async throws {
        // What this side finds wrong is left out of the request and reported with what the
        // server finds in the rest (it knows the scheme's own facts), each at its line.
        let (date, known) = (try options.date(), try options.knownOn())
        let (request, local) = try RemoteFactIssues.request(document) { document throws(FactsError) in
            var built = try Points_V1_ScoreRequest(document: document, scheme: options.scheme, asOf: date)
            if let known { built.rulesKnownOn = known.description }
            if let applicantRef { built.applicantRef = applicantRef }
            return built
        } unscorable: { self.unscorable($0.lines(source: factsFile)) }
        let client = try await connect(to: server, tls: tls.settings)
        defer { Task { await client.close() } }
        let card: ScoreCard
        do {
            card = try ScoreCard(try await client.score(request, timeout: .seconds(30)).card)
        } catch let error where RemoteFactIssues.concernsFacts(error, local: local) {
            throw self.unscorable(RemoteFactIssues.merged(local: local, remote: RemoteFactIssues.issues(error, in: document)).lines(source: factsFile))
        } catch {
            throw failure("error: \(error.code == .notFound ? error.message : error.shown)")
        }
        if !local.isEmpty { throw self.unscorable(FactsError(issues: local).lines(source: factsFile)) }
        self.print(card)
    }

    private func print(_ card: ScoreCard) {
        Swift.print(format == .json ? card.jsonText() : card.text(nextSteps: nextSteps), terminator: format == .json ? "\n" : "")
    }

    private func unscorable(_ lines: [String]) -> ExitCode {
        failure(["\(factsFile): cannot be scored under \(options.scheme):"] + lines)
    }
}
