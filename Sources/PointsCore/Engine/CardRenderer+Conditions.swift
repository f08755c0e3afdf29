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
    mutating func gate(_ gate: Gate) -> (passed: Bool, exempt: Bool, reason: CardText.Words) {
        if let exemption = gate.exemptWhen {
            let exempt = condition(exemption, reasons: explain ? .always : .never)
            if exempt.holds {
                return (true, true, phrase {
                    zh <<< "豁免：" <<< Earlier(range: exempt.words.zh)
                    en <<< "exempt: " <<< Earlier(range: exempt.words.en)
                })
            }
        }
        let outcome = condition(gate.require, reasons: explain ? .always : .whenFailing)
        return (outcome.holds, false, outcome.words)
    }

    /// A service's tier, the first from the highest whose condition holds, with why it holds
    /// and why each higher tier does not; with no tier (nil), why none does.
    mutating func tier(_ service: PublicService) -> (tier: Int?, reason: CardText.Words) {
        let bottom = stack.count
        defer { stack.removeSubrange(bottom...) }
        for (t, tier) in service.tiers.enumerated() {
            let outcome = condition(tier.when, reasons: .always)
            if outcome.holds {
                let start = mark
                zh <<< Earlier(range: outcome.words.zh)
                en <<< Earlier(range: outcome.words.en)
                if stack.count > bottom {
                    zh <<< "；未达到更高档次："
                    en <<< "; higher tiers not met: "
                    missed(since: bottom)
                }
                return (t, words(since: start))
            }
            stack.append(Part(words: phrase {
                zh <<< tier.title.zh <<< "（" <<< Earlier(range: outcome.words.zh) <<< "）"
                en <<< tier.title.en <<< " (" <<< Earlier(range: outcome.words.en) <<< ")"
            }))
        }
        let start = mark
        zh <<< "未达到任何档次："
        en <<< "in no tier: "
        missed(since: bottom)
        return (nil, words(since: start))
    }

    /// The tiers not met, from `bottom` of the stack, joined.
    private mutating func missed(since bottom: Int) {
        for i in bottom..<stack.count {
            if i > bottom { zh <<< "；"; en <<< "; " }
            zh <<< Earlier(range: stack[i].words.zh)
            en <<< Earlier(range: stack[i].words.en)
        }
    }

    /// A condition's outcome and its reason (the trace of `NumericEvaluator.condition`).
    mutating func condition(_ condition: Condition, reasons: ReasonNeed) -> (holds: Bool, words: CardText.Words) {
        switch condition {
        case .flag(let ref, let expected):
            let actual = next() != 0, holds = next() == 1
            guard reasons.wants(holds) else { return (holds, mark) }
            let start = mark
            zh <<< title(ref) <<< "为" <<< actual ? "是" : "否"
            en <<< ref.name <<< " is " <<< actual
            if !holds {
                zh <<< "（须为" <<< expected ? "是" : "否" <<< "）"
                en <<< " (needs " <<< expected <<< ")"
            }
            return (holds, words(since: start))
        case .choice(let ref, let allowed, let negated):
            let index = Int(next()), holds = next() == 1, values = ref.type.choices!
            guard reasons.wants(holds) else { return (holds, mark) }
            let start = mark
            zh <<< title(ref) <<< "为" <<< values[index]
            en <<< ref.name <<< " is " <<< values[index]
            if !holds {
                zh <<< "（须" <<< negated ? "不为" : "为"
                en <<< " (needs " <<< negated ? "not " : ""
                var first = true
                for (i, value) in values.enumerated() where allowed.contains(i) {
                    if !first { zh <<< "/"; en <<< "/" }
                    first = false
                    zh <<< value
                    en <<< value
                }
                zh <<< "）"
                en <<< ")"
            }
            return (holds, words(since: start))
        case .text(let ref, _, _):
            let traced = next(), holds = next() == 1
            guard reasons.wants(holds) else { return (holds, mark) }
            let actual = traced < 0 ? plan.defaults.texts[Int(-traced - 1)] : row.texts[Int(traced)]
            return (holds, phrase {
                zh <<< title(ref) <<< "为" <<< actual
                en <<< ref.name <<< " is " <<< actual
            })
        case .atLeast(let ref, let bound):
            return compare(Fixed(units: next()), bound, next() == 1, isLower: true, zh: title(ref), en: ref.name, reasons)
        case .atMost(let ref, let bound):
            return compare(Fixed(units: next()), bound, next() == 1, isLower: false, zh: title(ref), en: ref.name, reasons)
        case .ageAtLeast(let bound):
            return compare(Fixed(next()), Fixed(Int64(bound)), next() == 1, isLower: true, zh: "年龄", en: "age", reasons)
        case .ageAtMost(let bound):
            return compare(Fixed(next()), Fixed(Int64(bound)), next() == 1, isLower: false, zh: "年龄", en: "age", reasons)
        case .scoreAtLeast(_, let name, let bound):
            return compare(Fixed(units: next()), bound, next() == 1, isLower: true, zh: name, en: name, reasons)
        case .scoreAtMost(_, let name, let bound):
            return compare(Fixed(units: next()), bound, next() == 1, isLower: false, zh: name, en: name, reasons)
        case .all(let parts):
            let bottom = stack.count
            defer { stack.removeSubrange(bottom...) }
            for part in parts {
                let outcome = self.condition(part, reasons: reasons)
                stack.append(Part(words: outcome.words, holds: outcome.holds))
            }
            let holds = next() == 1
            // Holding, every part says why; failing, the parts that fail.
            return (holds, join(from: bottom, only: holds ? nil : false, separator: "; "))
        case .any(let parts):
            let bottom = stack.count
            defer { stack.removeSubrange(bottom...) }
            for part in parts {
                let outcome = self.condition(part, reasons: reasons)
                stack.append(Part(words: outcome.words, holds: outcome.holds))
            }
            let holds = next() == 1
            if holds, let first = stack[bottom...].first(where: \.holds) { return (true, first.words) }
            return (holds, join(from: bottom, only: nil, separator: " / "))
        case .not(let inner):
            // The inner reason is wanted whichever way it goes: the outer one negates it.
            let o = self.condition(inner, reasons: reasons == .never ? .never : .always)
            let holds = next() == 1
            return (holds, phrase {
                zh <<< "并非（" <<< Earlier(range: o.words.zh) <<< "）"
                en <<< "not (" <<< Earlier(range: o.words.en) <<< ")"
            })
        }
    }

    private mutating func compare(_ actual: Fixed, _ bound: Fixed, _ holds: Bool, isLower: Bool, zh zhName: String, en enName: String,
                                  _ reasons: ReasonNeed) -> (holds: Bool, words: CardText.Words) {
        guard reasons.wants(holds) else { return (holds, mark) }
        let op = isLower ? (holds ? "≥" : "<") : (holds ? "≤" : ">")
        return (holds, phrase {
            zh <<< zhName <<< " " <<< actual <<< " " <<< op <<< " " <<< bound
            en <<< enName <<< " " <<< actual <<< " " <<< op <<< " " <<< bound
        })
    }

    /// The reasons of the parts from `bottom` of the stack (those whose outcome is `only`, when
    /// given) that say something, joined.
    private mutating func join(from bottom: Int, only: Bool?, separator: String) -> CardText.Words {
        let start = mark
        var first = true
        for i in bottom..<stack.count {
            let part = stack[i]
            guard only.map({ $0 == part.holds }) ?? true, !part.words.en.isEmpty else { continue }
            if !first { zh <<< "；"; en <<< separator }
            first = false
            zh <<< Earlier(range: part.words.zh)
            en <<< Earlier(range: part.words.en)
        }
        return words(since: start)
    }
}
