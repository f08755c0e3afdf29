extension Scheme {
    /// Scores one applicant.
    ///
    /// - Parameters:
    ///   - facts: The applicant's facts, decoded against this scheme's registry.
    ///   - asOf: The evaluation date (age, windows, and the version's choice).
    ///   - explain: Whether lines carry their facts and explanations (false: a summary card,
    ///     the same points, gates and reasons, at a fraction of the cost).
    /// - Returns: The score card.
    /// - Throws: `FactsError` naming every fact the scheme needs that is absent and has no default.
    public func evaluate(_ facts: FactSet, asOf: LocalDate, explain: Bool = true) throws(FactsError) -> ScoreCard {
        var context = EvaluationContext(scheme: self, facts: facts, asOf: asOf, explain: explain)
        var lines: [ScoreCard.Line] = []
        var groupTotals: [ScoreCard.Subtotal] = []
        for group in groups {
            var raw = Fixed.zero
            for indicator in group.indicators {
                guard let (outcome, points) = indicator.evaluate(&context) else { continue }
                raw += points
                lines.append(ScoreCard.Line(id: indicator.id, group: group.id, title: indicator.title, clause: indicator.clause,
                                            facts: explain ? indicator.factRefs.compactMap { context.use($0) } : [], raw: outcome.raw,
                                            points: points, cap: indicator.cap, explanation: outcome.explanation))
            }
            groupTotals.append(ScoreCard.Subtotal(id: group.id, title: group.title, raw: raw, points: raw.limited(to: group.cap), cap: group.cap))
        }
        let scoreTotals = scores.map { score(of: $0, groupTotals, &context) }
        context.scores = scoreTotals.map(\.points)
        let gateResults = gates.compactMap { evaluate($0, &context) }
        let tiers = services.compactMap { tier(of: $0, &context) }
        if !context.missing.isEmpty { throw missingFactsError(context.missing) }
        let failed = gateResults.filter { !$0.passed }
        let tieBreakers = ranking.tieBreakers.map { tb in
            ScoreCard.TieBreakerValue(fact: tb.fact.name, descending: tb.descending, value: (facts[tb.fact.id] ?? defaults[tb.fact.id])?.numeric)
        }
        return ScoreCard(
            scheme: ScoreCard.SchemeInfo(id: metadata.id, version: metadata.version, title: metadata.title,
                                         legalSource: metadata.legalSource, contentHash: metadata.contentHash),
            asOf: asOf.description, total: scoreTotals[totalScore].points, rankingScore: scoreTotals[ranking.score].points,
            tieBreakers: tieBreakers, qualified: failed.isEmpty, scores: scoreTotals, groups: groupTotals, lines: lines,
            gates: gateResults, failedGates: failed, warnings: context.warnings, tiers: tiers)
    }

    /// A named score: the sum of its groups, plus its multiplier's percentage when that
    /// applies, then capped.
    private func score(of score: ScoreDefinition, _ groupTotals: [ScoreCard.Subtotal], _ context: inout EvaluationContext) -> ScoreCard.Subtotal {
        let raw = score.groups.reduce(Fixed.zero) { $0 + groupTotals[$1].points }
        var points = raw, percentAdded: Fixed?
        if let multiplier = score.multiplier,
           multiplier.when.evaluate(&context, user: NeededBy(isGate: false, id: "score \(score.id)"), reasons: .never)?.holds == true {
            points = rounding.divide(raw * (Fixed(100) + multiplier.percent).units, by: 100 * Fixed.scale)
            percentAdded = multiplier.percent
        }
        return ScoreCard.Subtotal(id: score.id, title: score.title, raw: raw, points: score.cap.map { min(points, $0) } ?? points,
                                  cap: score.cap, percentAdded: percentAdded)
    }

    /// The service's tier: the first, from the highest, whose condition holds. The reason says
    /// why it holds and why each higher tier does not; with no tier, why none does. Nil when a
    /// fact a tier needs is missing.
    private func tier(of service: PublicService, _ context: inout EvaluationContext) -> ScoreCard.TierResult? {
        let user = NeededBy(isGate: false, id: "service \(service.id)")
        let score = context.scores[service.score]
        var missed: [(zh: String, en: String)] = []
        for tier in service.tiers {
            guard let outcome = tier.when.evaluate(&context, user: user, reasons: .always) else { return nil }
            if outcome.holds {
                let higherZh = missed.isEmpty ? "" : "；未达到更高档次：" + missed.map(\.zh).joined(separator: "；")
                let higherEn = missed.isEmpty ? "" : "; higher tiers not met: " + missed.map(\.en).joined(separator: "; ")
                return ScoreCard.TierResult(service: service.id, tier: tier.id, title: tier.title, clause: tier.clause, batch: tier.batch, score: score,
                                            reason: Bilingual(zh: outcome.reason.zh + higherZh, en: outcome.reason.en + higherEn))
            }
            missed.append(("\(tier.title.zh)（\(outcome.reason.zh)）", "\(tier.title.en) (\(outcome.reason.en))"))
        }
        return ScoreCard.TierResult(service: service.id, tier: nil, title: service.title, clause: service.clause, batch: nil, score: score,
                                    reason: Bilingual(zh: "未达到任何档次：" + missed.map(\.zh).joined(separator: "；"),
                                                      en: "in no tier: " + missed.map(\.en).joined(separator: "; ")))
    }

    /// Decodes a facts document against this scheme's vocabulary and scores it.
    ///
    /// - Throws: `FactsError` for invalid or missing facts.
    public func score(document: DocumentNode, asOf: LocalDate, ignoredKeys: Set<String> = [], explain: Bool = true) throws(FactsError) -> ScoreCard {
        let facts = try FactsDecoder(registry: registry, asOf: asOf, ignoredKeys: ignoredKeys).decode(document)
        return try evaluate(facts, asOf: asOf, explain: explain)
    }

    private func evaluate(_ gate: Gate, _ context: inout EvaluationContext) -> ScoreCard.GateResult? {
        let user = NeededBy(isGate: true, id: gate.id)
        let reasons: ReasonNeed = context.explain ? .always : .whenFailing
        if let exemption = gate.exemptWhen {
            // An exemption that applies is the gate's reason; one that does not is never shown.
            guard let exempt = exemption.evaluate(&context, user: user, reasons: context.explain ? .always : .never) else { return nil }
            if exempt.holds {
                return ScoreCard.GateResult(id: gate.id, title: gate.title, clause: gate.clause, passed: true, exempt: true,
                                            reason: Bilingual(zh: "豁免：\(exempt.reason.zh)", en: "exempt: \(exempt.reason.en)"))
            }
        }
        guard let outcome = gate.require.evaluate(&context, user: user, reasons: reasons) else { return nil }
        return ScoreCard.GateResult(id: gate.id, title: gate.title, clause: gate.clause, passed: outcome.holds, exempt: false, reason: outcome.reason)
    }

    private func missingFactsError(_ missing: [(id: FactID, user: NeededBy, spouse: Bool)]) -> FactsError {
        // One issue per fact (the spouse's named `spouse.<fact>`), listing every rule that needed it.
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
