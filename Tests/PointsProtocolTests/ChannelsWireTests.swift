import Foundation
import PointsCore
import PointsProtocol
import Testing

/// Settlement channels on the wire: written directly as swift-protobuf writes them, in
/// summaries and full cards, with a channel whose facts are not stated among them.
@Suite struct ChannelsWireTests {
    @Test func channelCardsEncodeLikeSwiftProtobuf() throws {
        let asOf = LocalDate(iso: "2025-06-01")!
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let scheme = try SchemeLoader.load(path: root.appendingPathComponent("Examples/settlement-channels.yaml").path)
        for facts in ["criminal_punishment_5y: false\nsettlement_place_kind: county_seat\nhousing: owned\nstable_employment: false\n",
                      "criminal_punishment_5y: false\nstable_employment: false\n"] {
            let document = try DocumentNode.parse(yaml: facts)
            let row = FactRow(try FactsDecoder(registry: scheme.registry, asOf: asOf).decode(document), registry: scheme.registry)
            let result = ScoreResult()
            scheme.evaluate(row, asOf: asOf, into: result)
            for detail in [Points_V1_Detail.summary, .full] {
                let card = try scheme.score(document: document, asOf: asOf, explain: detail == .full)
                var response = Points_V1_ScoreResponse()
                response.card = Points_V1_ScoreCard(card, detail: detail)
                #expect(response.card.channels.count == 3)
                let direct = detail == .full ? scheme.fullResponseBytes(row, result) : scheme.summaryResponseBytes(row, result)
                #expect(direct == (try response.serializedData()), "\(detail): \(facts)")
                if detail == .full { #expect(try ScoreCard(response.card) == card, "the card survives the wire") }
            }
        }
    }
}
