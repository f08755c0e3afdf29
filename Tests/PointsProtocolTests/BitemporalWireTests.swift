import Foundation
import PointsCore
import PointsProtocol
import Testing

/// `published_on` and `rules_known_on` on the wire: a request's field read straight from its
/// bytes, and a card naming both written directly as swift-protobuf writes it.
@Suite struct BitemporalWireTests {
    @Test func aCardNamingBothDaysEncodesLikeSwiftProtobuf() throws {
        let asOf = LocalDate(iso: "2025-06-01")!, knownOn = LocalDate(iso: "2025-11-01")!
        let original = try SchemeCatalog.builtIn().scheme(id: "guangzhou-hukou", asOf: asOf)
        let scheme = try SchemeLoader.load(text: original.text.replacingOccurrences(of: "version: \"2023\"", with: "version: \"2023-reissue\"\npublished_on: 2025-10-01"),
                                           source: "reissue.yaml")
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/bachelor-renting.yaml")
        let document = try DocumentNode.parse(yaml: String(contentsOf: example, encoding: .utf8))
        let row = FactRow(try FactsDecoder(registry: scheme.registry, asOf: asOf).decode(document), registry: scheme.registry)
        let result = ScoreResult()
        scheme.evaluate(row, asOf: asOf, into: result)
        result.rulesKnownOn = knownOn
        for detail in [Points_V1_Detail.summary, .full] {
            let card = try scheme.score(document: document, asOf: asOf, explain: detail == .full, rulesKnownOn: knownOn)
            var response = Points_V1_ScoreResponse()
            response.card = Points_V1_ScoreCard(card, detail: detail)
            #expect(response.card.scheme.publishedOn == "2025-10-01" && response.card.rulesKnownOn == "2025-11-01")
            let direct = detail == .full ? scheme.fullResponseBytes(row, result) : scheme.summaryResponseBytes(row, result)
            #expect(direct == (try response.serializedData()), "\(detail)")
            if detail == .full { #expect(try ScoreCard(response.card) == card, "the card survives the wire") }
        }

        var request = Points_V1_ScoreRequest()
        request.asOf = "2025-06-01"
        request.rulesKnownOn = "2025-11-01"
        request.facts.birthDate = "1990-03-15"
        let bytes = try #require(ScoreRequestBytes(try request.serializedData()), "field 6 is read straight from the bytes")
        #expect(bytes.rulesKnownOn == "2025-11-01" && bytes.asOf == "2025-06-01")
    }
}
