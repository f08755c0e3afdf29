/// The outcome of a condition and the reason, in both languages.
struct ConditionOutcome {
    let holds: Bool
    let reason: Bilingual
}

/// Which reasons a caller will show: writing them is most of a condition's cost.
enum ReasonNeed {
    /// Every reason (an explained card).
    case always
    /// Only why a condition failed (a summary's failed gates).
    case whenFailing
    /// None (a summary's applicability checks).
    case never

    func wants(_ holds: Bool) -> Bool {
        switch self {
        case .always: return true
        case .whenFailing: return !holds
        case .never: return false
        }
    }
}

extension Condition {
    /// Checks the condition; nil when a fact it needs is missing (recorded in the context).
    func evaluate(_ context: inout EvaluationContext, user: NeededBy, reasons: ReasonNeed = .always) -> ConditionOutcome? {
        let registry = context.scheme.registry
        func title(_ ref: FactRef) -> Bilingual { registry.definitions[ref.id].title }
        func outcome(_ holds: Bool, en: @autoclosure () -> String, zh: @autoclosure () -> String) -> ConditionOutcome {
            ConditionOutcome(holds: holds, reason: reasons.wants(holds) ? Bilingual(zh: zh(), en: en()) : RuleOutcome.unexplained)
        }
        func compare(_ actual: Fixed, _ bound: Fixed, isLower: Bool, en: String, zh: String) -> ConditionOutcome {
            let holds = isLower ? actual >= bound : actual <= bound
            let op = isLower ? (holds ? "≥" : "<") : (holds ? "≤" : ">")
            return outcome(holds, en: "\(en) \(actual) \(op) \(bound)", zh: "\(zh) \(actual) \(op) \(bound)")
        }
        switch self {
        case .flag(let ref, let expected):
            guard case .bool(let actual)? = context.value(ref, for: user) else { return nil }
            return outcome(actual == expected, en: "\(ref.name) is \(actual)" + (actual == expected ? "" : " (needs \(expected))"),
                           zh: "\(title(ref).zh)为\(actual ? "是" : "否")" + (actual == expected ? "" : "（须为\(expected ? "是" : "否")）"))
        case .choice(let ref, let allowed, let negated):
            guard case .choice(let index)? = context.value(ref, for: user), let values = ref.type.choices else { return nil }
            let holds = allowed.contains(index) != negated
            let wanted = allowed.sorted().map { values[$0] }.joined(separator: "/")
            let need = negated ? "not \(wanted)" : wanted
            return outcome(holds, en: "\(ref.name) is \(values[index])" + (holds ? "" : " (needs \(need))"),
                           zh: "\(title(ref).zh)为\(values[index])" + (holds ? "" : "（须\(negated ? "不为" : "为")\(wanted)）"))
        case .text(let ref, let allowed, let negated):
            guard case .text(let actual)? = context.value(ref, for: user) else { return nil }
            let holds = allowed.contains(actual) != negated
            return outcome(holds, en: "\(ref.name) is \(actual)", zh: "\(title(ref).zh)为\(actual)")
        case .atLeast(let ref, let bound), .atMost(let ref, let bound):
            guard let actual = context.value(ref, for: user)?.numeric else { return nil }
            return compare(actual, bound, isLower: { if case .atLeast = self { true } else { false } }(),
                           en: ref.name, zh: title(ref).zh)
        case .ageAtLeast(let bound), .ageAtMost(let bound):
            guard let age = context.age(for: user) else { return nil }
            return compare(Fixed(Int64(age.years)), Fixed(Int64(bound)), isLower: { if case .ageAtLeast = self { true } else { false } }(),
                           en: "age", zh: "年龄")
        case .scoreAtLeast(let index, let name, let bound), .scoreAtMost(let index, let name, let bound):
            return compare(context.scores[index], bound, isLower: { if case .scoreAtLeast = self { true } else { false } }(),
                           en: name, zh: name)
        case .all(let parts):
            var outcomes: [ConditionOutcome] = []
            for part in parts { if let o = part.evaluate(&context, user: user, reasons: reasons) { outcomes.append(o) } }
            guard outcomes.count == parts.count else { return nil }
            let failing = outcomes.filter { !$0.holds }
            return join(failing.isEmpty ? outcomes : failing, holds: failing.isEmpty, separator: "; ")
        case .any(let parts):
            var outcomes: [ConditionOutcome] = []
            for part in parts { if let o = part.evaluate(&context, user: user, reasons: reasons) { outcomes.append(o) } }
            if let first = outcomes.first(where: \.holds) { return first }
            guard outcomes.count == parts.count else { return nil }
            return join(outcomes, holds: false, separator: " / ")
        case .not(let inner):
            // The inner reason is wanted whichever way it goes: the outer one negates it.
            guard let o = inner.evaluate(&context, user: user, reasons: reasons == .never ? .never : .always) else { return nil }
            return ConditionOutcome(holds: !o.holds, reason: Bilingual(zh: "并非（\(o.reason.zh)）", en: "not (\(o.reason.en))"))
        }
    }

    private func join(_ outcomes: [ConditionOutcome], holds: Bool, separator: String) -> ConditionOutcome {
        let parts = outcomes.filter { !$0.reason.en.isEmpty }
        return ConditionOutcome(holds: holds, reason: Bilingual(zh: parts.map(\.reason.zh).joined(separator: "；"),
                                                                en: parts.map(\.reason.en).joined(separator: separator)))
    }
}
