import Foundation
@testable import PointsServer
import PointsCore
import PointsProtocol
import Testing

/// A call is costed by the work it asks for, and stored decisions never trap when read.
@Suite struct RequestBoundsTests {
    private let service = PointsService(catalog: try! SchemeCatalog.builtIn(), today: { LocalDate(iso: "2025-06-01")! })

    @Test func aBatchIsCostedByItsRequestsNotItsBytes() throws {
        var batch = Points_V1_ScoreBatchRequest()
        batch.requests = Array(repeating: Points_V1_ScoreRequest(), count: 2_048)
        let payload: Data = try batch.serializedData()
        #expect(payload.count < 5_000)
        let prepared = try #require(try service.prepare("ScoreBatch", payload: payload, answerLimit: 1 << 22))
        #expect(prepared.cost == 2_048 && prepared.cost > PointsService.inlineCostLimit)
        #expect(try service.prepare("Health", payload: Data(), answerLimit: 1 << 22)?.cost == 1)
        #expect(try service.prepare("NoSuchMethod", payload: Data(), answerLimit: 1 << 22) == nil)
    }

    @Test func aCancelledBatchStopsAtItsNextItem() throws {
        var batch = Points_V1_ScoreBatchRequest()
        batch.requests = Array(repeating: Points_V1_ScoreRequest(), count: 100)
        let prepared = try #require(try service.prepare("ScoreBatch", payload: try batch.serializedData(), answerLimit: 1 << 22))
        let cancellation = CallCancellation()
        cancellation.cancel()
        var recorder: DecisionRecorder?
        #expect(throws: RPCError(.cancelled, "the call was cancelled or passed its deadline")) {
            try prepared.run(recorder: &recorder, cancellation: cancellation)
        }
    }

    @Test func storedTiersReadBackWhateverTheyHold() {
        let tiers = [(service: "school", tier: "evil\n=id"), (service: "=", tier: "")]
        let read = DecisionTiers.read(json: DecisionTiers.json(tiers))
        #expect(read.map(\.service) == ["school", "="] && read.map(\.tier) == ["evil\n=id", ""])
        #expect(DecisionTiers.read(json: "not json").isEmpty && DecisionTiers.read(json: "[[1, 2], [\"a\"]]").isEmpty)
        #expect(DecisionTiers.read(lines: "\n=\nschool=S1\n=").map(\.service) == ["", "school", ""])
    }
}
