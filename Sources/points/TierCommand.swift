import ArgumentParser
import PointsClient
import PointsCore
import PointsProtocol

/// `points tier FACTS_FILE --stage STAGE`: the education bureau's question, which school
/// tier a resident's child is in (no income, tax or credit detail in the answer).
struct TierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tier", abstract: "Show the school-enrolment tier of a parent's child (tier, batch, school points, reason).")

    @Argument(help: "The parent's facts, a YAML or JSON object keyed by fact names.")
    var factsFile: String

    @Option(name: .long, help: "The child's school stage: primary, junior_secondary or senior_secondary (default: the stage of the only child in the facts).")
    var stage: String?

    @OptionGroup var options: SchemeOptions

    @Option(name: .long, help: "text or json.")
    var format: ScoreCommand.Format = .text

    @Option(name: .long, help: "Ask a running pointsd at HOST:PORT (or unix:PATH) instead of answering locally; the output is the same.")
    var server: String?
    @OptionGroup var tls: TLSOptions

    func run() async throws {
        let document: DocumentNode
        do {
            document = try DocumentNode.parse(yaml: try readText(factsFile), limits: .facts)
        } catch let error as DocumentError {
            throw failure(error.located(in: factsFile))
        }
        let stage = try self.childStage(document)
        let answer: EnrolmentAnswer
        if let server {
            answer = try await self.askServer(document, stage: stage, date: try options.date(), server: server)
        } else {
            let (scheme, date) = try options.resolve()
            do {
                _ = try scheme.schoolService(for: stage)  // before the facts: the scheme may be the wrong one
                let facts = try FactsDecoder(registry: scheme.registry, asOf: date).decode(document)
                answer = try scheme.enrolmentTier(parent: facts, child: ChildFacts(stage: stage, in: document), asOf: date, rulesKnownOn: try options.knownOn())
            } catch let error as FactsError {
                throw failure(["\(factsFile): no tier under \(options.scheme):"] + error.lines(source: factsFile))
            } catch let error as EnrolmentError {
                if case .noService = error { throw failure("error: \(error.description)\(schoolSchemes)") }
                throw failure("error: \(error.description)")
            }
        }
        print(format == .json ? answer.jsonText() : answer.text(), terminator: format == .json ? "\n" : "")
    }

    func validate() throws {
        if let stage, !FactRegistry.schoolStages.contains(stage) {
            throw ValidationError("--stage: '\(stage)' is not a school stage; use one of \(FactRegistry.schoolStages.joined(separator: ", "))")
        }
    }

    /// What to add to "no school service": the built-in schemes that have one.
    private var schoolSchemes: String {
        let ids = ((try? SchemeCatalog.builtIn())?.schemes ?? []).filter { $0.services.contains { !$0.stages.isEmpty } }.map(\.metadata.id)
        return "; give --scheme with a school service (built in: \(Array(Set(ids)).sorted().joined(separator: ", ")))"
    }

    /// `--stage`, or the stage of the only child the facts list.
    private func childStage(_ document: DocumentNode) throws -> String {
        if let stage { return stage }
        let stages = document["children"]?.items?.compactMap { $0["school_stage"]?.scalar } ?? []
        guard stages.count == 1 else {
            throw ValidationError("give --stage (primary, junior_secondary or senior_secondary); the facts list \(stages.count) children with a school stage")
        }
        return stages[0]
    }

    private func askServer(_ document: DocumentNode, stage: String, date: LocalDate, server: String) async throws -> EnrolmentAnswer {
        var request = Points_V1_EnrolmentTierRequest()
        request.scheme = options.scheme
        request.asOf = date.description
        if let known = try options.knownOn() { request.rulesKnownOn = known.description }
        let child = ChildFacts(stage: stage, in: document)
        request.child.schoolStage = stage
        if let months = child.localSchoolingMonths { request.child.localSchoolingMonths = UInt32(clamping: months) }
        if let record = child.localJuniorHighRecord { request.child.localJuniorHighRecord = record }
        let noTier = { (error: FactsError) -> ExitCode in failure(["\(factsFile): no tier under \(options.scheme):"] + error.lines(source: factsFile)) }
        let local: [FactIssue]
        (request.parent, local) = try RemoteFactIssues.request(document, build: { document throws(FactsError) in try Points_V1_Facts(document: document, asOf: date) },
                                                             unscorable: noTier)
        let client = try await connect(to: server, tls: tls.settings)
        defer { Task { await client.close() } }
        let answer: EnrolmentAnswer
        do {
            answer = try EnrolmentAnswer(try await client.enrolmentTier(request, timeout: .seconds(30)))
        } catch let error where !error.factIssues.isEmpty {
            throw noTier(RemoteFactIssues.merged(local: local, remote: RemoteFactIssues.issues(error, in: document)))
        } catch {
            if error.code == .failedPrecondition, error.message.contains("has no school service") { throw failure("error: \(error.message)\(schoolSchemes)") }
            throw failure("error: \(error.code == .notFound || error.code == .failedPrecondition || error.code == .invalidArgument ? error.message : error.shown)")
        }
        if !local.isEmpty { throw noTier(FactsError(issues: local)) }
        return answer
    }
}
