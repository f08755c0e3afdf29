/// Points before the cap, and how they came about.
struct RuleOutcome {
    /// The explanation of a summary card.
    static let unexplained = Bilingual(zh: "", en: "")

    let raw: Fixed
    let explanation: Bilingual
    /// For `per_unit` with `cap_each`: each fact's points before that cap, and the base, so
    /// that pooled parents' points meet the per-fact cap after they are added.
    var partsBeforeCapEach: [Fixed]? = nil
    var base = Fixed.zero

    init(_ raw: Fixed, explanation: Bilingual) {
        self.raw = raw
        self.explanation = explanation
    }
}

extension Indicator {
    /// The facts this indicator's rule reads, for the card.
    var factRefs: [FactRef] {
        switch rule {
        case .perUnit(let rule): return rule.facts
        case .lookup(let ref, _), .bands(let ref, _), .deduction(let ref, _), .perYear(let ref, _, _, _, _),
             .shares(let ref, _, _, _), .itemLookup(let ref, _, _, _), .firstAndFurther(let ref, _):
            return [ref]
        case .flag(let ref, _): return ref.map { [$0] } ?? []
        case .bestOf(let options):
            var seen = Set<FactID>()
            return options.flatMap(\.factRefs).filter { seen.insert($0.id).inserted }
        case .ageSteps, .ageBands: return [FactRef.birthDate]
        }
    }

    /// Evaluates the indicator, pooling a stated spouse's points when it says so; nil when a
    /// fact it needs is missing.
    func evaluate(_ context: inout EvaluationContext) -> (outcome: RuleOutcome, points: Fixed)? {
        guard let own = evaluateForOnePerson(&context) else { return nil }
        guard poolsSpouse, let spouse = context.spouseFacts else { return (own, own.raw.limited(to: cap)) }
        guard let theirs = context.asSpouse(spouse, { evaluateForOnePerson(&$0) }) else { return nil }
        var sum = own.raw + theirs.raw
        if case .perUnit(let rule) = rule, let capEach = rule.capEach {
            // Each fact's pooled points meet the per-fact cap (6 per insurance type for both parents).
            let count = rule.facts.count
            let ownParts = own.partsBeforeCapEach ?? Array(repeating: .zero, count: count)
            let theirParts = theirs.partsBeforeCapEach ?? Array(repeating: .zero, count: count)
            sum = (0..<count).reduce(own.base + theirs.base) { $0 + (ownParts[$1] + theirParts[$1]).limited(to: capEach) }
        }
        let pooled = context.outcome(sum, en: "applicant: \(own.explanation.en); spouse: \(theirs.explanation.en); pooled = \(sum)",
                                     zh: "申请人：\(own.explanation.zh)；配偶：\(theirs.explanation.zh)；合计\(sum)分")
        return (pooled, sum.limited(to: cap))
    }

    /// The points before the cap for whoever's facts the context holds.
    private func evaluateForOnePerson(_ context: inout EvaluationContext) -> RuleOutcome? {
        if let when {
            guard let applies = when.evaluate(&context, user: NeededBy(isGate: false, id: id), reasons: context.explain ? .always : .never) else { return nil }
            if !applies.holds {
                return context.outcome(.zero, en: "not applicable: \(applies.reason.en)", zh: "不适用：\(applies.reason.zh)")
            }
        }
        return rule.evaluate(&context, indicator: self)
    }
}

extension IndicatorRule {
    func evaluate(_ context: inout EvaluationContext, indicator: Indicator) -> RuleOutcome? {
        let user = NeededBy(isGate: false, id: indicator.id)
        switch self {
        case .perUnit(let rule):
            var total = Fixed.zero, reached = false, parts: [String] = [], partsZh: [String] = [], missing = false, earnedParts: [Fixed] = []
            for ref in rule.facts {
                guard let value = context.value(ref, for: user)?.numeric else { missing = true; continue }
                let counted = value - (rule.from ?? .zero)
                let reaches = rule.from == nil ? value > .zero : counted >= .zero
                reached = reached || reaches
                let units = reaches ? counted.units / (rule.every * Fixed.scale) : 0
                let earned = rule.points * units
                let points = earned.limited(to: rule.capEach)
                total += points
                if rule.capEach != nil { earnedParts.append(earned) }
                if context.explain {
                    let over = rule.from.map { " − \($0) = \(counted)" } ?? ""
                    let capped = points == earned ? "" : " (cap \(points))"
                    let cappedZh = points == earned ? "" : "（上限\(points)分）"
                    parts.append("\(ref.name) \(value)\(over) → \(units) \(rule.unit.en) × \(rule.points) = \(earned)\(capped)")
                    partsZh.append("\(context.title(ref).zh) \(value)\(over) → \(units)\(rule.unit.zh) × \(rule.points)分 = \(earned)分\(cappedZh)")
                }
            }
            if missing { return nil }
            let basePoints = reached ? (rule.base ?? .zero) : .zero
            let raw = basePoints + total
            if let from = rule.from, !reached {
                return context.outcome(.zero, en: "\(parts.joined(separator: ", ")): under \(from) → 0", zh: "\(partsZh.joined(separator: "，"))：未达到\(from) → 0分")
            }
            let baseText = basePoints == .zero ? "" : "base \(basePoints) + "
            let baseTextZh = basePoints == .zero ? "" : "基础\(basePoints)分 + "
            let sum = rule.facts.count > 1 || basePoints != .zero ? " → \(baseText)\(total) = \(raw)" : ""
            let sumZh = rule.facts.count > 1 || basePoints != .zero ? " → \(baseTextZh)\(total)分 = \(raw)分" : ""
            var outcome = context.outcome(raw, en: parts.joined(separator: ", ") + sum, zh: partsZh.joined(separator: "，") + sumZh)
            if rule.capEach != nil { outcome.partsBeforeCapEach = earnedParts }
            outcome.base = basePoints
            return outcome
        case .lookup(let ref, let table):
            guard case .choice(let index)? = context.value(ref, for: user), let values = ref.type.choices else { return nil }
            return context.outcome(table[index], en: "\(ref.name) \(values[index]) → \(table[index])",
                               zh: "\(context.title(ref).zh)：\(values[index]) → \(table[index])分")
        case .bands(let ref, let bands):
            guard let value = context.value(ref, for: user)?.numeric else { return nil }
            guard let band = bands.band(containing: value) else {
                return context.outcome(.zero, en: "\(ref.name) \(value) is below \(bands[0].from) → 0",
                                   zh: "\(context.title(ref).zh) \(value) 低于 \(bands[0].from) → 0分")
            }
            return context.outcome(band.points, en: "\(ref.name) \(value) in band \(band.range) → \(band.points)",
                               zh: "\(context.title(ref).zh) \(value) 属于区间 \(band.range) → \(band.points)分")
        case .ageBands(let bands):
            guard let age = context.age(for: user) else { return nil }
            let at = context.ageReference
            guard let band = bands.band(containing: Fixed(Int64(age.years))) else {
                return context.outcome(.zero, en: "age \(age.years) at \(at) is outside every band → 0",
                                       zh: "\(at)时年龄\(age.years)岁，不在任何区间 → 0分")
            }
            return context.outcome(band.points, en: "age \(age.years) at \(at) (born \(age.born)) in band \(band.range) → \(band.points)",
                                   zh: "\(at)时年龄\(age.years)岁（\(age.born)出生），属于区间 \(band.range) → \(band.points)分")
        case .flag(let ref, let points):
            guard let ref else { return context.outcome(points, en: "applies → \(points)", zh: "符合条件 → \(points)分") }
            guard case .bool(let on)? = context.value(ref, for: user) else { return nil }
            return context.outcome(on ? points : .zero, en: "\(ref.name) is \(on) → \(on ? points : .zero)",
                               zh: "\(context.title(ref).zh)：\(on ? "是" : "否") → \(on ? points : .zero)分")
        case .deduction(let ref, let points):
            guard let count = context.value(ref, for: user)?.whole else { return nil }
            let raw = -(points * count)
            return context.outcome(raw, en: "\(ref.name) \(count) × −\(points) = \(raw)",
                               zh: "\(context.title(ref).zh) \(count) × −\(points)分 = \(raw)分")
        case .bestOf(let options):
            var results: [(Indicator, RuleOutcome, Fixed)] = []
            for option in options {
                if let (outcome, points) = option.evaluate(&context) { results.append((option, outcome, points)) }
            }
            guard results.count == options.count else { return nil }
            let bestPoints = results.map(\.2).max()!
            let chosen = results.first { $0.2 == bestPoints }!  // on a tie, the option listed first
            let others = results.map { "\($0.0.id) \($0.2)" }.joined(separator: ", ")
            let capNote = chosen.1.raw == chosen.2 ? "" : " (cap \(chosen.2))"
            let capNoteZh = chosen.1.raw == chosen.2 ? "" : "（上限\(chosen.2)分）"
            return context.outcome(chosen.2, en: "best of \(others) → \(chosen.0.id): \(chosen.1.explanation.en)\(capNote)",
                               zh: "择优（\(others)）→ \(chosen.0.title.zh)：\(chosen.1.explanation.zh)\(capNoteZh)")
        case .ageSteps(let steps):
            guard let age = context.age(for: user) else { return nil }
            let at = context.ageReference
            if let from = steps.fromAge, age.years < from {
                return context.outcome(.zero, en: "age \(age.years) at \(at) is under \(from) → 0", zh: "\(at)时年龄\(age.years)岁，未满\(from)岁 → 0分")
            }
            let over = age.years < steps.flatUntil ? 0
                : age.years - steps.flatUntil + (steps.countStarted && !age.onBirthday ? 1 : 0)
            if over == 0 {
                return context.outcome(steps.full, en: "age \(age.years) at \(at) (born \(age.born)), not over \(steps.flatUntil) → \(steps.full)",
                                   zh: "\(at)时年龄\(age.years)岁（\(age.born)出生），未超过\(steps.flatUntil)岁 → \(steps.full)分")
            }
            let raw = max(.zero, steps.full - steps.minusPerYear * Int64(over))
            let kind = steps.countStarted ? "started" : "completed"
            return context.outcome(raw, en: "age \(age.years) at \(at) (born \(age.born)): \(over) \(kind) year(s) over \(steps.flatUntil) × −\(steps.minusPerYear) → \(steps.full) − \(steps.minusPerYear * Int64(over)) = \(raw)",
                               zh: "\(at)时年龄\(age.years)岁（\(age.born)出生）：超过\(steps.flatUntil)岁\(over)年（\(steps.countStarted ? "不满一年按一年计" : "按整年计")）× −\(steps.minusPerYear)分 → \(raw)分")
        case .perYear(let ref, let every, let points, let yearCap, let window):
            guard case .hoursByYear(let entries)? = context.value(ref, for: user) else { return nil }
            let firstYear = context.asOf.year - window + 1
            var raw = Fixed.zero, parts: [String] = [], partsZh: [String] = []
            for entry in entries {
                guard entry.year >= firstYear else {
                    context.warnings.append(Bilingual(zh: "\(entry.year)年的\(context.title(ref).zh)在近\(window)年之外，不计分",
                                                      en: "\(ref.name) for \(entry.year) is outside the \(window)-year window and not counted"))
                    continue
                }
                let earned = points * (entry.hours / every)
                let counted = min(earned, yearCap)
                raw += counted
                if context.explain { parts.append("\(entry.year): \(entry.hours) h → \(counted)" + (earned > yearCap ? " (year cap \(yearCap))" : "")) }
                if context.explain { partsZh.append("\(entry.year)年\(entry.hours)小时 → \(counted)分" + (earned > yearCap ? "（每年上限\(yearCap)分）" : "")) }
            }
            let detail = parts.isEmpty ? "none in \(firstYear)–\(context.asOf.year)" : parts.joined(separator: "; ")
            let detailZh = partsZh.isEmpty ? "\(firstYear)–\(context.asOf.year)年无记录" : partsZh.joined(separator: "；")
            return context.outcome(raw, en: "\(detail) = \(raw)", zh: "\(detailZh) = \(raw)分")
        case .shares(let ref, let field, let fieldName, let points):
            guard case .list(let items)? = context.value(ref, for: user) else { return nil }
            var raw = Fixed.zero, parts: [String] = []
            for item in items {
                guard let divisor = item[field]?.whole, divisor > 0 else { continue }
                let share = context.scheme.rounding.divide(points, by: divisor)
                raw += share
                if context.explain { parts.append("\(points) ÷ \(divisor) = \(share)") }
            }
            let detail = parts.isEmpty ? "none" : parts.joined(separator: ", ")
            return context.outcome(raw, en: "\(items.count) item(s), \(points) ÷ \(fieldName) each: \(detail) = \(raw)",
                               zh: "\(items.count)项，每项\(points)分 ÷ 人数：\(parts.isEmpty ? "无" : parts.joined(separator: "，")) = \(raw)分")
        case .itemLookup(let ref, let field, _, let table):
            guard case .list(let items)? = context.value(ref, for: user), let fields = ref.type.fields,
                  let values = fields[field].type.choices
            else { return nil }
            var raw = Fixed.zero, parts: [String] = []
            for item in items {
                guard case .choice(let index)? = item[field] else { continue }
                raw += table[index]
                if context.explain { parts.append("\(values[index]) \(table[index])") }
            }
            let detail = parts.isEmpty ? "none" : parts.joined(separator: " + ")
            return context.outcome(raw, en: "\(detail) = \(raw)", zh: "\(parts.isEmpty ? "无" : parts.joined(separator: " + ")) = \(raw)分")
        case .firstAndFurther(let ref, let counted):
            guard case .record(let values)? = context.value(ref, for: user) else { return nil }
            var raw = Fixed.zero, parts: [String] = []
            for entry in counted {
                let n = values[entry.field]?.whole ?? 0
                guard n > 0 else { continue }
                let earned = entry.first + entry.further * (n - 1)
                raw += earned
                if context.explain { parts.append("\(entry.name) ×\(n): \(entry.first) + \(n - 1) × \(entry.further) = \(earned)") }
            }
            let detail = parts.isEmpty ? "none" : parts.joined(separator: "; ")
            return context.outcome(raw, en: "\(detail) = \(raw)", zh: "\(parts.isEmpty ? "无" : parts.joined(separator: "；")) = \(raw)分")
        }
    }
}

extension Array where Element == Band {
    /// The band holding `value` (bands are ordered and contiguous), or nil outside them all.
    func band(containing value: Fixed) -> Band? {
        guard let band = last(where: { value >= $0.from }), band.to.map({ value < $0 }) ?? true else { return nil }
        return band
    }
}

extension Band {
    /// `[from, to)` as the explanations show it.
    var range: String { "[\(from), \(to.map(\.description) ?? "∞"))" }
}
