import Foundation
import PointsCore
import Testing

/// Versions that carry `published_on`: a re-issue of the 2023 table published on 2025-10-01
/// (residence permit 10 points a year instead of 8) over the same dates. For a date both
/// cover, the later-published version is in force; with `rules known on` a day before its
/// publication, the 2023 table is (an appeal asks what the rules known on the decision day said).
@Suite struct BitemporalVersionsTests {
    static let builtIn = try! SchemeCatalog.builtIn()
    static let original = try! builtIn.scheme(id: "guangzhou-hukou", asOf: LocalDate(iso: "2025-06-01")!)

    static func reissue(published: String? = "2025-10-01") throws -> Scheme {
        var text = original.text.replacingOccurrences(of: "version: \"2023\"", with: "version: \"2023-reissue\"" + (published.map { "\npublished_on: \($0)" } ?? ""))
        text = text.replacingOccurrences(of: "        unit: year\n        points: 8\n", with: "        unit: year\n        points: 10\n")
        return try SchemeLoader.load(text: text, source: "reissue.yaml")
    }

    let asOf = LocalDate(iso: "2025-06-01")!
    let facts = try! DocumentNode.parse(yaml: "birth_date: 1990-03-15\nholds_residence_permit: true\nresidence_permit_months: 72\nresidence_permit_continuous_months: 72\nstable_employment: true\nhousing: owned\npension_insurance_months: 72\nmedical_insurance_months: 72\nunemployment_insurance_months: 72\ninjury_insurance_months: 72\nmaternity_insurance_months: 72\ncriminal_punishment_5y: false\n")

    @Test func theLaterPublishedVersionIsInForceUnlessTheRulesKnownPredateIt() throws {
        let catalog = try SchemeCatalog(Self.builtIn.schemes + [try Self.reissue()])
        #expect(try catalog.scheme(id: "guangzhou-hukou", asOf: asOf).metadata.version == "2023-reissue")
        #expect(try catalog.scheme(id: "guangzhou-hukou", asOf: asOf, knownOn: LocalDate(iso: "2025-10-01")!).metadata.version == "2023-reissue")
        let appeal = try catalog.scheme(id: "guangzhou-hukou", asOf: asOf, knownOn: LocalDate(iso: "2025-09-30")!)
        #expect(appeal.metadata.version == "2023")
        // Six years of permit: 60 points under the re-issue, 48 under the rules known before it.
        let card = try appeal.score(document: facts, asOf: asOf, rulesKnownOn: LocalDate(iso: "2025-09-30")!)
        #expect(card.lines.first { $0.id == "residence_permit" }?.points == Fixed(48) && card.rulesKnownOn == "2025-09-30")
        let reissued = try catalog.scheme(id: "guangzhou-hukou", asOf: asOf).score(document: facts, asOf: asOf)
        #expect(reissued.lines.first { $0.id == "residence_permit" }?.points == Fixed(60))
        #expect(reissued.scheme.publishedOn == "2025-10-01" && reissued.rulesKnownOn == nil)
        #expect(reissued.jsonText().contains("\"published_on\" : \"2025-10-01\"") && !reissued.jsonText().contains("rules_known_on"))
        #expect(card.text().contains("as of 2025-06-01  rules known on 2025-09-30"))
    }

    @Test func rulesNotYetKnownAreNamedNotGuessed() throws {
        let catalog = try SchemeCatalog(Self.builtIn.schemes + [try Self.reissue()])
        let error = #expect(throws: CatalogError.self) {
            try catalog.scheme(id: "guangzhou-hukou", asOf: asOf, knownOn: LocalDate(iso: "2022-12-01")!)
        }
        #expect(error?.description.hasPrefix("no version of guangzhou-hukou known on 2022-12-01 is in force on 2025-06-01") == true, "\(String(describing: error))")
        #expect(error?.description.contains("2023-reissue 2023-01-11…2026-12-31 (known from 2025-10-01)") == true, "\(String(describing: error))")
    }

    @Test func anOverlapWithoutAPublicationDayIsStillRefused() throws {
        let error = #expect(throws: SchemeLoadError.self) { try SchemeCatalog(Self.builtIn.schemes + [try Self.reissue(published: nil)]) }
        #expect(error?.diagnostics.first?.message.contains("overlaps 2023") == true, "\(String(describing: error))")
        // A "re-issue" published before the version it overlaps became known does not supersede it.
        #expect(throws: SchemeLoadError.self) { try SchemeCatalog(Self.builtIn.schemes + [try Self.reissue(published: "2022-01-01")]) }
    }
}
