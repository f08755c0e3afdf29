extension Scheme {
    /// Words an evaluation into `text`: reads the result's trace back and writes every line's
    /// explanation and facts (when `explain`), every gate's reason (a summary words only those
    /// that fail), every service's tier reason and the warnings. Nothing is computed again.
    ///
    /// - Parameter passingGates: Whether gates that hold are worded too (false for a summary's
    ///   answer, which shows only those that fail: the others are skipped, their words empty).
    /// - Precondition: `result.isComplete`, evaluated from `row` under this scheme.
    public func render(_ row: FactRow, _ result: ScoreResult, explain: Bool, into text: CardText, passingGates: Bool = true) {
        text.removeAll()
        var renderer = CardRenderer(plan: plan, row: row, result: result, explain: explain, into: text)
        if explain {
            // Appended to locals holding the text's storage (no access checks per line).
            var lines: [CardText.Words] = [], uses: [CardText.FactUse] = [], useEnds: [Int] = []
            swap(&lines, &text.lines); swap(&uses, &text.uses); swap(&useEnds, &text.useEnds)
            for line in 0..<plan.lineCount {
                lines.append(renderer.line(line, person: 0))
                let first = line == 0 ? 0 : Int(plan.lineFactEnds[line - 1])
                for k in 0..<(Int(plan.lineFactEnds[line]) - first) {
                    if let use = renderer.use(plan.lineFactIDs[first + k], line: line, at: k) {
                        uses.append(CardText.FactUse(fact: k, value: use.value, defaulted: use.defaulted))
                    }
                }
                useEnds.append(uses.count)
            }
            swap(&lines, &text.lines); swap(&uses, &text.uses); swap(&useEnds, &text.useEnds)
        }
        // Only an item left open keeps the parameters it waits on.
        renderer.cursor = result.gateTrace
        for g in 0..<plan.gates.count {
            let state = result.gate(g)
            if !passingGates, state != .failed, state != .open {
                let compiled = plan.gates[g]
                if compiled.exempt >= 0 { renderer.cursor += plan.condTraceLengths[Int(compiled.exempt)] }
                if state != .exempt { renderer.cursor += plan.condTraceLengths[Int(compiled.require)] }
                text.gates.append(CardText.GateWords(passed: true, exempt: state == .exempt, reason: renderer.mark))
                continue
            }
            let opened = renderer.openParameters.count, words = renderer.gate(g)
            if !words.open { renderer.openParameters.removeSubrange(opened...) }
            text.gates.append(words)
        }
        renderer.cursor = result.channelTrace
        for c in 0..<plan.channels.count {
            let opened = renderer.openParameters.count
            let outcome = renderer.condition(Int(plan.channels[c].require), reasons: .always)
            if outcome.truth != .open { renderer.openParameters.removeSubrange(opened...) }
            text.channels.append(CardText.ChannelWords(holds: outcome.holds, open: outcome.truth == .open, reason: outcome.words))
        }
        renderer.cursor = result.serviceTrace
        for s in 0..<plan.services.count {
            let opened = renderer.openParameters.count, words = renderer.tier(s)
            if !words.open { renderer.openParameters.removeSubrange(opened...) }
            text.tiers.append(words)
        }
        let (zh, en, words) = (renderer.zh, renderer.en, plan.words)
        for warning in result.warnings {
            let line = plan.lines[Int(warning.line)]
            guard line.kind == .perYear else {
                text.warnings.append(renderer.mark)
                continue
            }
            let said = renderer.mark
            zh <<< warning.year <<< "年的" <<< words.title(line.fact) <<< "在近" <<< line.d <<< "年之外，不计分"
            en <<< words.name(line.fact) <<< " for " <<< warning.year <<< " is outside the " <<< line.d <<< "-year window and not counted"
            text.warnings.append(renderer.words(since: said))
        }
        renderer.finish(text)
    }

    /// The facts each card line shows (`CardText.FactUse.fact` indexes them).
    public func lineFacts(_ line: Int) -> [FactRef] { plan.lineFacts[line] }

    /// The card of an evaluation: numbers from `result`, words from the scheme, and the
    /// explanations read back from the result's trace. Nothing is computed again.
    ///
    /// - Parameters:
    ///   - row: The facts `result` was evaluated from.
    ///   - explain: Whether lines carry their facts and explanations and the card its next
    ///     steps (false: a summary card, with the same points, gates and reasons of failed gates).
    /// - Precondition: `result.isComplete`.
    public func card(_ row: FactRow, _ result: ScoreResult, explain: Bool) -> ScoreCard {
        let text = result.text
        render(row, result, explain: explain, into: text)
        var lines: [ScoreCard.Line] = []
        var groupTotals: [ScoreCard.Subtotal] = []
        lines.reserveCapacity(plan.lineCount)
        var line = 0
        for (g, group) in groups.enumerated() {
            for indicator in group.indicators {
                let facts = explain ? text.uses(ofLine: line).map { use in
                    ScoreCard.FactUse(name: plan.lineFacts[line][use.fact].name, value: text.en.string(use.value), defaulted: use.defaulted)
                } : []
                lines.append(ScoreCard.Line(id: indicator.id, group: group.id, title: indicator.title, clause: indicator.clause, facts: facts,
                                            raw: result.lineRaw(line), points: result.linePoints(line), cap: indicator.cap,
                                            explanation: explain ? text.bilingual(text.lines[line]) : RuleText.unexplained))
                line += 1
            }
            groupTotals.append(ScoreCard.Subtotal(id: group.id, title: group.title, raw: result.groupRaw(g), points: result.groupPoints(g), cap: group.cap))
        }
        let scoreTotals = scores.enumerated().map { s, score in
            ScoreCard.Subtotal(id: score.id, title: score.title, raw: result.scoreRaw(s), points: result.scorePoints(s), cap: score.cap,
                               percentAdded: result.multiplied(s) ? score.multiplier?.percent : nil)
        }
        let gateResults = gateResults(text)
        let tieBreakers = ranking.tieBreakers.enumerated().map { i, tb in
            ScoreCard.TieBreakerValue(fact: tb.fact.name, descending: tb.descending, value: result.tieBreaker(i))
        }
        return ScoreCard(
            scheme: ScoreCard.SchemeInfo(id: metadata.id, version: metadata.version, title: metadata.title,
                                         legalSource: metadata.legalSource, contentHash: metadata.contentHash,
                                         publishedOn: metadata.publishedOn?.description),
            asOf: result.asOf.description, total: result.total, rankingScore: result.rankingScore,
            tieBreakers: tieBreakers, qualified: result.undetermined ? nil : result.qualified, scores: scoreTotals, groups: groupTotals, lines: lines,
            gates: gateResults, failedGates: gateResults.filter { $0.passed == false }, warnings: text.warnings.map(text.bilingual),
            tiers: tierResults(result, text), nextSteps: explain ? nextSteps(row, result, text) : nil,
            rulesKnownOn: result.rulesKnownOn?.description, channels: channelResults(text), undetermined: openParameters(text))
    }

    /// The parameters not on record the card waits on, or nil when it waits on none.
    func openParameters(_ text: CardText) -> [OpenParameter]? {
        guard !text.openParameters.isEmpty else { return nil }
        return text.openParameters.map { p in
            let parameter = parameters[p]
            return OpenParameter(name: parameter.name, title: parameter.title, clause: parameter.clause, setBy: parameter.setBy)
        }
    }

    private func gateResults(_ text: CardText) -> [ScoreCard.GateResult] {
        zip(gates, text.gates).map { gate, words in
            ScoreCard.GateResult(id: gate.id, title: gate.title, clause: gate.clause, passed: words.open ? nil : words.passed, exempt: words.exempt,
                                 reason: text.bilingual(words.reason))
        }
    }

    /// Every channel's outcome, or nil for a scheme without channels.
    private func channelResults(_ text: CardText) -> [ScoreCard.ChannelResult]? {
        guard !channels.isEmpty else { return nil }
        return zip(channels, text.channels).map { channel, words in
            ScoreCard.ChannelResult(id: channel.id, title: channel.title, clause: channel.clause, holds: words.open ? nil : words.holds,
                                    reason: text.bilingual(words.reason), family: channel.family)
        }
    }

    private func tierResults(_ result: ScoreResult, _ text: CardText) -> [ScoreCard.TierResult] {
        services.enumerated().map { s, service in
            let score = result.scorePoints(service.score), reason = text.bilingual(text.tiers[s].reason)
            guard let t = text.tiers[s].tier else {
                return ScoreCard.TierResult(service: service.id, tier: nil, title: service.title, clause: service.clause, batch: nil, score: score, reason: reason,
                                            undetermined: text.tiers[s].open ? true : nil)
            }
            let tier = service.tiers[t]
            return ScoreCard.TierResult(service: service.id, tier: tier.id, title: tier.title, clause: tier.clause, batch: tier.batch, score: score, reason: reason)
        }
    }

    /// Why service `s` gives the applicant its tier (or none), in English, worded in the
    /// result's text.
    func tierReason(_ row: FactRow, _ result: ScoreResult, service s: Int) -> String {
        render(row, result, explain: false, into: result.text, passingGates: false)
        return result.text.en.string(result.text.tiers[s].reason.en)
    }

    /// Why an applicant cannot be ordered among others: `missing a, b, needed to break ties`
    /// for the tie-breakers the result lacks; nil when it has them all.
    func missingTieBreakers(_ result: ScoreResult) -> String? {
        let absent = ranking.tieBreakers.indices.filter { result.tieBreaker($0) == nil }
        guard !absent.isEmpty else { return nil }
        return "missing \(absent.map { ranking.tieBreakers[$0].fact.name }.joined(separator: ", ")), needed to break ties"
    }

    /// The gates that failed, in English, after `prefix`: `prefix` `id (reason); id (reason)`
    /// (as a ranking says why an applicant is not ranked), worded in the result's text.
    func failedGatesLine(_ row: FactRow, _ result: ScoreResult, prefix: StaticString) -> String {
        let text = result.text
        render(row, result, explain: false, into: text, passingGates: false)
        let en = text.enSink, start = en.count
        en <<< prefix
        var first = true
        for (gate, words) in zip(gates, text.gates) where !words.passed && !words.open {
            en <<< (first ? "" : "; ") <<< UTF8Text(gate.id) <<< " (" <<< Earlier(range: words.reason.en) <<< ")"
            first = false
        }
        if !channels.isEmpty, !text.channels.contains(where: \.holds) {
            en <<< (first ? "" : "; ") <<< "no channel holds ("
            for (c, (channel, words)) in zip(channels, text.channels).enumerated() {
                en <<< (c == 0 ? "" : "; ") <<< UTF8Text(channel.id) <<< ": " <<< Earlier(range: words.reason.en)
            }
            en <<< ")"
        }
        return text.en.string(start..<en.count)
    }

    /// Why an applicant whose qualifying waits on parameters not on record is not ranked:
    /// `undetermined: needs a, b (not on record)`.
    func openParametersLine(_ row: FactRow, _ result: ScoreResult) -> String {
        render(row, result, explain: false, into: result.text, passingGates: false)
        return "undetermined: needs " + result.text.openParameters.map { parameters[$0].name }.joined(separator: ", ") + " (not on record)"
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
                      message: "missing; scheme \(metadata.id) \(metadata.version) needs it (\(users[name]!.map(\.description).joined(separator: ", "))) and declares no default", kind: .missing)
        })
    }
}

/// Empty text, for what a summary card leaves out.
enum RuleText {
    static let unexplained = Bilingual(zh: "", en: "")
}
