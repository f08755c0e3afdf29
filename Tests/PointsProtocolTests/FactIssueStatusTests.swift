import PointsCore
import PointsProtocol
import Testing

/// Facts that cannot be used travel as lines in the status message and, with their kinds, as
/// `fact_issues`; a status cut to fit a frame drops the structured copy before the words.
@Suite struct FactIssueStatusTests {
    static let error = RPCError(facts: FactsError(issues: [
        FactIssue(fact: "housing", line: 4, message: "expected one of owned, rented, dormitory, other; got 'castle'"),
        FactIssue(fact: "spouse.birth_date", line: 0, message: "missing; scheme guangzhou-hukou 2023 needs it (indicator age) and declares no default", kind: .missing),
    ]))

    @Test func issuesCrossTheWireWithTheirKinds() throws {
        #expect(Self.error.code == .invalidArgument)
        #expect(Self.error.message == """
            housing: expected one of owned, rented, dormitory, other; got 'castle'
            spouse.birth_date: missing; scheme guangzhou-hukou 2023 needs it (indicator age) and declares no default
            """)
        let received = try #require(RPCError(status: try Points_V1_Status(serializedBytes: try Self.error.status.serializedBytes() as [UInt8])))
        #expect(received == Self.error)
        let placed = received.factIssues.map { FactIssue($0, line: 7) }
        #expect(placed.map(\.kind) == [.invalid, .missing] && placed.map(\.line) == [7, 7] && placed[1].fact == "spouse.birth_date")
    }

    @Test func aStatusCutToFitDropsTheIssuesBeforeTheMessage() {
        #expect(Self.error.bounded(to: 4_096) == Self.error)
        let words = Self.error.bounded(to: Self.error.message.utf8.count + 20)
        #expect(words.message == Self.error.message && words.factIssues.isEmpty)
        let cut = Self.error.bounded(to: 40)
        #expect(cut.factIssues.isEmpty && cut.message.hasSuffix(" … (cut)") && cut.message.utf8.count <= 40)
    }
}
