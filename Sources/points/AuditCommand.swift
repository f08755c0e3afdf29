import ArgumentParser
import PointsClient
import PointsProtocol

/// `points audit --server HOST:PORT`: the decision log, for auditors (role `auditor`; the
/// token comes from `POINTS_TOKEN_FILE` or `POINTS_TOKEN`).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "List or show recorded decisions from a running pointsd (role auditor).")

    @Option(name: .long, help: "The pointsd at HOST:PORT or unix:PATH.")
    var server: String

    @Option(name: .long, help: "Show this one decision.")
    var id: UInt64?

    @Option(name: .long, help: "Only this agency's decisions.")
    var agency: String?

    @Option(name: .long, help: "Only this method's decisions (Score, ScoreBatch, EnrolmentTier, AllocateSeats).")
    var method: String?

    @Option(name: .long, help: "Only decisions about this applicant reference (the server matches its keyed hash).")
    var applicantRef: String?

    @Option(name: .long, help: "Only decisions after this id (paging).")
    var afterID: UInt64 = 0

    @Option(name: .long, help: "At most this many (1...1000).")
    var limit: UInt32 = 100

    /// The methods whose answers the decision log records.
    static let recordedMethods = ["Score", "ScoreBatch", "EnrolmentTier", "AllocateSeats"]

    func validate() throws {
        if let method, !Self.recordedMethods.contains(where: { $0.lowercased() == method.lowercased() }) {
            throw ValidationError("--method: '\(method)' is not a method the decision log records; use one of \(Self.recordedMethods.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let client = try await connect(to: server)
        defer { Task { await client.close() } }
        do {
            if let id {
                print(Self.line(try await client.getDecision(id: id, timeout: .seconds(30)).decision))
                return
            }
            var request = Points_V1_ListDecisionsRequest()
            request.afterID = afterID
            request.limit = limit
            if let agency { request.agency = agency }
            // Method names are matched as the protocol spells them, whatever the case typed.
            if let method { request.method = Self.recordedMethods.first { $0.lowercased() == method.lowercased() } ?? method }
            if let applicantRef { request.applicantRef = applicantRef }
            let decisions = try await client.listDecisions(request, timeout: .seconds(30)).decisions
            print("id\ttime\tagency\tmethod\tscheme\ttotal\tqualified\ttiers\tapplicant_hash")
            for decision in decisions { print(Self.line(decision)) }
        } catch {
            throw failure("error: \(error.shown)")
        }
    }

    private static func line(_ d: Points_V1_Decision) -> String {
        let tiers = d.tiers.map { "\($0.service)=\($0.tier)" }.joined(separator: ",")
        let qualified = d.hasQualified ? String(d.qualified) : ""
        return [String(d.id), d.time, d.agency, d.method, "\(d.schemeID) \(d.schemeVersion) \(d.contentHash)", d.total, qualified, tiers, d.applicantHash]
            .joined(separator: "\t")
    }
}
