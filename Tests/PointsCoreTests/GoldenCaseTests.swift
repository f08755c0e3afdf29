import PointsCore
import Testing

/// Runs every golden case under `Cases/`: the totals, ranking score, qualification, failed
/// and exempt gates, and every line's points must match the hand computation. Lines a case
/// does not list must score 0.
@Suite struct GoldenCaseTests {
    static let catalog = try! SchemeCatalog.builtIn()

    @Test(arguments: GoldenCase.all())
    func goldenCase(_ golden: GoldenCase) throws {
        let expect = golden.expect
        if let error = expect["error"]?.scalar {
            try expectError(error, golden)
            return
        }
        let scheme = try Self.catalog.scheme(id: golden.scheme, asOf: golden.asOf)
        let card = try scheme.score(document: golden.facts, asOf: golden.asOf)
        #expect(card.scheme.version == expect["version"]?.scalar)
        #expect(card.total == Fixed(decimal: expect["total"]!.scalar!))
        #expect(card.rankingScore == Fixed(decimal: expect["ranking_score"]!.scalar!))
        #expect(card.qualified == (expect["qualified"]!.scalar == "true"))
        #expect(card.failedGates.map(\.id) == expect["failed_gates"]!.scalarList)
        #expect(card.gates.filter(\.exempt).map(\.id) == (expect["exempt_gates"]?.scalarList ?? []))
        let expectedLines = Dictionary(uniqueKeysWithValues: (expect["lines"]?.entries ?? []).map { ($0.key, Fixed(decimal: $0.value.scalar!)!) })
        for key in expectedLines.keys {
            #expect(card.lines.contains { $0.id == key }, "case lists line \(key), which the card lacks")
        }
        for line in card.lines {
            #expect(line.points == expectedLines[line.id] ?? .zero, "line \(line.id): \(line.explanation.en)")
        }
        for entry in expect["raw"]?.entries ?? [] {
            #expect(card.lines.first { $0.id == entry.key }?.raw == Fixed(decimal: entry.value.scalar!), "raw of \(entry.key)")
        }
        #expect(card.warnings.count == Int(expect["warnings"]?.scalar ?? "0"))
        for entry in expect["scores"]?.entries ?? [] {
            #expect(card.scores.first { $0.id == entry.key }?.points == Fixed(decimal: entry.value.scalar!), "score \(entry.key)")
        }
        let expectedTiers = expect["tiers"]?.entries ?? []
        #expect(card.tiers.map(\.service) == expectedTiers.map(\.key), "every service's tier is listed, in scheme order")
        for entry in expectedTiers {
            let tier = card.tiers.first { $0.service == entry.key }
            let expectedTier = entry.value["tier"]?.scalar
            #expect(tier?.tier ?? "none" == expectedTier, "tier of \(entry.key): \(tier?.reason.en ?? "absent")")
            #expect(tier?.batch == entry.value["batch"]?.scalar.flatMap { Int($0) }, "batch of \(entry.key)")
            #expect(!(tier?.reason.en.isEmpty ?? true) && !(tier?.reason.zh.isEmpty ?? true), "the tier says why")
        }

        try expectNextSteps(card, golden)

        // A summary card has the same points, qualification and failed gates with their reasons.
        let summary = try scheme.score(document: golden.facts, asOf: golden.asOf, explain: false)
        #expect(summary.total == card.total && summary.rankingScore == card.rankingScore && summary.qualified == card.qualified)
        #expect(summary.lines.map(\.points) == card.lines.map(\.points))
        #expect(summary.failedGates == card.failedGates)
        #expect(summary.tiers == card.tiers)
        #expect(summary.lines.allSatisfy { $0.explanation.en.isEmpty && $0.facts.isEmpty })
        #expect(summary.nextSteps == nil, "a summary leaves next steps out")
    }

    /// The card's next steps, when the case lists them: the same kinds and ids in order, each
    /// listed field equal, and every step citing a clause in both languages' words.
    private func expectNextSteps(_ card: ScoreCard, _ golden: GoldenCase) throws {
        let steps = try #require(card.nextSteps, "a full card has next steps")
        for step in steps {
            #expect(!step.clause.isEmpty && !step.text.zh.isEmpty && !step.text.en.isEmpty, "\(step.kind) \(step.id) cites a clause and says what to do")
        }
        guard let expected = golden.expect["next_steps"]?.items else { return }
        #expect(steps.map { "\($0.kind.rawValue) \($0.id)" } == expected.map { "\($0["kind"]!.scalar!) \($0["id"]!.scalar!)" })
        for (step, want) in zip(steps, expected) {
            let actual: [String: String?] = ["fact": step.fact, "from": step.from, "to": step.to, "date": step.date, "points": step.points?.description]
            for entry in want.entries ?? [] where entry.key != "kind" && entry.key != "id" {
                #expect(actual[entry.key] == .some(entry.value.scalar), "\(step.kind) \(step.id): \(entry.key) (\(step.text.en))")
            }
        }
    }

    private func expectError(_ kind: String, _ golden: GoldenCase) throws {
        switch kind {
        case "no_version_in_force":
            #expect(throws: CatalogError.self) { try Self.catalog.scheme(id: golden.scheme, asOf: golden.asOf) }
        case "missing_facts":
            let scheme = try Self.catalog.scheme(id: golden.scheme, asOf: golden.asOf)
            let error = #expect(throws: FactsError.self) { try scheme.score(document: golden.facts, asOf: golden.asOf) }
            #expect(Set(error?.issues.map(\.fact) ?? []) == Set(golden.expect["facts"]!.scalarList))
        default:
            Issue.record("unknown expected error '\(kind)' in \(golden.file)")
        }
    }

    @Test func everyIndicatorOfTheGuangzhouTableIsExercised() throws {
        let cases = GoldenCase.all().filter { $0.scheme == "guangzhou-hukou" }
        let exercised = Set(cases.flatMap { $0.expect["lines"]?.entries?.map(\.key) ?? [] })
        for scheme in Self.catalog.versions(of: "guangzhou-hukou") {
            for indicator in scheme.groups.flatMap(\.indicators) {
                #expect(exercised.contains(indicator.id), "no golden case gives points for \(indicator.id) (\(scheme.metadata.version))")
            }
        }
        #expect(cases.count >= 20)
    }
}
