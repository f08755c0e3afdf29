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

extension CardRenderer {
    /// A gate's outcome and reason (the trace of `NumericEvaluator.gate`).
    mutating func gate(_ gate: Gate) -> ScoreCard.GateResult {
        if let exemption = gate.exemptWhen {
            let exempt = condition(exemption, reasons: explain ? .always : .never)
            if exempt.holds {
                return ScoreCard.GateResult(id: gate.id, title: gate.title, clause: gate.clause, passed: true, exempt: true,
                                            reason: Bilingual(zh: "豁免：\(exempt.reason.zh)", en: "exempt: \(exempt.reason.en)"))
            }
        }
        let outcome = condition(gate.require, reasons: explain ? .always : .whenFailing)
        return ScoreCard.GateResult(id: gate.id, title: gate.title, clause: gate.clause, passed: outcome.holds, exempt: false, reason: outcome.reason)
    }

    /// A service's tier, the first from the highest whose condition holds (`index`), with why it
    /// holds and why each higher tier does not; with no tier, why none does.
    mutating func tier(_ service: PublicService, index: Int) -> ScoreCard.TierResult {
        let score = result.scorePoints(service.score)
        var missed: [(zh: String, en: String)] = []
        for tier in service.tiers {
            let outcome = condition(tier.when, reasons: .always)
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

    /// A condition's outcome and its reason (the trace of `NumericEvaluator.condition`).
    mutating func condition(_ condition: Condition, reasons: ReasonNeed) -> (holds: Bool, reason: Bilingual) {
        func outcome(_ holds: Bool, en: @autoclosure () -> String, zh: @autoclosure () -> String) -> (holds: Bool, reason: Bilingual) {
            (holds, reasons.wants(holds) ? Bilingual(zh: zh(), en: en()) : RuleText.unexplained)
        }
        func compare(_ actual: Fixed, _ bound: Fixed, _ holds: Bool, isLower: Bool, en: String, zh: String) -> (holds: Bool, reason: Bilingual) {
            let op = isLower ? (holds ? "≥" : "<") : (holds ? "≤" : ">")
            return outcome(holds, en: "\(en) \(actual) \(op) \(bound)", zh: "\(zh) \(actual) \(op) \(bound)")
        }
        func title(_ ref: FactRef) -> Bilingual { plan.titles[ref.id] }
        switch condition {
        case .flag(let ref, let expected):
            let actual = next() != 0, holds = next() == 1
            return outcome(holds, en: "\(ref.name) is \(actual)" + (holds ? "" : " (needs \(expected))"),
                           zh: "\(title(ref).zh)为\(actual ? "是" : "否")" + (holds ? "" : "（须为\(expected ? "是" : "否")）"))
        case .choice(let ref, let allowed, let negated):
            let index = Int(next()), holds = next() == 1, values = ref.type.choices!
            let wanted = allowed.sorted().map { values[$0] }.joined(separator: "/")
            let need = negated ? "not \(wanted)" : wanted
            return outcome(holds, en: "\(ref.name) is \(values[index])" + (holds ? "" : " (needs \(need))"),
                           zh: "\(title(ref).zh)为\(values[index])" + (holds ? "" : "（须\(negated ? "不为" : "为")\(wanted)）"))
        case .text(let ref, _, _):
            let traced = next(), holds = next() == 1
            let actual = traced < 0 ? plan.defaults.texts[Int(-traced - 1)] : row.texts[Int(traced)]
            return outcome(holds, en: "\(ref.name) is \(actual)", zh: "\(title(ref).zh)为\(actual)")
        case .atLeast(let ref, let bound), .atMost(let ref, let bound):
            let actual = Fixed(units: next()), holds = next() == 1
            return compare(actual, bound, holds, isLower: { if case .atLeast = condition { true } else { false } }(), en: ref.name, zh: title(ref).zh)
        case .ageAtLeast(let bound), .ageAtMost(let bound):
            let years = next(), holds = next() == 1
            return compare(Fixed(years), Fixed(Int64(bound)), holds, isLower: { if case .ageAtLeast = condition { true } else { false } }(),
                           en: "age", zh: "年龄")
        case .scoreAtLeast(_, let name, let bound), .scoreAtMost(_, let name, let bound):
            let actual = Fixed(units: next()), holds = next() == 1
            return compare(actual, bound, holds, isLower: { if case .scoreAtLeast = condition { true } else { false } }(), en: name, zh: name)
        case .all(let parts):
            var outcomes: [(holds: Bool, reason: Bilingual)] = []
            for part in parts { outcomes.append(self.condition(part, reasons: reasons)) }
            let holds = next() == 1
            let failing = outcomes.filter { !$0.holds }
            return join(holds ? outcomes : failing, holds: holds, separator: "; ")
        case .any(let parts):
            var outcomes: [(holds: Bool, reason: Bilingual)] = []
            for part in parts { outcomes.append(self.condition(part, reasons: reasons)) }
            let holds = next() == 1
            if holds, let first = outcomes.first(where: \.holds) { return first }
            return join(outcomes, holds: false, separator: " / ")
        case .not(let inner):
            // The inner reason is wanted whichever way it goes: the outer one negates it.
            let o = self.condition(inner, reasons: reasons == .never ? .never : .always)
            let holds = next() == 1
            return (holds, Bilingual(zh: "并非（\(o.reason.zh)）", en: "not (\(o.reason.en))"))
        }
    }

    private func join(_ outcomes: [(holds: Bool, reason: Bilingual)], holds: Bool, separator: String) -> (holds: Bool, reason: Bilingual) {
        let parts = outcomes.filter { !$0.reason.en.isEmpty }
        return (holds, Bilingual(zh: parts.map(\.reason.zh).joined(separator: "；"), en: parts.map(\.reason.en).joined(separator: separator)))
    }
}
