import PointsCore
import Testing

/// What `points validate` finds without any applicant: a gate, channel or tier no facts can
/// meet, and bands that break the order their indicator declares.
@Suite struct StaticChecksTests {
    let head = "scheme: x\nversion: \"1\"\njurisdiction: {zh: 甲, en: X}\ntitle: {zh: 甲, en: X}\neffective_from: 2018-01-01\nlegal_source: {zh: 甲, en: X}\n"

    func messages(_ body: String) -> [String] { schemeDiagnostics(head + body, source: "x.yaml").map(\.description) }

    @Test func conditionsNoFactsCanMeetAreRefusedAtTheirLine() {
        let contradiction = messages("channels:\n  - {id: a, title: {zh: 甲, en: A}, clause: c, when: {all: [{fact: housing, is: owned}, {fact: housing, in: [none, collective]}]}}\n")
        #expect(contradiction == ["x.yaml:8: channels[1].when: no applicant can meet this channel: its demands contradict each other (a value asked to be two things, or a range that is empty)"])
        let range = messages("gates:\n  - {id: g, title: {zh: 甲, en: G}, clause: c, require: {all: [{fact: residence_months, at_least: 36}, {fact: residence_months, at_most: 24}]}}\n")
        #expect(range.count == 1 && range[0].contains("gates[1].require: no applicant can meet this gate"), "\(range)")
        let negated = messages("services:\n  s:\n    title: {zh: 甲, en: S}\n    clause: c\n    tiers:\n      - {id: t, title: {zh: 甲, en: T}, clause: c, when: {all: [{fact: veteran, is: true}, {not: {fact: veteran, is: true}}]}}\n")
        #expect(negated.count == 1 && negated[0].contains("services.s.tiers[1].when: no applicant can meet this tier"), "\(negated)")
        let age = messages("gates:\n  - {id: g, title: {zh: 甲, en: G}, clause: c, require: {all: [{age: {at_least: 60}}, {any: [{age: {at_most: 30}}, {age: {at_most: 45}}]}]}}\n")
        #expect(age.count == 1, "\(age)")
        // Alternatives that can hold, and bounds that wait on a parameter, are fine.
        #expect(messages("channels:\n  - {id: a, title: {zh: 甲, en: A}, clause: c, when: {any: [{all: [{fact: housing, is: owned}, {fact: housing, is: none}]}, {fact: veteran, is: true}]}}\n") == [])
    }

    @Test func bandsBreakingTheirDeclaredOrderAreRefused() {
        let indicator = { (monotone: String, points: [Int]) in
            "groups:\n  g:\n    title: {zh: 甲, en: G}\n    indicators:\n      - id: tax\n        title: {zh: 甲, en: T}\n        clause: c\n        kind: bands\n        fact: income_tax_3y\n        monotone: \(monotone)\n        bands:\n"
                + points.enumerated().map { "          - {from: \($0 * 100), \($0 < points.count - 1 ? "to: \(($0 + 1) * 100), " : "")points: \($1)}\n" }.joined()
                + "scores:\n  total: {title: {zh: 总, en: total}, groups: [g]}\nranking: {score: total}\n"
        }
        #expect(messages(indicator("increasing", [0, 4, 8, 12])) == [])
        #expect(messages(indicator("decreasing", [30, 20, 20, 5])) == [])
        let broken = messages(indicator("increasing", [0, 8, 4, 12]))
        #expect(broken == ["x.yaml:20: groups.g.indicators[1].bands[3].points: 4 points from 200 is fewer than the 8 of the band before, but the indicator is declared monotone: increasing"], "\(broken)")
        #expect(messages(indicator("upwards", [0, 1])).first?.contains("expected increasing or decreasing") == true)
    }
}
