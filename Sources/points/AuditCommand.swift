import ArgumentParser
import Foundation
import PointsClient
import PointsProtocol

/// `points audit --server HOST:PORT`: the decision log, for auditors (role `auditor`; the
/// token comes from `POINTS_TOKEN_FILE` or `POINTS_TOKEN`).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "List or show recorded decisions from a running pointsd (role auditor).")

    @Option(name: .long, help: "The pointsd at HOST:PORT or unix:PATH.")
    var server: String
    @OptionGroup var tls: TLSOptions

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

    /// How decisions are printed.
    enum Format: String, ExpressibleByArgument {
        case text, csv, jsonl
    }

    @Option(name: .long, help: "text (tab-separated, the default), csv (with a header) or jsonl (one JSON object a line).")
    var format: Format = .text

    /// The methods whose answers the decision log records.
    static let recordedMethods = ["Score", "ScoreBatch", "EnrolmentTier", "AllocateSeats"]

    func validate() throws {
        if let method, !Self.recordedMethods.contains(where: { $0.lowercased() == method.lowercased() }) {
            throw ValidationError("--method: '\(method)' is not a method the decision log records; use one of \(Self.recordedMethods.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let client = try await connect(to: server, tls: tls.settings)
        defer { Task { await client.close() } }
        do {
            if let id {
                print(format: [try await client.getDecision(id: id, timeout: .seconds(30)).decision])
                return
            }
            var request = Points_V1_ListDecisionsRequest()
            request.afterID = afterID
            request.limit = limit
            if let agency { request.agency = agency }
            // Method names are matched as the protocol spells them, whatever the case typed.
            if let method { request.method = Self.recordedMethods.first { $0.lowercased() == method.lowercased() } ?? method }
            if let applicantRef { request.applicantRef = applicantRef }
            print(format: try await client.listDecisions(request, timeout: .seconds(30)).decisions)
        } catch {
            throw failure("error: \(error.shown)")
        }
    }

    /// The columns of a decision, by name, in order.
    private static func columns(_ d: Points_V1_Decision) -> [(String, String)] {
        [("id", String(d.id)), ("time", d.time), ("agency", d.agency), ("method", d.method), ("scheme", d.schemeID),
         ("version", d.schemeVersion), ("content_hash", d.contentHash), ("as_of", d.asOf), ("total", d.total),
         ("qualified", d.hasQualified ? String(d.qualified) : ""), ("tiers", d.tiers.map { "\($0.service)=\($0.tier)" }.joined(separator: ",")),
         ("applicant_hash", d.applicantHash)]
    }

    private func print(format decisions: [Points_V1_Decision]) {
        let header = Self.columns(Points_V1_Decision()).map(\.0)
        switch format {
        case .text:
            Swift.print(header.joined(separator: "\t"))
            for d in decisions { Swift.print(Self.columns(d).map(\.1).joined(separator: "\t")) }
        case .csv:
            Swift.print(header.joined(separator: ","))
            for d in decisions { Swift.print(Self.columns(d).map { Self.csvCell($0.1) }.joined(separator: ",")) }
        case .jsonl:
            for d in decisions {
                let object = Dictionary(uniqueKeysWithValues: Self.columns(d))
                let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
                Swift.print(String(decoding: data, as: UTF8.self))
            }
        }
    }

    /// A CSV cell, quoted when it holds a comma, a quote or a line break.
    private static func csvCell(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
