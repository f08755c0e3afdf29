/// Which reasons a caller shows: a summary words only failed gates.
enum ReasonNeed {
    /// Every reason (an explained card, tiers).
    case always
    /// Only why a condition failed (a summary's gates).
    case whenFailing
    /// None (a summary's exemptions).
    case never

    func wants(_ holds: Bool) -> Bool {
        switch self {
        case .always: return true
        case .whenFailing: return !holds
        case .never: return false
        }
    }
}

/// A condition's outcome as the trace tells it, and its words.
struct ConditionOutcome {
    var truth: Truth
    var words: CardText.Words
    var holds: Bool { truth == .holds }
}

extension CardRenderer {
    /// Gate `g`'s outcome and reason (the trace of `NumericEvaluator.gate`).
    mutating func gate(_ g: Int) -> CardText.GateWords {
        let gate = plan.gates[g]
        var exemption: ConditionOutcome?
        if gate.exempt >= 0 {
            let exempt = condition(Int(gate.exempt), reasons: explain ? .always : .never)
            if exempt.holds {
                let said = mark
                zh <<< "豁免：" <<< Earlier(range: exempt.words.zh)
                en <<< "exempt: " <<< Earlier(range: exempt.words.en)
                return CardText.GateWords(passed: true, exempt: true, reason: words(since: said))
            }
            exemption = exempt
        }
        let outcome = condition(Int(gate.require), reasons: explain ? .always : .whenFailing)
        guard !outcome.holds, let exemption, exemption.truth == .open else {
            return CardText.GateWords(passed: outcome.holds, open: outcome.truth == .open, exempt: false, reason: outcome.words)
        }
        // Failing, but an exemption that waits on a parameter might yet waive it.
        guard !exemption.words.en.isEmpty else { return CardText.GateWords(passed: false, open: true, exempt: false, reason: outcome.words) }
        let said = mark
        zh <<< Earlier(range: outcome.words.zh) <<< "；豁免未定：" <<< Earlier(range: exemption.words.zh)
        en <<< Earlier(range: outcome.words.en) <<< "; exemption undetermined: " <<< Earlier(range: exemption.words.en)
        return CardText.GateWords(passed: false, open: true, exempt: false, reason: words(since: said))
    }

    /// Service `s`'s tier, the first from the highest whose condition holds, with why it holds
    /// and why each higher tier does not; with no tier (nil), why none does. `next` is the tier
    /// just above (the lowest, with none) and why it does not hold.
    mutating func tier(_ s: Int) -> CardText.TierWords {
        let service = plan.services[s], bottom = stack.count
        defer { stack.removeSubrange(bottom...) }
        for t in 0..<Int(service.tiersCount) {
            let link = Int(service.tiersFirst) + t
            let outcome = condition(Int(plan.links[link]), reasons: .always)
            if outcome.truth == .open {
                // The evaluation stopped here: this tier may be the applicant's.
                let start = mark, title = words.tierTitle(link: link)
                zh <<< "未定：" <<< title.zh <<< "（" <<< Earlier(range: outcome.words.zh) <<< "）"
                en <<< "undetermined: " <<< title.en <<< " (" <<< Earlier(range: outcome.words.en) <<< ")"
                return CardText.TierWords(tier: nil, open: true, reason: words(since: start), next: nil)
            }
            if outcome.holds {
                let start = mark
                zh <<< Earlier(range: outcome.words.zh)
                en <<< Earlier(range: outcome.words.en)
                if stack.count > bottom {
                    zh <<< "；未达到更高档次："
                    en <<< "; higher tiers not met: "
                    missed(since: bottom)
                }
                return CardText.TierWords(tier: t, reason: words(since: start), next: t > 0 ? (t - 1, stack[stack.count - 1].words) : nil)
            }
            let title = words.tierTitle(link: link)
            let said = mark
            zh <<< title.zh <<< "（" <<< Earlier(range: outcome.words.zh) <<< "）"
            en <<< title.en <<< " (" <<< Earlier(range: outcome.words.en) <<< ")"
            stack.append(Part(words: words(since: said)))
        }
        let start = mark
        zh <<< "未达到任何档次："
        en <<< "in no tier: "
        missed(since: bottom)
        let count = Int(service.tiersCount)
        return CardText.TierWords(tier: nil, reason: words(since: start), next: count > 0 ? (count - 1, stack[stack.count - 1].words) : nil)
    }

    /// The tiers not met, from `bottom` of the stack, joined.
    private mutating func missed(since bottom: Int) {
        for i in bottom..<stack.count {
            if i > bottom { zh <<< "；"; en <<< "; " }
            zh <<< Earlier(range: stack[i].words.zh)
            en <<< Earlier(range: stack[i].words.en)
        }
    }

    /// Condition node `c`'s outcome and its reason (the trace of `NumericEvaluator.condition`).
    mutating func condition(_ c: Int, reasons: ReasonNeed) -> ConditionOutcome {
        let node = plan.conds[c]
        if node.kind != .all, node.kind != .any, node.kind != .not, trace[cursor + 1] == Truth.missing.rawValue {
            // A fact not stated (only a channel's condition is worded so: elsewhere it fails the card).
            cursor += 2
            guard reasons.wants(false) else { return ConditionOutcome(truth: .missing, words: mark) }
            let start = mark, fact = node.kind == .ageAtLeast || node.kind == .ageAtMost ? Int32(FactRef.birthDate.id) : node.fact
            zh <<< words.title(fact) <<< "未填写"
            en <<< words.name(fact) <<< " not stated"
            return ConditionOutcome(truth: .missing, words: words(since: start))
        }
        switch node.kind {
        case .awaits:
            let actual = Fixed(units: next())
            cursor += 1
            let parameter = plan.parameters[Int(node.bound)]
            if !openParameters.contains(Int(node.bound)) { openParameters.append(Int(node.bound)) }
            guard reasons.wants(false) else { return ConditionOutcome(truth: .open, words: mark) }
            let said = mark, op: StaticString = node.negated ? "≤" : "≥"
            zh <<< words.title(node.fact) <<< " " <<< actual <<< " " <<< op <<< " " <<< UTF8Text(parameter.title.zh) <<< "？（未有规定）"
            en <<< words.name(node.fact) <<< " " <<< actual <<< " " <<< op <<< " " <<< UTF8Text(parameter.name) <<< "? (not on record)"
            return ConditionOutcome(truth: .open, words: words(since: said))
        case .flag:
            let actual = next() != 0, holds = next() == 1
            guard reasons.wants(holds) else { return ConditionOutcome(truth: holds ? .holds : .fails, words: mark) }
            let start = mark
            zh <<< words.title(node.fact) <<< "为" <<< (actual ? "是" : "否")
            en <<< words.name(node.fact) <<< " is " <<< actual
            if !holds {
                zh <<< "（须为" <<< (node.negated ? "否" : "是") <<< "）"
                en <<< " (needs " <<< !node.negated <<< ")"
            }
            return ConditionOutcome(truth: holds ? .holds : .fails, words: words(since: start))
        case .choice:
            let index = Int(next()), holds = next() == 1
            guard reasons.wants(holds) else { return ConditionOutcome(truth: holds ? .holds : .fails, words: mark) }
            let start = mark
            zh <<< words.title(node.fact) <<< "为" <<< words.choiceZh(node.fact, index)
            en <<< words.name(node.fact) <<< " is " <<< words.choice(node.fact, index)
            if !holds {
                zh <<< "（须" <<< (node.negated ? "不为" : "为")
                en <<< " (needs " <<< (node.negated ? "not " : "")
                for i in 0..<Int(node.count) {  // the allowed values, in order
                    let value = Int(plan.consts[Int(node.first) + i])
                    if i > 0 { zh <<< "/"; en <<< "/" }
                    zh <<< words.choiceZh(node.fact, value)
                    en <<< words.choice(node.fact, value)
                }
                zh <<< "）"
                en <<< ")"
            }
            return ConditionOutcome(truth: holds ? .holds : .fails, words: words(since: start))
        case .text:
            let traced = next(), holds = next() == 1
            guard reasons.wants(holds) else { return ConditionOutcome(truth: holds ? .holds : .fails, words: mark) }
            let actual = traced < 0 ? plan.defaults.texts[Int(-traced - 1)] : row.texts[Int(traced)]
            let said = mark
            zh <<< words.title(node.fact) <<< "为" <<< UTF8Text(actual)
            en <<< words.name(node.fact) <<< " is " <<< UTF8Text(actual)
            return ConditionOutcome(truth: holds ? .holds : .fails, words: words(since: said))
        case .atLeast, .atMost:
            let actual = Fixed(units: next()), holds = next() == 1
            return compare(actual, Fixed(units: node.bound), holds, isLower: node.kind == .atLeast,
                           zh: words.title(node.fact), en: words.name(node.fact), reasons)
        case .validOnAsOf:
            let until = FactRow.date(next()), holds = next() == 1
            guard reasons.wants(holds) else { return ConditionOutcome(truth: holds ? .holds : .fails, words: mark) }
            let said = mark
            zh <<< words.title(node.fact) <<< UTF8Text(until.description) <<< (holds ? "，评估日" : "，已于评估日") <<< UTF8Text(asOf.description) <<< (holds ? "仍有效" : "前失效")
            en <<< words.name(node.fact) <<< " " <<< UTF8Text(until.description) <<< (holds ? ", valid on " : ", expired before ") <<< UTF8Text(asOf.description)
            return ConditionOutcome(truth: holds ? .holds : .fails, words: words(since: said))
        case .ageAtLeast, .ageAtMost:
            let years = next(), holds = next() == 1
            let age = WordBytes(literal: "age"), ageZh = WordBytes(literal: "年龄")
            return compare(Fixed(years), Fixed(node.bound), holds, isLower: node.kind == .ageAtLeast, zh: ageZh, en: age, reasons)
        case .scoreAtLeast, .scoreAtMost:
            let actual = Fixed(units: next()), holds = next() == 1, name = words.scoreName(cond: c)
            return compare(actual, Fixed(units: node.bound), holds, isLower: node.kind == .scoreAtLeast, zh: name, en: name, reasons)
        case .all, .any:
            let bottom = stack.count, opened = openParameters.count
            defer { stack.removeSubrange(bottom...) }
            for i in 0..<Int(node.count) {
                let outcome = self.condition(Int(plan.links[Int(node.first) + i]), reasons: reasons)
                stack.append(Part(words: outcome.words, truth: outcome.truth))
            }
            let truth = Truth(rawValue: next()) ?? .fails
            // Only a part that leaves this one open keeps the parameters it waits on.
            if truth != .open { openParameters.removeSubrange(opened...) }
            if node.kind == .all {
                // Holding, every part says why; failing or waiting, the parts that do; with a fact
                // not stated (a channel's), every part that does not hold.
                return ConditionOutcome(truth: truth, words: join(from: bottom, separator: "; ", zhSeparator: "；") { part in
                    truth == .holds || part == truth || (truth == .missing && part != .holds)
                })
            }
            if truth == .holds, let first = stack[bottom...].first(where: \.holds) { return ConditionOutcome(truth: .holds, words: first.words) }
            // Alternatives: "/" in both languages, so "or" never reads as "and".
            return ConditionOutcome(truth: truth, words: join(from: bottom, separator: " / ", zhSeparator: " / ") { _ in true })
        case .not:
            // The inner reason is wanted whichever way it goes: the outer one negates it.
            let o = self.condition(Int(plan.links[Int(node.first)]), reasons: reasons == .never ? .never : .always)
            let truth = Truth(rawValue: next()) ?? .fails
            let said = mark
            zh <<< "并非（" <<< Earlier(range: o.words.zh) <<< "）"
            en <<< "not (" <<< Earlier(range: o.words.en) <<< ")"
            return ConditionOutcome(truth: truth, words: words(since: said))
        }
    }

    private mutating func compare(_ actual: Fixed, _ bound: Fixed, _ holds: Bool, isLower: Bool, zh zhName: WordBytes, en enName: WordBytes,
                         _ reasons: ReasonNeed) -> ConditionOutcome {
        guard reasons.wants(holds) else { return ConditionOutcome(truth: holds ? .holds : .fails, words: mark) }
        let op: StaticString = isLower ? (holds ? "≥" : "<") : (holds ? "≤" : ">")
        let said = mark
        zh <<< zhName <<< " " <<< actual <<< " " <<< op <<< " " <<< bound
        en <<< enName <<< " " <<< actual <<< " " <<< op <<< " " <<< bound
        return ConditionOutcome(truth: holds ? .holds : .fails, words: words(since: said))
    }

    /// The reasons of the parts from `bottom` of the stack whose outcome `keep` takes and that
    /// say something, joined.
    private mutating func join(from bottom: Int, separator: StaticString, zhSeparator: StaticString, keep: (Truth) -> Bool) -> CardText.Words {
        let start = mark
        var first = true
        for i in bottom..<stack.count {
            let part = stack[i]
            guard keep(part.truth), !part.words.en.isEmpty else { continue }
            if !first { zh <<< zhSeparator; en <<< separator }
            first = false
            zh <<< Earlier(range: part.words.zh)
            en <<< Earlier(range: part.words.en)
        }
        return words(since: start)
    }
}
