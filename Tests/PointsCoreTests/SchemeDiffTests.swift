import PointsCore
import Testing

/// `SchemeDiff`: changes by key path, items matched by id, the clause beside each.
@Suite struct SchemeDiffTests {
    let base = try! SchemeCatalog.builtIn().scheme(id: "guangzhou-hukou", asOf: LocalDate(iso: "2025-06-01")!).text

    @Test func aSchemeDiffersFromItselfInNothing() throws {
        let diff = try SchemeDiff(from: base, to: base)
        #expect(diff.changes.isEmpty)
        #expect(diff.text == "no differences\n")
    }

    @Test func aWeightAGateRemovedAndAnIndicatorAddedAreEachOneChangeWithTheirClause() throws {
        // 8 → 10 points a permit year; the criminal-record gate dropped; an indicator appended.
        var candidate = base.replacingOccurrences(of: "        unit: year\n        points: 8\n", with: "        unit: year\n        points: 10\n")
        candidate = candidate.replacingOccurrences(of: """
              - id: no_criminal_punishment
                title: {zh: 近5年内未受过刑事处罚, en: no criminal punishment in the last 5 years}
                clause: 穗府办规〔2023〕1号 申请条件（六）守法记录
                require: {fact: criminal_punishment_5y, is: false}

            """, with: "\n")
        candidate = candidate.replacingOccurrences(of: "      - id: housing\n", with: """
                  - id: extra
                    title: {zh: 额外, en: extra}
                    clause: test clause
                    kind: flag
                    fact: stable_employment
                    points: 1
                  - id: housing

            """)
        #expect(candidate != base)
        let diff = try SchemeDiff(from: base, to: candidate)
        let byPath = Dictionary(uniqueKeysWithValues: diff.changes.map { ($0.path, $0) })
        let weight = try #require(byPath["groups.basic.indicators[residence_permit].points"], "\(diff.text)")
        #expect(weight.old == "8" && weight.new == "10")
        #expect(weight.clause == "附件《指标体系及分值表》基础指标·居住证：每满1年计8分")
        let gate = try #require(byPath["gates[no_criminal_punishment]"], "\(diff.text)")
        #expect(gate.new == nil && gate.old?.hasPrefix("{id: no_criminal_punishment,") == true && gate.clause == "穗府办规〔2023〕1号 申请条件（六）守法记录")
        let added = try #require(byPath["groups.basic.indicators[extra]"], "\(diff.text)")
        #expect(added.old == nil && added.new?.contains("points: 1") == true && added.clause == "test clause")
        #expect(diff.changes.count == 3, "the indicators after the new one are matched by id, not moved: \(diff.text)")
        #expect(diff.text.contains("groups.basic.indicators[residence_permit].points: 8 → 10  (附件《指标体系及分值表》基础指标·居住证：每满1年计8分)"))
    }
}
