import Foundation
import PointsCore
import Testing

/// Runs every golden case under `Cases/`: the card must say what the hand computation says
/// (`RegressionCase.mismatches`: totals, ranking score, qualification, failed and exempt gates,
/// every line's points, 0 for lines a case does not list, raw points, scores, tiers, next
/// steps), and hold what every card must: reasons for tiers, clauses for next steps, a summary
/// with the same numbers.
@Suite struct GoldenCaseTests {
    static let catalog = try! SchemeCatalog.builtIn()

    @Test(arguments: RegressionCase.all())
    func goldenCase(_ golden: RegressionCase) throws {
        #expect(golden.mismatches(in: Self.catalog) == [])
        guard golden.expect["error"] == nil else { return }
        let scheme = try golden.scheme(in: Self.catalog)
        let card = try scheme.score(document: golden.facts, asOf: golden.asOf)
        for tier in card.tiers {
            #expect(!tier.reason.en.isEmpty && !tier.reason.zh.isEmpty, "the tier of \(tier.service) says why")
        }
        let steps = try #require(card.nextSteps, "a full card has next steps")
        for step in steps {
            #expect(!step.clause.isEmpty && !step.text.zh.isEmpty && !step.text.en.isEmpty, "\(step.kind) \(step.id) cites a clause and says what to do")
        }

        // A summary card has the same points, qualification and failed gates with their reasons.
        let summary = try scheme.score(document: golden.facts, asOf: golden.asOf, explain: false)
        #expect(summary.total == card.total && summary.rankingScore == card.rankingScore && summary.qualified == card.qualified)
        #expect(summary.lines.map(\.points) == card.lines.map(\.points))
        #expect(summary.failedGates == card.failedGates)
        #expect(summary.tiers == card.tiers)
        #expect(summary.lines.allSatisfy { $0.explanation.en.isEmpty && $0.facts.isEmpty })
        #expect(summary.nextSteps == nil, "a summary leaves next steps out")
        if scheme.channels.isEmpty {
            #expect(card.channels == nil && !card.jsonText().contains("\"channels\""), "a scheme without channels has none on its card")
        }
        #expect(card.qualified != nil || card.undetermined != nil, "an undetermined card names what it waits on")
        #expect(card.qualified != nil || !card.jsonText().contains("\"qualified\""), "an undetermined card has no qualified key")
    }

    @Test func theCaseCheckerNamesWhatDiffers() throws {
        let text = try #require(RegressionCase.all().first { $0.source.hasSuffix("01-worked-example.yaml") }).source
        let file = Bundle.module.bundleURL.appendingPathComponent("Cases/\(text)")
        let original = try String(contentsOf: file, encoding: .utf8)
        func mismatches(_ old: String, _ new: String) throws -> [String] {
            #expect(original.contains(old))
            return try RegressionCase(text: original.replacingOccurrences(of: old, with: new), source: "edited.yaml").mismatches(in: Self.catalog)
        }
        #expect(try mismatches("  total: 200\n", "  total: 201\n") == ["total: 200 where 201 was expected"])
        #expect(try mismatches("    education: 30\n", "") == ["line education: 30 where 0 was expected"])
        #expect(try mismatches("  failed_gates: []\n", "  failed_gates: [age]\n") == ["failed_gates: [] where [age] was expected"])
        #expect(try mismatches("    age: 30\n", "    age: 30\n    patents: 5\n") == ["line patents: the card has no such line"])
        #expect(try mismatches("  education: bachelor\n", "  education: doctor\n").first?.hasPrefix("cannot be scored:") == true)
        #expect(throws: DocumentError.self) { try RegressionCase(text: "scheme: x\nas_of: 2025-13-01\nfacts: {}\nexpect: {}\n", source: "bad.yaml") }
    }

    @Test func everyIndicatorOfTheGuangzhouTableIsExercised() throws {
        let cases = RegressionCase.all().filter { $0.scheme == "guangzhou-hukou" }
        let exercised = Set(cases.flatMap { $0.expect["lines"]?.entries?.map(\.key) ?? [] })
        for scheme in Self.catalog.versions(of: "guangzhou-hukou") {
            for indicator in scheme.groups.flatMap(\.indicators) {
                #expect(exercised.contains(indicator.id), "no golden case gives points for \(indicator.id) (\(scheme.metadata.version))")
            }
        }
        #expect(cases.count >= 20)
    }
}
