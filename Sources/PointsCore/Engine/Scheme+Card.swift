extension Scheme {
    /// The card of an evaluation: numbers from `result`, words from the scheme, and the
    /// explanations read back from the result's trace. Nothing is computed again.
    ///
    /// - Parameters:
    ///   - row: The facts `result` was evaluated from.
    ///   - explain: Whether lines carry their facts and explanations (false: a summary card,
    ///     with the same points, gates and reasons of failed gates).
    /// - Precondition: `result.isComplete`.
    public func card(_ row: FactRow, _ result: ScoreResult, explain: Bool) -> ScoreCard {
        var renderer = CardRenderer(plan: plan, row: row, result: result, explain: explain)
        var lines: [ScoreCard.Line] = []
        var groupTotals: [ScoreCard.Subtotal] = []
        lines.reserveCapacity(plan.lineCount)
        var line = 0
        for (g, group) in groups.enumerated() {
            for indicator in group.indicators {
                let explanation = explain ? renderer.indicator(indicator, person: 0) : RuleText.unexplained
                lines.append(ScoreCard.Line(id: indicator.id, group: group.id, title: indicator.title, clause: indicator.clause,
                                            facts: explain ? indicator.factRefs.compactMap { renderer.use($0) } : [],
                                            raw: result.lineRaw(line), points: result.linePoints(line), cap: indicator.cap,
                                            explanation: explanation))
                line += 1
            }
            groupTotals.append(ScoreCard.Subtotal(id: group.id, title: group.title, raw: result.groupRaw(g), points: result.groupPoints(g), cap: group.cap))
        }
        let scoreTotals = scores.enumerated().map { s, score in
            ScoreCard.Subtotal(id: score.id, title: score.title, raw: result.scoreRaw(s), points: result.scorePoints(s), cap: score.cap,
                               percentAdded: result.multiplied(s) ? score.multiplier?.percent : nil)
        }
        renderer.cursor = result.gateTrace
        let gateResults = gates.map { renderer.gate($0) }
        let tiers = tierResults(row, result)
        let warnings = warnings(result)
        let tieBreakers = ranking.tieBreakers.enumerated().map { i, tb in
            ScoreCard.TieBreakerValue(fact: tb.fact.name, descending: tb.descending, value: result.tieBreaker(i))
        }
        return ScoreCard(
            scheme: ScoreCard.SchemeInfo(id: metadata.id, version: metadata.version, title: metadata.title,
                                         legalSource: metadata.legalSource, contentHash: metadata.contentHash),
            asOf: result.asOf.description, total: result.total, rankingScore: result.rankingScore,
            tieBreakers: tieBreakers, qualified: result.qualified, scores: scoreTotals, groups: groupTotals, lines: lines,
            gates: gateResults, failedGates: gateResults.filter { !$0.passed }, warnings: warnings, tiers: tiers)
    }

    /// Every service's tier, with why (as every card words them).
    public func tierResults(_ row: FactRow, _ result: ScoreResult) -> [ScoreCard.TierResult] {
        var renderer = CardRenderer(plan: plan, row: row, result: result, explain: false)
        renderer.cursor = result.serviceTrace
        return services.enumerated().map { s, service in renderer.tier(service, index: result.tier(s)) }
    }

    /// The warnings of an evaluation (hours outside a per-year window).
    public func warnings(_ result: ScoreResult) -> [Bilingual] {
        result.warnings.map { warning -> Bilingual in
            guard case .perYear(let ref, _, _, _, let window) = plan.indicators[Int(warning.line)].rule else { return RuleText.unexplained }
            return Bilingual(zh: "\(warning.year)年的\(registry.definitions[ref.id].title.zh)在近\(window)年之外，不计分",
                             en: "\(ref.name) for \(warning.year) is outside the \(window)-year window and not counted")
        }
    }

    /// The gates that failed, with their reasons (as a summary card words them). Gates that
    /// hold are skipped, not worded.
    public func failedGates(_ row: FactRow, _ result: ScoreResult) -> [ScoreCard.GateResult] {
        var renderer = CardRenderer(plan: plan, row: row, result: result, explain: false)
        renderer.cursor = result.gateTrace
        var failed: [ScoreCard.GateResult] = []
        for (g, gate) in gates.enumerated() {
            let compiled = plan.gates[g]
            if result.gate(g) == .failed {
                failed.append(renderer.gate(gate))
                continue
            }
            if compiled.exempt >= 0 { renderer.cursor += plan.condTraceLengths[Int(compiled.exempt)] }
            if result.gate(g) != .exempt { renderer.cursor += plan.condTraceLengths[Int(compiled.require)] }
        }
        return failed
    }

    /// The error naming every fact the evaluation needed and found neither stated nor defaulted.
    public func missingFactsError(_ result: ScoreResult) -> FactsError {
        missingFactsError(result.missing.map { (id: $0.id, user: plan.users[Int($0.user)], spouse: $0.spouse) })
    }

    /// One issue per missing fact (the spouse's named `spouse.<fact>`), listing every rule that
    /// needed it, in the order they were found.
    func missingFactsError(_ missing: [(id: FactID, user: NeededBy, spouse: Bool)]) -> FactsError {
        var order: [String] = []
        var users: [String: [NeededBy]] = [:]
        for entry in missing {
            let name = (entry.spouse ? "spouse." : "") + registry.definitions[entry.id].name
            if users[name] == nil { order.append(name) }
            if !(users[name]?.contains(entry.user) ?? false) { users[name, default: []].append(entry.user) }
        }
        return FactsError(issues: order.map { name in
            FactIssue(fact: name, line: 0,
                      message: "missing; scheme \(metadata.id) \(metadata.version) needs it (\(users[name]!.map(\.description).joined(separator: ", "))) and declares no default")
        })
    }
}

/// Empty text, for what a summary card leaves out.
enum RuleText {
    static let unexplained = Bilingual(zh: "", en: "")
}
