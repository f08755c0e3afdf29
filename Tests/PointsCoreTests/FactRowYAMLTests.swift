import Foundation
@testable import PointsCore
import Testing

/// The facts a case file keeps (`FactRow.yamlLines`) read back to the same row: every golden
/// case's facts (spouses, lists, records, hours by year), and texts YAML would otherwise fold,
/// refuse or read as something else.
@Suite struct FactRowYAMLTests {
    static let catalog = try! SchemeCatalog.builtIn()

    private func roundTrip(_ row: FactRow, _ scheme: Scheme, asOf: LocalDate) throws -> FactRow {
        let text = row.yamlLines(registry: scheme.registry).joined(separator: "\n") + "\n"
        let facts = try FactsDecoder(registry: scheme.registry, asOf: asOf).decode(try DocumentNode.parse(yaml: text))
        return FactRow(facts, registry: scheme.registry)
    }

    @Test func everyGoldenCasesFactsReadBack() throws {
        var compared = 0
        for golden in RegressionCase.all() where golden.expect["error"] == nil {
            let scheme = try Self.catalog.scheme(id: golden.scheme, asOf: golden.asOf)
            let row = FactRow(try FactsDecoder(registry: scheme.registry, asOf: golden.asOf).decode(golden.facts), registry: scheme.registry)
            let back = try roundTrip(row, scheme, asOf: golden.asOf)
            #expect(back.values == row.values && back.arena == row.arena && back.texts == row.texts, "\(golden)")
            compared += 1
        }
        #expect(compared > 40)
    }

    @Test func awkwardTextsAndAnEmptySpouseReadBack() throws {
        let asOf = LocalDate(iso: "2025-06-01")!
        let scheme = try Self.catalog.scheme(id: "guangzhou-hukou", asOf: asOf)
        var row = FactRow(width: scheme.registry.count)
        let district = try #require(scheme.registry.id(of: "district")), work = try #require(scheme.registry.id(of: "work_district"))
        row.set(district, .text("海珠 \"east\" #1: [a] \\ b\u{2028}c\u{85}d"))
        row.set(work, .text("null"))
        row.values[FactRef.spouse.id] = 1  // a spouse stated with no facts
        let lines = row.yamlLines(registry: scheme.registry)
        #expect(lines.contains("spouse: {}"), "\(lines)")
        let back = try roundTrip(row, scheme, asOf: asOf)
        #expect(back.texts == row.texts && back.hasSpouse, "\(lines)")
        #expect(YAMLText.scalar("rented_registered") == "rented_registered" && YAMLText.scalar("no") == "\"no\"" && YAMLText.scalar("a: b") == "\"a: b\"")
    }
}
