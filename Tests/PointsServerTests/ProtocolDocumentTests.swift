import Foundation
@testable import PointsServer
import PointsClient
import PointsCore
import PointsProtocol
import Testing

/// PROTOCOL.md holds against the server: its method list is the server's, and what it says of
/// frames, prefaces and facts is what the server does (the behaviour itself is tested end to end
/// in `ServerBadInputTests`; here, that the document says it).
@Suite struct ProtocolDocumentTests {
    static let document = try! String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Protos/points/v1/PROTOCOL.md"), encoding: .utf8)

    @Test func theMethodListIsTheServers() throws {
        let calls = try #require(Self.document.range(of: "## 3. Calls")).upperBound
        let section = Self.document[calls...].prefix { _ in true }.split(separator: "### Status codes").first ?? ""
        for method in PointsMethod.allCases { #expect(section.contains("`\(method.rawValue)`"), "PROTOCOL.md §3 lists \(method.rawValue)") }
    }

    @Test func theDocumentStatesWhatTheServerDoes() {
        for statement in ["an empty `ClientFrame` holds neither a", "the server ignores their value", "sends its own preface, then one",
                          "`--first-frame-timeout-seconds`", "again is a protocol error", "a canonical fact's name there is refused",
                          "`--max-frame-bytes` (default 4 MiB"] {
            #expect(Self.document.contains(statement), "PROTOCOL.md says: \(statement)")
        }
        #expect(!Self.document.contains("`request-id` is echoed"), "the server does not echo request-id")
    }

    @Test func aCanonicalFactInExtraIsRefusedNotRead() throws {
        let service = PointsService(catalog: try SchemeCatalog.builtIn(), today: { LocalDate(iso: "2025-06-01")! })
        var request = try Points_V1_ScoreRequest(document: try DocumentNode.parse(yaml: "stable_employment: true\n"), scheme: "guangzhou-hukou",
                                                 asOf: LocalDate(iso: "2025-06-01")!)
        request.facts.extra["residence_permit_months"] = "-5"
        let prepared = try #require(try service.prepare("Score", payload: try request.serializedData(), answerLimit: 1 << 22))
        var recorder: DecisionRecorder?
        #expect { try prepared.run(recorder: &recorder) } throws: { error in
            let rpc = error as? RPCError
            return rpc?.code == .invalidArgument && rpc?.message.contains("residence_permit_months: a canonical fact travels in its typed field of Facts, not in extra") == true
        }
    }
}
