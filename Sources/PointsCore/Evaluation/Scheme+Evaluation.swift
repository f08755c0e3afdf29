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
        let scoreTotals = scores.map { score in
            let raw = score.groups.reduce(Fixed.zero) { $0 + groupTotals[$1].points }
            return ScoreCard.Subtotal(id: score.id, title: score.title, raw: raw, points: score.cap.map { min(raw, $0) } ?? raw, cap: score.cap)
        }
        context.scores = scoreTotals.map(\.points)
        let gateResults = gates.compactMap { evaluate($0, &context) }
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
            gates: gateResults, failedGates: failed, warnings: context.warnings)
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

    private func missingFactsError(_ missing: [(FactID, NeededBy)]) -> FactsError {
        var order: [FactID] = []
        var users: [FactID: [NeededBy]] = [:]
        for (id, user) in missing {
            if users[id] == nil { order.append(id) }
            if !(users[id]?.contains(user) ?? false) { users[id, default: []].append(user) }
        }
        return FactsError(issues: order.map { id in
            FactIssue(fact: registry.definitions[id].name, line: 0,
                      message: "missing; scheme \(metadata.id) \(metadata.version) needs it (\(users[id]!.map(\.description).joined(separator: ", "))) and declares no default")
        })
    }
}
