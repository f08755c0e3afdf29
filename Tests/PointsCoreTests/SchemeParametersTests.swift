import Foundation
import PointsCore
import Testing

/// Rules not on record: a scheme names a parameter without a value; a card that needs it does
/// not guess (qualified absent, `undetermined` naming it), and an operator sets it in a
/// parameter file of their own.
@Suite struct SchemeParametersTests {
    static let catalog = try! SchemeCatalog.builtIn()
    let asOf = LocalDate(iso: "2025-06-01")!
    let worker = "education: senior_secondary\nstable_employment: true\nhousing: rented_registered\npension_insurance_months: 30\nresidence_months: 40\nholds_residence_permit: true\n"

    func chongqing() throws -> Scheme { try Self.catalog.scheme(id: "chongqing-settlement", asOf: asOf) }

    @Test func aCardThatNeedsAnUnsetParameterIsUndetermined() throws {
        let card = try chongqing().score(document: try DocumentNode.parse(yaml: worker), asOf: asOf)
        #expect(card.qualified == nil)
        #expect(card.undetermined?.map(\.name) == ["min_insurance_months", "min_residence_months"])
        #expect(card.undetermined?.first?.setBy.zh.contains("渝府发〔2015〕54号") == true)
        #expect(card.channels?.map(\.holds) == [false, nil])
        let json = card.jsonText()
        #expect(!json.contains("\"qualified\"") && json.contains("\"undetermined\"") && json.contains("\"set_by\""))
        let text = card.text()
        #expect(text.contains("UNDETERMINED 尚不能确定") && text.contains("[open] 稳定就业和生活的普通劳动者"))
        #expect(text.contains("pension_insurance_months 30 ≥ min_insurance_months? (not on record)"), "\(text)")
        #expect(text.contains("to be set by Chongqing opinions on further hukou reform (Yu Fu Fa [2015] No. 54)"), "\(text)")
        // A summary says the same.
        let summary = try chongqing().score(document: try DocumentNode.parse(yaml: worker), asOf: asOf, explain: false)
        #expect(summary.qualified == nil && summary.undetermined == card.undetermined)
    }

    @Test func aParameterFileSetsTheValuesAndTheCardNamesIt() throws {
        let file = "parameters_for: {scheme: chongqing-settlement, version: \"2016\"}\nparameters:\n  min_insurance_months: 24\n  min_residence_months: 36\n"
        let base = try chongqing()
        let set = try SchemeLoader.load(text: file, source: "cq-params.yaml")
        #expect(set.metadata.id == base.metadata.id && set.metadata.version == base.metadata.version)
        #expect(set.metadata.source == "cq-params.yaml" && set.metadata.contentHash != base.metadata.contentHash)
        #expect(set.parameters.map(\.value) == [Fixed(24), Fixed(36)] && set.parameters.allSatisfy { $0.valueSource == "cq-params.yaml" })
        let card = try set.score(document: try DocumentNode.parse(yaml: worker), asOf: asOf)
        #expect(card.qualified == true && card.undetermined == nil)
        #expect(card.channels?.last?.reason.en == "stable_employment is true; housing is rented_registered; pension_insurance_months 30 ≥ 24; residence_months 40 ≥ 36")
        // The operator's file replaces the built-in version in a catalog.
        let catalog = try SchemeCatalog(SchemeCatalog.overlay([set], on: Self.catalog.schemes))
        #expect(try catalog.scheme(id: "chongqing-settlement", asOf: asOf).metadata.source == "cq-params.yaml")
        #expect(set.parameterFile == "cq-params.yaml" && base.parameterFile == nil)
        // A second file for the same version is refused at its own line, not the base file's.
        let again = try SchemeLoader.load(text: "# the same again\n" + file, source: "cq-again.yaml")
        #expect(SchemeCatalog.conflicts(in: [set, again]).map(\.description)
                == ["cq-again.yaml:4: parameters: chongqing-settlement version 2016 has its parameters set in cq-params.yaml too; keep one parameter file per version"])
    }

    @Test func brokenParameterFilesAndDeclarationsSayWhatAndWhere() throws {
        func messages(_ text: String) -> [String] { schemeDiagnostics(text, source: "p.yaml").map(\.description) }
        let target = "parameters_for: {scheme: chongqing-settlement, version: \"2016\"}\n"
        #expect(messages(target + "parameters:\n  min_insurance_month: 24\n  min_residence_months: 1.5\n") == [
            "p.yaml:3: parameters.min_insurance_month: the scheme declares no parameter 'min_insurance_month'; did you mean 'min_insurance_months'? it declares min_insurance_months, min_residence_months",
            "p.yaml:4: parameters.min_residence_months: expected a whole number of months, got 1.5",
        ])
        #expect(messages("parameters_for: {scheme: chongqing-settlement, version: \"2015\"}\nparameters: {a: 1}\n")
                == ["p.yaml:1: parameters_for: no scheme chongqing-settlement version 2015 to set parameters of; its built-in versions are 2016"])
        #expect(messages("parameters_for: {scheme: guangzhou-hukou, version: \"2023\"}\nparameters: {a: 1}\n").first == "p.yaml:2: parameters: scheme guangzhou-hukou 2023 declares no parameters to set")
        // In a scheme: a unit that does not measure the fact, a parameter no condition uses, and
        // points that would wait on one.
        let head = "scheme: x\nversion: \"1\"\njurisdiction: {zh: 甲, en: X}\ntitle: {zh: 甲, en: X}\neffective_from: 2018-01-01\nlegal_source: {zh: 甲, en: X}\n"
        let declared = "parameters:\n  area: {title: {zh: 面积, en: area}, clause: c, set_by: {zh: 甲, en: X}, unit: area}\n"
        let wrongUnit = messages(head + declared + "channels:\n  - {id: a, title: {zh: 甲, en: A}, clause: c, when: {fact: residence_months, at_least: {parameter: area}}}\n")
        #expect(wrongUnit.contains { $0.contains("parameter 'area' is in area, but fact 'residence_months' is months") }, "\(wrongUnit)")
        let unused = messages(head + declared + "channels:\n  - {id: a, title: {zh: 甲, en: A}, clause: c, when: {fact: stable_employment, is: true}}\n")
        #expect(unused.contains { $0.contains("p.yaml:8: parameters.area: declared but no condition uses it") }, "\(unused)")
        let points = messages(head + declared.replacingOccurrences(of: "unit: area", with: "unit: months")
            + "groups:\n  g:\n    title: {zh: 甲, en: G}\n    indicators:\n      - {id: i, title: {zh: 甲, en: I}, clause: c, kind: flag, fact: stable_employment, points: 5, when: {fact: residence_months, at_least: {parameter: area}}}\n"
            + "scores:\n  total: {title: {zh: 总, en: total}, groups: [g]}\nranking: {score: total}\n")
        #expect(points.contains { $0.contains("is not on record, and points cannot wait on it") }, "\(points)")
    }

    @Test func rankingSaysWhyAnUndeterminedApplicantIsNotRanked() throws {
        let scheme = try chongqing()
        let card = try scheme.score(document: try DocumentNode.parse(yaml: worker), asOf: asOf)
        #expect(card.qualified == nil)
        let csv = "applicant_id,education,stable_employment,housing,pension_insurance_months,residence_months,holds_residence_permit\n"
            + "a,bachelor,false,none,0,0,false\nb,senior_secondary,true,rented_registered,30,40,true\nc,primary,false,none,0,0,false\n"
        let rows = try Ranking.rank(.bytes(Array(csv.utf8)), format: .csv, scheme: scheme, asOf: asOf, quota: 10).rows
        #expect(rows.first { $0.id == "a" }?.admitted == true)
        #expect(rows.first { $0.id == "b" }?.reason == "undetermined: needs min_insurance_months, min_residence_months (not on record)")
        // No channel holding, the reason says so, with each channel's.
        #expect(rows.first { $0.id == "c" }?.reason.hasPrefix("not qualified: no channel holds (restrictions_lifted: education is primary") == true,
                "\(rows.first { $0.id == "c" }?.reason ?? "")")
    }

    /// A scheme whose gate may be waived by a rule not on record, whose first channel waits on
    /// one only inside a part that fails, and whose tier reads a child.
    static let mixed = try! SchemeLoader.load(text: """
        scheme: mixed
        version: "1"
        jurisdiction: {zh: 甲, en: X}
        title: {zh: 甲, en: X}
        effective_from: 2018-01-01
        legal_source: {zh: 甲, en: X}
        parameters:
          p1: {title: {zh: 一, en: one}, clause: c1, set_by: {zh: 甲, en: X}, unit: months}
          p2: {title: {zh: 二, en: two}, clause: c2, set_by: {zh: 甲, en: X}, unit: months}
        gates:
          - {id: g, title: {zh: 甲, en: G}, clause: c, require: {fact: stable_employment, is: true}, exempt_when: {fact: residence_months, at_least: {parameter: p1}}}
        channels:
          - {id: a, title: {zh: 甲, en: A}, clause: c, when: {any: [{all: [{fact: veteran, is: true}, {fact: pension_insurance_months, at_least: {parameter: p2}}]}, {fact: fresh_graduate, is: true}]}}
          - {id: b, title: {zh: 乙, en: B}, clause: c, when: {all: [{fact: settlement_place_kind, is: county_seat}, {fact: housing, is: owned}]}}
        services:
          s:
            title: {zh: 甲, en: S}
            clause: c
            tiers:
              - {id: t, title: {zh: 甲, en: T}, clause: c, when: {any: [{child: local_junior_high_record, is: true}, {fact: stable_employment, is: true}]}}
        """, source: "mixed.yaml")

    @Test func aWaitingGateDoesNotLeaveUndecidedWhatTheChannelsDecide() throws {
        let facts = "stable_employment: false\nresidence_months: 10\npension_insurance_months: 50\nhousing: none\n"
        for explain in [true, false] {
            let card = try Self.mixed.score(document: try DocumentNode.parse(yaml: facts), asOf: asOf, explain: explain)
            // Every channel fails, so the applicant does not qualify, whatever p1 turns out to be.
            #expect(card.qualified == false)
            // The gate waits on its exemption's parameter; p2, in a part that fails, decides nothing.
            #expect(card.gates.first?.passed == nil && card.failedGates.isEmpty && card.undetermined?.map(\.name) == ["p1"])
            #expect(card.channels?.map(\.holds) == [false, false])
            // A channel with a fact not stated says what else falls short too.
            #expect(card.channels?.last?.reason.en == "settlement_place_kind not stated; housing is none (needs owned)", "\(card.channels?.last?.reason.en ?? "")")
            #expect(card.tiers.first?.tier == nil)
        }
        let full = try Self.mixed.score(document: try DocumentNode.parse(yaml: facts), asOf: asOf)
        #expect(full.gates.first?.reason.en == "stable_employment is false (needs true); exemption undetermined: residence_months 10 ≥ p1? (not on record)",
                "\(full.gates.first?.reason.en ?? "")")
    }

    @Test func aTierThatHoldsWithoutTheChildDoesNotFailACardThatNamesNone() throws {
        let card = try Self.mixed.score(document: try DocumentNode.parse(yaml: "stable_employment: true\nresidence_months: 10\nhousing: owned\nsettlement_place_kind: county_seat\n"), asOf: asOf)
        #expect(card.tiers.first?.tier == "t" && card.qualified == true && card.undetermined == nil)
    }
}
