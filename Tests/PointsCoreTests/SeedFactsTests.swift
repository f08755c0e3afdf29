import Foundation
import PointsCore
import Testing

/// The facts the other seeds' rules read (POLICY.md §7): decoded like every fact, with the
/// vocabulary's defaults where a fact opens an optional path, and floor area as square metres.
@Suite struct SeedFactsTests {
    static let asOf = LocalDate(iso: "2025-06-01")!

    /// A scheme whose points read the new facts without declaring a default.
    static let scheme = try! SchemeLoader.load(text: """
        scheme: seed-facts
        version: "1"
        jurisdiction: {zh: 测试, en: Test}
        title: {zh: 测试, en: Test}
        effective_from: 2025-01-01
        legal_source: {zh: 测试, en: Test}
        groups:
          main:
            title: {zh: 主, en: main}
            indicators:
              - {id: veteran, title: {zh: 退役, en: veteran}, clause: c1, kind: flag, fact: veteran, points: 5}
              - {id: reunion, title: {zh: 投靠, en: reunion}, clause: c2, kind: flag, when: {fact: relation_to_host, in: [spouse, child, parent]}, points: 7}
              - {id: room, title: {zh: 面积, en: room}, clause: c3, kind: flag, when: {fact: per_capita_floor_area_m2, at_least: 15.5}, points: 3}
              - {id: contract, title: {zh: 合同, en: contract}, clause: c4, kind: per_unit, fact: labour_contract_months, unit: year, points: 1}
        scores:
          total: {title: {zh: 总, en: total}, groups: [main]}
        ranking: {score: total}
        """, source: "seed-facts.yaml")

    private func card(_ yaml: String) throws -> ScoreCard {
        try Self.scheme.score(document: try DocumentNode.parse(yaml: yaml), asOf: Self.asOf)
    }

    @Test func optionalPathsDefaultAndStatedFactsScore() throws {
        // Unsaid: not a veteran, no host, no contract; the floor area is needed where read.
        let plain = try card("per_capita_floor_area_m2: 15.49\n")
        #expect(plain.total == .zero && plain.lines.allSatisfy { $0.points == .zero })
        #expect(plain.lines.first { $0.id == "veteran" }?.facts.first?.defaulted == true)
        let stated = try card("veteran: true\nrelation_to_host: parent\nper_capita_floor_area_m2: \"15.50\"\nlabour_contract_months: 25\n")
        #expect(stated.total == Fixed(5 + 7 + 3 + 2))
    }

    @Test func floorAreaIsSquareMetresWithTwoPlaces() throws {
        let missing = #expect(throws: FactsError.self) { try card("veteran: true\n") }
        #expect(missing?.issues.map(\.fact) == ["per_capita_floor_area_m2"])
        let tooFine = #expect(throws: FactsError.self) { try card("per_capita_floor_area_m2: 15.555\n") }
        #expect(tooFine?.issues.first?.message.contains("expected square metres as a decimal with at most two places") == true, "\(String(describing: tooFine))")
        let absurd = #expect(throws: FactsError.self) { try card("per_capita_floor_area_m2: 2000000\n") }
        #expect(absurd?.issues.first?.message.contains("square metres is beyond any real amount") == true)
        let unknown = #expect(throws: FactsError.self) { try card("per_capita_floor_area_m2: 20\nrelation_to_host: cousin\n") }
        #expect(unknown?.issues.first?.message.contains("expected one of none, spouse, child, parent, grandchild, grandparent, sibling, other") == true)
    }

    @Test func anExpiryMayLieAheadButNotACenturyAndIsReadFromCSVToo() throws {
        let decoder = FactsDecoder(registry: FactRegistry.canonical, asOf: Self.asOf)
        let ahead = try decoder.decode(try DocumentNode.parse(yaml: "talent_card_valid_until: 2027-12-31\n"))
        #expect(ahead[FactRegistry.canonical.id(of: "talent_card_valid_until")!] == .date(LocalDate(iso: "2027-12-31")!))
        let far = #expect(throws: FactsError.self) { try decoder.decode(try DocumentNode.parse(yaml: "talent_card_valid_until: 2199-01-01\n")) }
        #expect(far?.issues.first?.message == "2199-01-01 is more than a century after 2025-06-01; give the real date")
        let born = #expect(throws: FactsError.self) { try decoder.decode(try DocumentNode.parse(yaml: "birth_date: 2027-12-31\n")) }
        #expect(born?.issues.first?.message.contains("is in the future") == true, "a birth date may not lie ahead")
        // A population file carries it as any cell.
        let scheme = try SchemeCatalog.builtIn().scheme(id: "qingyang-settlement", asOf: Self.asOf)
        let csv = "applicant_id,housing,stable_employment,talent_card_valid_until\nholder,none,false,2026-01-01\nexpired,none,false,2025-05-31\n"
        let rows = try Ranking.rank(.bytes(Array(csv.utf8)), format: .csv, scheme: scheme, asOf: Self.asOf, quota: 5).rows
        #expect(rows.first { $0.id == "holder" }?.admitted == true && rows.first { $0.id == "expired" }?.admitted == false, "\(rows)")
    }
}
