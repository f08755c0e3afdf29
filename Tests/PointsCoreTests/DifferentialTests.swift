import Foundation
@testable import PointsCore
import Testing

/// The numeric engine against the reference evaluator it replaced (kept in the tests):
/// seeded random applicants under every built-in scheme version and the Zhongshan-like test
/// scheme, explained and summary cards (totals, gates, every line with its explanation,
/// tiers, warnings) and missing-fact errors must be identical.
///
/// `POINTS_DIFFERENTIAL_APPLICANTS` sets how many per scheme (the README records a run of
/// 1,000,000).
@Suite struct DifferentialTests {
    static let applicants = ProcessInfo.processInfo.environment["POINTS_DIFFERENTIAL_APPLICANTS"].flatMap(Int.init) ?? 4_000

    static func schemes() throws -> [Scheme] {
        try SchemeCatalog.builtIn().schemes + [SchemeLoader.load(text: ServiceTierTests.zhongshanLike, source: "zhongshan-like.yaml")]
    }

    @Test(arguments: try! schemes().map { ($0.metadata.id, $0.metadata.version) })
    func theEngineAgreesWithTheReference(_ id: String, _ version: String) throws {
        let scheme = try Self.schemes().first { $0.metadata.id == id && $0.metadata.version == version }!
        let asOf = scheme.metadata.effectiveTo ?? LocalDate(iso: "2025-06-01")!
        var random = RandomApplicants(scheme: scheme, asOf: asOf, seed: (id + version).utf8.reduce(2025) { $0 &* 31 &+ UInt64($1) })
        var complete = 0, mismatches = 0
        for n in 0..<Self.applicants {
            let facts = random.next()
            for explain in [true, false] {
                let expected = Result { () throws(FactsError) in try scheme.referenceEvaluate(facts, asOf: asOf, explain: explain) }
                // Next steps are the engine's alone (the reference predates them).
                let actual = Result { () throws(FactsError) in try scheme.evaluate(facts, asOf: asOf, explain: explain).withoutNextSteps }
                switch (expected, actual) {
                case (.success(let a), .success(let b)):
                    if explain { complete += 1 }
                    if a != b {
                        mismatches += 1
                        if mismatches <= 3 { Issue.record("applicant \(n) (explain \(explain)):\n\(a.jsonText())\n---\n\(b.jsonText())") }
                    }
                case (.failure(let a), .failure(let b)):
                    if a.issues.map(\.description) != b.issues.map(\.description) {
                        mismatches += 1
                        if mismatches <= 3 { Issue.record("applicant \(n): errors differ: \(a) / \(b)") }
                    }
                default:
                    mismatches += 1
                    if mismatches <= 3 { Issue.record("applicant \(n): one engine scored, the other did not: \(expected) / \(actual)") }
                }
            }
        }
        #expect(mismatches == 0)
        // Most applicants are complete, so the comparison is mostly of cards.
        #expect(complete * 4 >= Self.applicants)
    }
}

extension ScoreCard {
    /// The same card with no next steps.
    var withoutNextSteps: ScoreCard {
        ScoreCard(scheme: scheme, asOf: asOf, total: total, rankingScore: rankingScore, tieBreakers: tieBreakers, qualified: qualified,
                  scores: scores, groups: groups, lines: lines, gates: gates, failedGates: failedGates, warnings: warnings, tiers: tiers,
                  rulesKnownOn: rulesKnownOn, channels: channels, undetermined: undetermined)
    }
}
