import Foundation
import PointsCore
import PointsProtocol
import SwiftProtobuf

/// `score-bench [N]`: the cost of each step of a Score call, in-process, without the network.
@main
enum ScoreBench {
    static func measure(_ name: String, _ n: Int, _ body: () throws -> Void) rethrows {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<n { try body() }
        let ns = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(n)
        print(String(format: "%-34@ %8.2f µs", name as NSString, ns / 1000))
    }

    static func main() throws {
        let n = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 20_000
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples/bachelor-renting.yaml")
        let asOf = LocalDate(iso: "2025-06-01")!
        let document = try DocumentNode.parse(yaml: try String(contentsOf: example, encoding: .utf8))
        let scheme = try SchemeCatalog.builtIn().scheme(id: "guangzhou-hukou", asOf: asOf)
        var request = Points_V1_ScoreRequest()
        request.facts = Points_V1_Facts(facts: try FactsDecoder(registry: .canonical, asOf: asOf).decode(document))
        let bytes: [UInt8] = try request.serializedBytes()
        let facts = try FactsDecoder(registry: scheme.registry, asOf: asOf).decode(document)
        let full = try scheme.evaluate(facts, asOf: asOf)
        let summary = try scheme.evaluate(facts, asOf: asOf, explain: false)
        var response = Points_V1_ScoreResponse()
        response.card = Points_V1_ScoreCard(summary, detail: .summary)
        var fullResponse = Points_V1_ScoreResponse()
        fullResponse.card = Points_V1_ScoreCard(full)

        try measure("decode ScoreRequest", n) { _ = try Points_V1_ScoreRequest(serializedBytes: bytes) }
        try measure("wire facts -> FactSet", n) { _ = try request.facts.facts(decoder: FactsDecoder(registry: scheme.registry, asOf: asOf)) }
        try measure("evaluate (explained)", n) { _ = try scheme.evaluate(facts, asOf: asOf) }
        try measure("evaluate (summary)", n) { _ = try scheme.evaluate(facts, asOf: asOf, explain: false) }
        measure("card -> proto (full)", n) { _ = Points_V1_ScoreCard(full) }
        measure("card -> proto (summary)", n) { _ = Points_V1_ScoreCard(summary, detail: .summary) }
        try measure("serialize response (full)", n) { let _: [UInt8] = try fullResponse.serializedBytes() }
        try measure("serialize response (summary)", n) { let _: [UInt8] = try response.serializedBytes() }
        measure("summary encoded directly", n) { _ = summary.summaryResponseBytes() }
    }
}
