import PointsCore
import Testing

/// A broken scheme is rejected with `file:line: key.path: what to fix`, every problem at once.
@Suite struct SchemeValidationTests {
    /// A minimal valid scheme with `indicator` spliced into its only group.
    private func scheme(indicator: String, extra: String = "", from: String = "2024-01-01", to: String = "2024-12-31") -> String {
        """
        scheme: test
        version: "\(from.prefix(4))"
        jurisdiction: {zh: 测试, en: Test}
        title: {zh: 测试, en: Test}
        effective_from: \(from)
        effective_to: \(to)
        legal_source: {zh: 测试, en: Test}
        \(extra)
        groups:
          main:
            title: {zh: 主, en: main}
            indicators:
        \(indicator)
        scores:
          total: {title: {zh: 总, en: total}, groups: [main]}
        ranking: {score: total}
        """
    }

    @Test(arguments: [
        ("      - {id: a, title: {zh: a, en: a}, clause: c, kind: teleport, fact: blood_donations}", "unknown kind 'teleport'"),
        ("      - {id: a, title: {zh: a, en: a}, clause: c, kind: flag, fact: blood_donations, points: 2}", "fact 'blood_donations' is count, but this needs a flag"),
        ("      - {id: a, title: {zh: a, en: a}, clause: c, kind: per_unit, fact: housing, unit: year, points: 1}", "needs months, a count or yuan"),
        ("      - {id: a, title: {zh: a, en: a}, clause: c, kind: lookup, fact: education, points: {phd: 3}}", "'phd' is not a value of this fact"),
        ("      - {id: a, title: {zh: a, en: a}, kind: flag, fact: urgent_trade, points: 2}", "missing 'clause'"),
        ("      - {id: a, title: {zh: a, en: a}, clause: c, kind: flag, fact: urgent_trade, points: 2, bonus: 3}", "unknown key"),
        ("      - {id: a, title: {zh: a, en: a}, clause: c, kind: flag, fact: urgent_trade, points: 0.12345}", "at most four decimal places"),
        ("      - {id: a, title: {zh: a, en: a}, clause: c, kind: per_unit, fact: rnd_months, unit: month, points: 99999999999999}", "beyond any real scheme"),
        ("      - {id: a, title: {zh: a, en: a}, clause: c, kind: bands, fact: income_tax_3y, bands: [{from: 0, to: 10, points: 1}, {from: 20, points: 2}]}", "is not covered"),
        ("      - {id: a, title: {zh: a, en: a}, clause: c, kind: flag, fact: urgent_trade, points: 2}\n      - {id: a, title: {zh: b, en: b}, clause: c, kind: flag, fact: urgent_trade, points: 2}", "duplicate indicator id 'a'"),
        ("      - {id: a, title: {zh: a, en: a}, clause: c, kind: flag, when: {fact: housing, is: palace}, points: 2}", "'palace' is not a value of housing"),
        ("      - {id: a, title: {zh: a, en: a}, clause: c, kind: flag, when: {score: total, at_least: 3}, points: 2}", "cannot read a score"),
    ])
    func rejects(_ indicator: String, _ message: String) {
        let found = schemeDiagnostics(scheme(indicator: indicator))
        #expect(found.contains { $0.message.contains(message) }, "\(found)")
        #expect(found.allSatisfy { $0.file == "test.yaml" && $0.line > 0 })
    }

    @Test func gatesNameScoresThatExist() {
        let indicator = "      - {id: a, title: {zh: a, en: a}, clause: c, kind: flag, fact: urgent_trade, points: 5}"
        let gate = "gates:\n  - {id: g, title: {zh: g, en: g}, clause: c, require: {score: nonsense, at_least: 3}}"
        #expect(schemeDiagnostics(scheme(indicator: indicator, extra: gate)).contains { $0.message.contains("unknown score 'nonsense'") && $0.path == "gates[1].require.score" })
    }

    @Test func reportsEveryProblemInFileOrder() {
        let text = scheme(indicator: """
              - {id: a, title: {zh: a, en: a}, clause: c, kind: flag, fact: no_such_fact, points: 2}
              - {id: b, title: {zh: b, en: b}, clause: c, kind: flag, fact: urgent_trade, points: 2, cap: -1}
        """)
        let found = schemeDiagnostics(text)
        #expect(found.count == 2)
        #expect(found.map(\.line) == found.map(\.line).sorted())
        #expect(found[0].description.hasPrefix("test.yaml:13: groups.main.indicators[1].fact: unknown fact 'no_such_fact'"))
    }

    @Test func extraFactsAndDefaultsAreTyped() throws {
        let ok = scheme(indicator: "      - {id: a, title: {zh: a, en: a}, clause: c, kind: flag, fact: green_card, points: 5}",
                        extra: "facts:\n  extra:\n    green_card: {type: bool, default: false, title: {zh: 人才卡, en: talent card}}")
        let compiled = try SchemeLoader.load(text: ok, source: "ok.yaml")
        let card = try compiled.score(document: try DocumentNode.parse(yaml: "green_card: true"), asOf: LocalDate(iso: "2024-06-01")!)
        #expect(card.total == Fixed(5))
        let bad = scheme(indicator: "      - {id: a, title: {zh: a, en: a}, clause: c, kind: flag, fact: urgent_trade, points: 5}",
                         extra: "facts:\n  defaults:\n    urgent_trade: maybe")
        #expect(schemeDiagnostics(bad).contains { $0.path == "facts.defaults.urgent_trade" })
    }

    @Test func overlappingVersionsOfOneSchemeAreRejected() throws {
        let indicator = "      - {id: a, title: {zh: a, en: a}, clause: c, kind: flag, fact: urgent_trade, points: 5}"
        let first = try SchemeLoader.load(text: scheme(indicator: indicator, from: "2024-01-01", to: "2025-12-31"), source: "v2024.yaml")
        let second = try SchemeLoader.load(text: scheme(indicator: indicator, from: "2025-06-01", to: "2026-12-31"), source: "v2025.yaml")
        let conflicts = SchemeCatalog.conflicts(in: [first, second])
        #expect(conflicts.count == 1)
        #expect(conflicts.first?.description.hasPrefix("v2025.yaml:5: effective_from:") == true)
        #expect(throws: SchemeLoadError.self) { try SchemeCatalog([first, second]) }
    }

    @Test func aBrokenYAMLFileGivesItsLine() {
        let found = schemeDiagnostics("scheme: x\ngroups: [unclosed\n")
        #expect(found.count == 1)
        #expect(found[0].line >= 2)
    }
}
