import Benchmark
import Foundation
import PointsCore
import PointsProtocol
import SwiftProtobuf

/// The README's worked example (Examples/bachelor-renting.yaml) under guangzhou-hukou, as a
/// fact row, a wire request and an evaluated result.
struct CardFixture: @unchecked Sendable {
    let scheme: Scheme
    let asOf = LocalDate(iso: "2025-06-01")!
    let row: FactRow
    let request: Data
    let result = ScoreResult()

    init() {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples/bachelor-renting.yaml")
        let document = try! DocumentNode.parse(yaml: try! String(contentsOf: example, encoding: .utf8))
        scheme = try! SchemeCatalog.builtIn().scheme(id: "guangzhou-hukou", asOf: asOf)
        let facts = try! FactsDecoder(registry: scheme.registry, asOf: asOf).decode(document)
        row = FactRow(facts, registry: scheme.registry)
        var message = Points_V1_ScoreRequest()
        message.facts = Points_V1_Facts(facts: try! FactsDecoder(registry: .canonical, asOf: asOf).decode(document))
        message.asOf = asOf.description
        message.detail = .summary
        request = try! message.serializedData()
        scheme.evaluate(row, asOf: asOf, into: result)
    }
}

/// Golden case 33: a 44-year-old 10 points short of 150, whose card searches its next steps
/// (a change of each fact a line reads, and the day waiting qualifies).
struct SearchFixture: @unchecked Sendable {
    let scheme: Scheme
    let asOf = LocalDate(iso: "2025-06-01")!
    let row: FactRow
    let result = ScoreResult()

    init() {
        let facts = """
        birth_date: 1980-12-20
        holds_residence_permit: true
        residence_permit_months: 61
        residence_permit_continuous_months: 61
        stable_employment: true
        housing: owned
        pension_insurance_months: 50
        medical_insurance_months: 50
        unemployment_insurance_months: 50
        injury_insurance_months: 50
        maternity_insurance_months: 50
        education: junior_college
        criminal_punishment_5y: false
        """
        scheme = try! SchemeCatalog.builtIn().scheme(id: "guangzhou-hukou", asOf: asOf)
        row = FactRow(try! FactsDecoder(registry: scheme.registry, asOf: asOf).decode(try! DocumentNode.parse(yaml: facts)), registry: scheme.registry)
        scheme.evaluate(row, asOf: asOf, into: result)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], scalingFactor: .kilo,
                                           maxDuration: .seconds(2))
    let fixture = CardFixture()

    Benchmark("summary card: evaluate a row into a reused result") { benchmark in
        let result = ScoreResult()
        fixture.scheme.evaluate(fixture.row, asOf: fixture.asOf, into: result)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            fixture.scheme.evaluate(fixture.row, asOf: fixture.asOf, into: result)
            blackHole(result.total)
        }
    }

    Benchmark("full card: evaluate and word the explained card into reused text") { benchmark in
        let result = ScoreResult()
        for _ in benchmark.scaledIterations {
            fixture.scheme.evaluate(fixture.row, asOf: fixture.asOf, into: result)
            fixture.scheme.render(fixture.row, result, explain: true, into: result.text)
            blackHole(result.text.en.count)
        }
    }

    Benchmark("full card as Swift values: evaluate and build the ScoreCard (JSON, text, CLI)") { benchmark in
        let result = ScoreResult()
        for _ in benchmark.scaledIterations {
            fixture.scheme.evaluate(fixture.row, asOf: fixture.asOf, into: result)
            blackHole(fixture.scheme.card(fixture.row, result, explain: true))
        }
    }

    Benchmark("wire decode: ScoreRequest bytes straight to a fact row") { benchmark in
        var row = FactRow(width: fixture.scheme.registry.count)
        for _ in benchmark.scaledIterations {
            let request = ScoreRequestBytes(fixture.request)!
            blackHole(request.fill(&row, reader: FactTextReader(scheme: fixture.scheme, asOf: fixture.asOf)))
        }
    }

    Benchmark("wire decode: ScoreRequest through swift-protobuf to a fact row (the slow way)") { benchmark in
        var row = FactRow(width: fixture.scheme.registry.count)
        for _ in benchmark.scaledIterations {
            let request = try Points_V1_ScoreRequest(serializedBytes: Array(fixture.request))
            blackHole(request.facts.fill(&row, reader: FactTextReader(scheme: fixture.scheme, asOf: fixture.asOf)))
        }
    }

    Benchmark("wire encode: summary ScoreResponse from the result (a reused result, as a server thread's)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(fixture.scheme.summaryResponseBytes(fixture.row, fixture.result))
        }
    }

    Benchmark("wire encode: full ScoreResponse from the result (word and write)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(fixture.scheme.fullResponseBytes(fixture.row, fixture.result))
        }
    }

    let search = SearchFixture()
    Benchmark("wire encode: full ScoreResponse of an applicant who does not qualify (next steps searched)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(search.scheme.fullResponseBytes(search.row, search.result))
        }
    }
}
