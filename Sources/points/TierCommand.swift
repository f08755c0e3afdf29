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

    @Option(name: .long, help: "Which of the facts' children, counted from 1, when several are at the stage (default: the only one).")
    var child: Int?

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
        let (stage, listed) = try self.chosenChild(document)
        let child = ChildFacts(stage: stage, listed: listed)
        let answer: EnrolmentAnswer
        if let server {
            answer = try await self.askServer(document, child: child, date: try options.date(), server: server)
        } else {
            let (scheme, date) = try options.resolve()
            do {
                _ = try scheme.schoolService(for: stage)  // before the facts: the scheme may be the wrong one
                let facts = try FactsDecoder(registry: scheme.registry, asOf: date).decode(document)
                answer = try scheme.enrolmentTier(parent: facts, child: child, asOf: date, rulesKnownOn: try options.knownOn())
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

    /// The child asked about: its stage, and its item of the facts' `children` (nil when none
    /// is listed at `--stage`: the child's own facts are then not stated). Never a guess
    /// between two children.
    private func chosenChild(_ document: DocumentNode) throws -> (stage: String, listed: DocumentNode?) {
        let children = document["children"]?.items ?? []
        if let child {
            guard children.indices.contains(child - 1) else {
                throw ValidationError("--child \(child): the facts list \(children.count) \(children.count == 1 ? "child" : "children"); count from 1")
            }
            let item = children[child - 1], listed = item["school_stage"]?.scalar
            if let stage, let listed, listed != stage { throw ValidationError("--stage \(stage), but child \(child) of the facts is at \(listed)") }
            guard let chosen = stage ?? listed else { throw ValidationError("child \(child) of the facts has no school_stage; give --stage") }
            return (chosen, item)
        }
        let staged = children.indices.filter { children[$0]["school_stage"]?.scalar.map { stage == nil || $0 == stage } ?? false }
        guard staged.count <= 1 else {
            let numbers = staged.map { String($0 + 1) }.joined(separator: ", ")
            // --stage helps only when the children are at different stages.
            let stages = Set(staged.compactMap { children[$0]["school_stage"]?.scalar })
            throw ValidationError("the facts list \(staged.count) children \(stage.map { "at \($0)" } ?? "with a school stage") (\(numbers)); give --child N"
                                  + (stage == nil && stages.count > 1 ? " or --stage" : ""))
        }
        if let stage { return (stage, staged.first.map { children[$0] }) }
        guard let only = staged.first, let listed = children[only]["school_stage"]?.scalar else {
            throw ValidationError("give --stage (primary, junior_secondary or senior_secondary); the facts list no child with a school stage")
        }
        return (listed, children[only])
    }

    private func askServer(_ document: DocumentNode, child: ChildFacts, date: LocalDate, server: String) async throws -> EnrolmentAnswer {
        var request = Points_V1_EnrolmentTierRequest()
        request.scheme = options.scheme
        request.asOf = date.description
        if let known = try options.knownOn() { request.rulesKnownOn = known.description }
        request.child.schoolStage = child.stage
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
        } catch let error where RemoteFactIssues.concernsFacts(error, local: local) {
            throw noTier(RemoteFactIssues.merged(local: local, remote: RemoteFactIssues.issues(error, in: document)))
        } catch {
            if error.code == .failedPrecondition, error.message.contains("has no school service") { throw failure("error: \(error.message)\(schoolSchemes)") }
            throw failure("error: \(error.code == .notFound || error.code == .failedPrecondition || error.code == .invalidArgument ? error.message : error.shown)")
        }
        if !local.isEmpty { throw noTier(FactsError(issues: local)) }
        return answer
    }
}
