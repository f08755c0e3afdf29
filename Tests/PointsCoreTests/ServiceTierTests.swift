import PointsCore
import Testing

/// Several totals from one account, a percentage multiplier, and tiers over them (the
/// Zhongshan pattern of POLICY.md §2), computed by hand; and the loader's checks of the new keys.
@Suite struct ServiceTierTests {
    /// One account: basic (permit 2 a year), bonus (degree 10), deduction (−5 a penalty).
    /// School total = basic + bonus, +30 % outside the central districts; hukou total =
    /// basic + bonus + deduction. School places from 30, rental housing from 30, hukou from 60.
    static let zhongshanLike = """
        scheme: zhongshan-like
        version: "1"
        jurisdiction: {zh: 测试, en: Test}
        title: {zh: 测试, en: Test}
        effective_from: 2024-01-01
        legal_source: {zh: 测试, en: Test}
        facts:
          defaults: {police_penalties_5y: 0, education: none}
        groups:
          basic:
            title: {zh: 基础, en: basic}
            indicators:
              - {id: permit, title: {zh: 居住证, en: permit}, clause: c1, kind: per_unit, fact: residence_permit_months, unit: year, points: 2}
          bonus:
            title: {zh: 加分, en: bonus}
            indicators:
              - {id: degree, title: {zh: 学历, en: degree}, clause: c2, kind: lookup, fact: education, points: {bachelor: 10}}
          deduction:
            title: {zh: 扣分, en: deduction}
            indicators:
              - {id: penalty, title: {zh: 处罚, en: penalty}, clause: c3, kind: deduction, fact: police_penalties_5y, points: 5}
        scores:
          total: {title: {zh: 入户总分, en: hukou total}, groups: [basic, bonus, deduction]}
          school: {title: {zh: 入学总分, en: school total}, groups: [basic, bonus],
                   multiplier: {percent: 30, clause: c4, when: {fact: district, not_in: [shiqi, east, west, south]}}}
        services:
          school_places:
            title: {zh: 积分入学, en: school places}
            clause: c5
            score: school
            stages: [primary, junior_secondary]
            tiers:
              - {id: eligible, title: {zh: 可申请, en: may apply}, clause: c6, batch: 1, when: {score: school, at_least: 30}}
          rental_housing:
            title: {zh: 公租房, en: public rental housing}
            clause: c7
            tiers:
              - {id: eligible, title: {zh: 可申请, en: may apply}, clause: c8, when: {score: total, at_least: 30}}
          hukou:
            title: {zh: 入户, en: hukou}
            clause: c9
            tiers:
              - {id: eligible, title: {zh: 可申请, en: may apply}, clause: c10, when: {score: total, at_least: 60}}
        ranking: {score: school}
        """

    private func card(_ yaml: String) throws -> ScoreCard {
        let scheme = try SchemeLoader.load(text: Self.zhongshanLike, source: "zhongshan-like.yaml")
        return try scheme.score(document: try DocumentNode.parse(yaml: yaml), asOf: LocalDate(iso: "2025-06-01")!)
    }

    @Test func anOuterTownAddsThirtyPercentToTheSchoolTotalOnly() throws {
        // Permit 10 years = 20, bachelor 10, one penalty −5: hukou 25; school (20 + 10) × 1.3 = 39.
        let card = try card("{residence_permit_months: 120, education: bachelor, police_penalties_5y: 1, district: tanzhou}")
        let school = try #require(card.scores.first { $0.id == "school" })
        #expect(school.raw == Fixed(30) && school.points == Fixed(39) && school.percentAdded == Fixed(30))
        #expect(card.total == Fixed(25) && card.rankingScore == Fixed(39))
        #expect(card.tiers.map(\.service) == ["school_places", "rental_housing", "hukou"])
        #expect(card.tiers.map { $0.tier ?? "none" } == ["eligible", "none", "none"])
        #expect(card.tiers[0].score == Fixed(39) && card.tiers[0].batch == 1 && card.tiers[1].score == Fixed(25))
        #expect(card.tiers[1].reason.en.contains("25 < 30"))
    }

    @Test func aCentralDistrictGetsNoMultiplier() throws {
        // Permit 35 years = 70 (far over): school 70, hukou 70: every tier open.
        let card = try card("{residence_permit_months: 420, district: shiqi}")
        let school = try #require(card.scores.first { $0.id == "school" })
        #expect(school.points == Fixed(70) && school.percentAdded == nil)
        #expect(card.tiers.allSatisfy { $0.tier == "eligible" })
    }

    @Test func theMultiplierRoundsByTheSchemeRule() throws {
        // Permit 1 year = 2: 2 × 1.3 = 2.6 exactly; 7 years = 14: 14 × 1.3 = 18.2.
        #expect(try card("{residence_permit_months: 12, district: tanzhou}").rankingScore == Fixed(decimal: "2.6"))
        #expect(try card("{residence_permit_months: 84, district: tanzhou}").rankingScore == Fixed(decimal: "18.2"))
    }

    @Test func theEnrolmentAnswerWithholdsReasonsThatReadIncomeOrTax() throws {
        // A school tier that (unusually) reads income tax: the card explains it, the education
        // bureau's answer does not.
        let text = Self.zhongshanLike.replacingOccurrences(
            of: "when: {score: school, at_least: 30}}",
            with: "when: {all: [{score: school, at_least: 30}, {fact: income_tax_3y, at_least: 10000}]}}")
            .replacingOccurrences(of: "defaults: {police_penalties_5y: 0, education: none}", with: "defaults: {police_penalties_5y: 0, education: none, income_tax_3y: 0}")
        let scheme = try SchemeLoader.load(text: text, source: "zhongshan-like.yaml")
        let asOf = LocalDate(iso: "2025-06-01")!
        let facts = try FactsDecoder(registry: scheme.registry, asOf: asOf)
            .decode(try DocumentNode.parse(yaml: "{residence_permit_months: 240, income_tax_3y: 45678, district: shiqi}"))
        let card = try scheme.evaluate(facts, asOf: asOf)
        #expect(card.tiers[0].tier == "eligible" && card.tiers[0].reason.en.contains("45678"))
        let answer = try scheme.enrolmentTier(parent: facts, child: ChildFacts(stage: "primary"), asOf: asOf)
        #expect(answer.tier == "eligible" && answer.batch == 1 && answer.score == Fixed(40))
        #expect(!answer.reason.en.contains("45678") && answer.reason.en.contains("not shown") && !answer.jsonText().contains("45678"))
        #expect(throws: EnrolmentError.self) { try scheme.enrolmentTier(parent: facts, child: ChildFacts(stage: "senior_secondary"), asOf: asOf) }
    }

    @Test(arguments: [
        ("stages: [primary, junior_secondary]", "stages: [kindergarten]", "expected a school stage"),
        ("{id: eligible, title: {zh: 可申请, en: may apply}, clause: c6, batch: 1, when: {score: school, at_least: 30}}",
         "{id: eligible, title: {zh: 可申请, en: may apply}, clause: c6, batch: 1}", "missing 'when'"),
        ("when: {fact: district, not_in: [shiqi, east, west, south]}", "when: {score: total, at_least: 1}", "cannot read a score"),
        ("score: school\n", "score: schol\n", "unknown score 'schol'"),
        ("{id: eligible, title: {zh: 可申请, en: may apply}, clause: c8, when: {score: total, at_least: 30}}",
         "{id: eligible, title: {zh: 可申请, en: may apply}, clause: c8, when: {score: total, at_least: 30}}\n      - {id: eligible, title: {zh: b, en: b}, clause: c, when: {score: total, at_least: 1}}", "duplicate tier id 'eligible'"),
        ("batch: 1,", "batch: 0,", "must be within 1...9"),
        ("kind: per_unit, fact: residence_permit_months, unit: year, points: 2}", "kind: per_unit, fact: residence_permit_months, unit: year, points: 2, pool_spouse: maybe}", "expected true or false"),
    ])
    func rejects(_ original: String, _ broken: String, _ message: String) {
        #expect(Self.zhongshanLike.contains(original), "the fixture holds the text the case replaces")
        let found = schemeDiagnostics(Self.zhongshanLike.replacingOccurrences(of: original, with: broken))
        #expect(found.contains { $0.message.contains(message) && $0.line > 0 }, "\(found)")
    }
}
