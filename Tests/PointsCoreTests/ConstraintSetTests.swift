import Foundation
@testable import PointsCore
import Testing

/// Constraint sets bound the schemes that name them: each case under `ConstraintCases/` is a
/// scheme whose first line says what it breaks (`# breaks: SET RULE`, or `nothing`), computed
/// by hand from the seeds; loading it must refuse exactly that, at the line that breaks it,
/// with both clauses.
@Suite struct ConstraintSetTests {
    static func cases() -> [String] {
        let folder = Bundle.module.bundleURL.appendingPathComponent("ConstraintCases")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test(arguments: cases())
    func eachRuleBrokenAlone(_ name: String) throws {
        let text = try String(contentsOf: Bundle.module.bundleURL.appendingPathComponent("ConstraintCases/\(name)"), encoding: .utf8)
        let expected = try #require(text.split(separator: "\n").first?.split(separator: ":", maxSplits: 1).last).trimmingCharacters(in: .whitespaces)
        do {
            _ = try SchemeLoader.load(text: text, source: name)
            #expect(expected == "nothing", "\(name) loads, but should break \(expected)")
        } catch {
            #expect(expected != "nothing", "\(name) breaks nothing, but: \(error)")
            let parts = expected.split(separator: " ")
            for diagnostic in error.diagnostics {
                #expect(diagnostic.message.contains("breaks constraint \(parts[0]) rule \(parts[1]),"), "\(diagnostic)")
                let rule = try #require(try ConstraintSetLoader.builtIn().first { $0.id == parts[0] }?.rules.first { $0.id == parts[1] })
                #expect(diagnostic.message.contains("[\(rule.clause)]"), "the constraint's clause: \(diagnostic)")
                if diagnostic.path != "groups" { #expect(diagnostic.message.contains("cites [示例"), "the scheme's clause: \(diagnostic)") }
                #expect(diagnostic.line > 8, "at the line of what breaks it: \(diagnostic)")
            }
            #expect(!error.diagnostics.isEmpty)
        }
    }

    @Test func theBuiltInSetsLoadAndEveryRuleCitesItsClause() throws {
        let sets = try ConstraintSetLoader.builtIn()
        #expect(sets.map(\.id) == ["henan-2017", "national"])
        for set in sets {
            #expect(!set.rules.isEmpty)
            for rule in set.rules { #expect(!rule.clause.isEmpty && !rule.title.zh.isEmpty) }
        }
        let henan = try #require(sets.first)
        #expect(henan.rules.map(\.id) == ["capital_insurance_years", "prefecture_insurance_years", "no_purchase_investment_tax", "no_points_settlement"])
    }

    @Test func aSchemeBoundBySetsNamesItsKindAndKnownSets() throws {
        let base = "scheme: x\nversion: \"1\"\njurisdiction: {zh: 甲, en: X}\ntitle: {zh: 甲, en: X}\neffective_from: 2018-01-01\nlegal_source: {zh: 甲, en: X}\n"
            + "channels:\n  - {id: a, title: {zh: 甲, en: A}, clause: c, when: {fact: stable_employment, is: true}}\n"
        func messages(_ extra: String) -> [String] { schemeDiagnostics(base + extra, source: "x.yaml").map(\.description) }
        #expect(messages("bound_by: [henan-2017]\n").first?.contains("names its jurisdiction_kind") == true)
        #expect(messages("jurisdiction_kind: city\n").first?.contains("expected one of province, municipality, provincial_capital") == true)
        #expect(messages("jurisdiction_kind: town\nbound_by: [hebei-2017]\n").first?.contains("unknown constraint set 'hebei-2017'; known: henan-2017, national") == true)
        let scheme = try SchemeLoader.load(text: base + "jurisdiction_kind: town\nbound_by: [henan-2017, national]\n", source: "x.yaml")
        #expect(scheme.metadata.jurisdictionKind == "town" && scheme.metadata.boundBy == ["henan-2017", "national"])
    }
}
