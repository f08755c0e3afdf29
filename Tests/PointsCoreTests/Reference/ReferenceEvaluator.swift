@testable import PointsCore

// The evaluator the numeric engine replaced, kept only as the reference the differential
// test compares it with. It walks the compiled rules and words every line as it computes.
// One change from its last release: a line that divides rounds once (shares are added exactly).

/// The state of one evaluation: the applicant's facts, the scheme's defaults, the date, the
/// scores once computed, and the facts found missing along the way.
struct ReferenceContext {
    let scheme: Scheme
    let facts: FactSet
    /// Whether these are a spouse's facts (read by a pooled indicator): missing ones say so.
    let isSpouse: Bool
    let asOf: LocalDate
    /// Whether to write explanations (a summary skips them: most of the cost of a card).
    let explain: Bool
    /// Facts found missing: which, who needed them, and whether it was the spouse's.
    var missing: [(id: FactID, user: NeededBy, spouse: Bool)] = []
    /// The parameters not on record that conditions met so far wait on (positions, first first).
    var openParameters: [Int] = []
    var scores: [Fixed] = []
    var warnings: [Bilingual] = []

    init(scheme: Scheme, facts: FactSet, asOf: LocalDate, explain: Bool, isSpouse: Bool = false) {
        self.scheme = scheme
        self.facts = facts
        self.isSpouse = isSpouse
        self.asOf = asOf
        self.explain = explain
    }

    /// The fact's value, or its default; records it as missing (for `user`) when neither exists.
    mutating func value(_ ref: FactRef, for user: NeededBy) -> FactValue? {
        if let value = facts[ref.id] ?? scheme.defaults[ref.id] { return value }
        missing.append((ref.id, user, isSpouse))
        return nil
    }

    /// The stated spouse's facts, for indicators that pool them.
    var spouseFacts: FactSet? {
        guard case .facts(let spouse)? = facts[FactRef.spouse.id] else { return nil }
        return spouse
    }

    /// Runs `body` on the spouse's facts, then returns to the applicant's.
    /// Runs `body` on a context holding the spouse's facts, then keeps what it found missing
    /// and its warnings.
    mutating func asSpouse<T>(_ spouse: FactSet, _ body: (inout ReferenceContext) -> T) -> T {
        var context = ReferenceContext(scheme: scheme, facts: spouse, asOf: asOf, explain: explain, isSpouse: true)
        context.scores = scores
        let result = body(&context)
        missing += context.missing
        warnings += context.warnings
        return result
    }

    /// A rule's outcome; the explanation is only written when the card is explained.
    func outcome(_ raw: Fixed, en: @autoclosure () -> String, zh: @autoclosure () -> String) -> ReferenceOutcome {
        ReferenceOutcome(raw, explanation: self.explain ? Bilingual(zh: zh(), en: en()) : ReferenceOutcome.unexplained)
    }

    /// The fact as the card shows it.
    func use(_ ref: FactRef) -> ScoreCard.FactUse? {
        if let value = facts[ref.id] {
            return ScoreCard.FactUse(name: ref.name, value: value.rendered(as: ref.type), defaulted: false)
        }
        return scheme.defaults[ref.id].map { ScoreCard.FactUse(name: ref.name, value: $0.rendered(as: ref.type), defaulted: true) }
    }

    /// The reference date for age: the scheme's fixed date, or the evaluation date.
    var ageReference: LocalDate { scheme.ageReference ?? asOf }

    /// Age at the reference date: completed years, and whether the date is a birthday.
    mutating func age(for user: NeededBy) -> (years: Int, onBirthday: Bool, born: LocalDate)? {
        guard case .date(let born)? = value(.birthDate, for: user) else { return nil }
        let at = ageReference
        return (born.completedYears(at: at), born.isAnniversary(at), born)
    }

    /// The title of a fact, for explanations.
    func title(_ ref: FactRef) -> Bilingual { scheme.registry.definitions[ref.id].title }
}


/// Points before the cap, and how they came about.
struct ReferenceOutcome {
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
    /// Evaluates the indicator, pooling a stated spouse's points when it says so; nil when a
    /// fact it needs is missing.
    func evaluate(_ context: inout ReferenceContext) -> (outcome: ReferenceOutcome, points: Fixed)? {
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
    private func evaluateForOnePerson(_ context: inout ReferenceContext) -> ReferenceOutcome? {
        if let when {
            let applies = when.evaluate(&context, user: NeededBy(isGate: false, id: id), reasons: context.explain ? .always : .never)
            if applies.truth == .missing { return nil }
            if !applies.holds {
                return context.outcome(.zero, en: "not applicable: \(applies.reason.en)", zh: "不适用：\(applies.reason.zh)")
            }
        }
        return rule.evaluate(&context, indicator: self)
    }
}

extension IndicatorRule {
    func evaluate(_ context: inout ReferenceContext, indicator: Indicator) -> ReferenceOutcome? {
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
            let sum = rule.facts.count > 1 || basePoints != .zero ? (basePoints == .zero ? " → total \(total)" : " → \(baseText)\(total) = \(raw)") : ""
            let sumZh = rule.facts.count > 1 || basePoints != .zero ? (basePoints == .zero ? " → 合计\(total)分" : " → \(baseTextZh)\(total)分 = \(raw)分") : ""
            var outcome = context.outcome(raw, en: parts.joined(separator: ", ") + sum, zh: partsZh.joined(separator: "，") + sumZh)
            if rule.capEach != nil { outcome.partsBeforeCapEach = earnedParts }
            outcome.base = basePoints
            return outcome
        case .lookup(let ref, let table):
            guard case .choice(let index)? = context.value(ref, for: user), let values = ref.type.choices else { return nil }
            return context.outcome(table[index], en: "\(ref.name) \(values[index]) → \(table[index])",
                               zh: "\(context.title(ref).zh)：\(FactRegistry.valueTitlesZh[values[index]] ?? values[index]) → \(table[index])分")
        case .bands(let ref, let bands):
            guard let value = context.value(ref, for: user)?.numeric else { return nil }
            guard let band = bands.referenceBand(containing: value) else {
                return context.outcome(.zero, en: "\(ref.name) \(value) is below \(bands[0].from) → 0",
                                   zh: "\(context.title(ref).zh) \(value) 低于 \(bands[0].from) → 0分")
            }
            return context.outcome(band.points, en: "\(ref.name) \(value) in band \(band.range) → \(band.points)",
                               zh: "\(context.title(ref).zh) \(value) 属于区间 \(band.range) → \(band.points)分")
        case .ageBands(let bands):
            guard let age = context.age(for: user) else { return nil }
            let at = context.ageReference
            guard let band = bands.referenceBand(containing: Fixed(Int64(age.years))) else {
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
            var results: [(Indicator, ReferenceOutcome, Fixed)] = []
            for option in options {
                if let (outcome, points) = option.evaluate(&context) { results.append((option, outcome, points)) }
            }
            guard results.count == options.count else { return nil }
            let bestPoints = results.map(\.2).max()!
            let chosen = results.first { $0.2 == bestPoints }!  // on a tie, the option listed first
            let others = results.map { "\($0.0.id) \($0.2)" }.joined(separator: ", ")
            let othersZh = results.map { "\($0.0.title.zh) \($0.2)分" }.joined(separator: "，")
            let capNote = chosen.1.raw == chosen.2 ? "" : " (cap \(chosen.2))"
            let capNoteZh = chosen.1.raw == chosen.2 ? "" : "（上限\(chosen.2)分）"
            return context.outcome(chosen.2, en: "best of \(others) → \(chosen.0.id): \(chosen.1.explanation.en)\(capNote)",
                               zh: "择优（\(othersZh)）→ \(chosen.0.title.zh)：\(chosen.1.explanation.zh)\(capNoteZh)")
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
            // Rounds once per line: the shares are added as one exact fraction.
            var numerator = 0 as Int128, denominator = 1 as Int128, parts: [String] = []
            for item in items {
                guard let divisor = item[field]?.whole, divisor > 0 else { continue }
                numerator = numerator * Int128(divisor) + Int128(points.units) * denominator
                denominator *= Int128(divisor)
                parts.append("\(points) ÷ \(divisor)")
            }
            let raw = context.scheme.rounding.round(numerator, over: denominator)
            let rule = "\(context.scheme.rounding.decimals) places, \(context.scheme.rounding.mode.rawValue)"
            let detail = parts.isEmpty ? "none" : parts.joined(separator: " + ") + " = \(raw) (rounded once, \(rule))"
            let detailZh = parts.isEmpty ? "无" : parts.joined(separator: " + ") + " = \(raw)分（合计后舍入一次）"
            return context.outcome(raw, en: "\(items.count) item(s), \(points) ÷ \(fieldName) each: \(detail)",
                               zh: "\(items.count)项，每项\(points)分 ÷ 人数：\(detailZh)")
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
    func referenceBand(containing value: Fixed) -> Band? {
        guard let band = last(where: { value >= $0.from }), band.to.map({ value < $0 }) ?? true else { return nil }
        return band
    }
}


/// The outcome of a condition and the reason, in both languages.
struct ReferenceConditionOutcome {
    let truth: Truth
    let reason: Bilingual
    var holds: Bool { truth == .holds }

    init(truth: Truth, reason: Bilingual) {
        self.truth = truth
        self.reason = reason
    }

    init(holds: Bool, reason: Bilingual) {
        self.init(truth: holds ? .holds : .fails, reason: reason)
    }
}

extension Condition {
    /// Checks the condition; `.missing` when a fact it needs is missing (recorded in the
    /// context), `.open` when it waits on a parameter not on record.
    func evaluate(_ context: inout ReferenceContext, user: NeededBy, reasons: ReasonNeed = .always) -> ReferenceConditionOutcome {
        let registry = context.scheme.registry
        func title(_ ref: FactRef) -> Bilingual { registry.definitions[ref.id].title }
        func notStated(_ ref: FactRef) -> ReferenceConditionOutcome {
            ReferenceConditionOutcome(truth: .missing, reason: reasons.wants(false) ? Bilingual(zh: "\(title(ref).zh)未填写", en: "\(ref.name) not stated") : ReferenceOutcome.unexplained)
        }
        func outcome(_ holds: Bool, en: @autoclosure () -> String, zh: @autoclosure () -> String) -> ReferenceConditionOutcome {
            ReferenceConditionOutcome(holds: holds, reason: reasons.wants(holds) ? Bilingual(zh: zh(), en: en()) : ReferenceOutcome.unexplained)
        }
        func compare(_ actual: Fixed, _ bound: Fixed, isLower: Bool, en: String, zh: String) -> ReferenceConditionOutcome {
            let holds = isLower ? actual >= bound : actual <= bound
            let op = isLower ? (holds ? "≥" : "<") : (holds ? "≤" : ">")
            return outcome(holds, en: "\(en) \(actual) \(op) \(bound)", zh: "\(zh) \(actual) \(op) \(bound)")
        }
        switch self {
        case .awaits(let ref, let index, let atLeast):
            guard let actual = context.value(ref, for: user)?.numeric else { return notStated(ref) }
            if !context.openParameters.contains(index) { context.openParameters.append(index) }
            let parameter = context.scheme.parameters[index], op = atLeast ? "≥" : "≤"
            return ReferenceConditionOutcome(truth: .open, reason: reasons.wants(false)
                ? Bilingual(zh: "\(title(ref).zh) \(actual) \(op) \(parameter.title.zh)？（未有规定）", en: "\(ref.name) \(actual) \(op) \(parameter.name)? (not on record)")
                : ReferenceOutcome.unexplained)
        case .validOnAsOf(let ref):
            guard case .date(let until)? = context.value(ref, for: user) else { return notStated(ref) }
            let holds = until >= context.asOf
            return outcome(holds, en: "\(ref.name) \(until)" + (holds ? ", valid on " : ", expired before ") + "\(context.asOf)",
                           zh: "\(title(ref).zh)\(until)" + (holds ? "，评估日" : "，已于评估日") + "\(context.asOf)" + (holds ? "仍有效" : "前失效"))
        case .flag(let ref, let expected):
            guard case .bool(let actual)? = context.value(ref, for: user) else { return notStated(ref) }
            return outcome(actual == expected, en: "\(ref.name) is \(actual)" + (actual == expected ? "" : " (needs \(expected))"),
                           zh: "\(title(ref).zh)为\(actual ? "是" : "否")" + (actual == expected ? "" : "（须为\(expected ? "是" : "否")）"))
        case .choice(let ref, let allowed, let negated):
            guard case .choice(let index)? = context.value(ref, for: user), let values = ref.type.choices else { return notStated(ref) }
            let holds = allowed.contains(index) != negated
            let wanted = allowed.sorted().map { values[$0] }.joined(separator: "/")
            let wantedZh = allowed.sorted().map { FactRegistry.valueTitlesZh[values[$0]] ?? values[$0] }.joined(separator: "/")
            let need = negated ? "not \(wanted)" : wanted
            return outcome(holds, en: "\(ref.name) is \(values[index])" + (holds ? "" : " (needs \(need))"),
                           zh: "\(title(ref).zh)为\(FactRegistry.valueTitlesZh[values[index]] ?? values[index])" + (holds ? "" : "（须\(negated ? "不为" : "为")\(wantedZh)）"))
        case .text(let ref, let allowed, let negated):
            guard case .text(let actual)? = context.value(ref, for: user) else { return notStated(ref) }
            let holds = allowed.contains(actual) != negated
            return outcome(holds, en: "\(ref.name) is \(actual)", zh: "\(title(ref).zh)为\(actual)")
        case .atLeast(let ref, let bound), .atMost(let ref, let bound):
            guard let actual = context.value(ref, for: user)?.numeric else { return notStated(ref) }
            return compare(actual, bound, isLower: { if case .atLeast = self { true } else { false } }(),
                           en: ref.name, zh: title(ref).zh)
        case .ageAtLeast(let bound), .ageAtMost(let bound):
            guard let age = context.age(for: user) else { return notStated(FactRef.birthDate) }
            return compare(Fixed(Int64(age.years)), Fixed(Int64(bound)), isLower: { if case .ageAtLeast = self { true } else { false } }(),
                           en: "age", zh: "年龄")
        case .scoreAtLeast(let index, let name, let bound), .scoreAtMost(let index, let name, let bound):
            return compare(context.scores[index], bound, isLower: { if case .scoreAtLeast = self { true } else { false } }(),
                           en: name, zh: name)
        case .all(let parts):
            // A missing fact decides first, then a part that fails, then one that waits.
            let opened = context.openParameters.count
            let outcomes = parts.map { $0.evaluate(&context, user: user, reasons: reasons) }
            let truth: Truth = [.missing, .fails, .open].first { t in outcomes.contains { $0.truth == t } } ?? .holds
            if truth != .open { context.openParameters.removeSubrange(opened...) }
            return join(outcomes.filter { truth == .holds || $0.truth == truth || (truth == .missing && !$0.holds) }, truth: truth, separator: "; ", zhSeparator: "；")
        case .any(let parts):
            let opened = context.openParameters.count
            let outcomes = parts.map { $0.evaluate(&context, user: user, reasons: reasons) }
            let truth: Truth = outcomes.contains(where: \.holds) ? .holds : [.missing, .open].first { t in outcomes.contains { $0.truth == t } } ?? .fails
            if truth != .open { context.openParameters.removeSubrange(opened...) }
            if let first = outcomes.first(where: \.holds) { return first }
            return join(outcomes, truth: truth, separator: " / ", zhSeparator: " / ")
        case .not(let inner):
            // The inner reason is wanted whichever way it goes: the outer one negates it.
            let o = inner.evaluate(&context, user: user, reasons: reasons == .never ? .never : .always)
            let truth: Truth = o.truth == .holds ? .fails : o.truth == .fails ? .holds : o.truth
            return ReferenceConditionOutcome(truth: truth, reason: Bilingual(zh: "并非（\(o.reason.zh)）", en: "not (\(o.reason.en))"))
        }
    }

    private func join(_ outcomes: [ReferenceConditionOutcome], truth: Truth, separator: String, zhSeparator: String) -> ReferenceConditionOutcome {
        let parts = outcomes.filter { !$0.reason.en.isEmpty }
        return ReferenceConditionOutcome(truth: truth, reason: Bilingual(zh: parts.map(\.reason.zh).joined(separator: zhSeparator),
                                                                 en: parts.map(\.reason.en).joined(separator: separator)))
    }
}

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
    func referenceEvaluate(_ facts: FactSet, asOf: LocalDate, explain: Bool = true) throws(FactsError) -> ScoreCard {
        var context = ReferenceContext(scheme: self, facts: facts, asOf: asOf, explain: explain)
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
        var gateResults: [ScoreCard.GateResult] = [], channelResults: [ScoreCard.ChannelResult] = [], tiers: [ScoreCard.TierResult] = []
        var gatesMissing = false
        for gate in gates {
            let opened = context.openParameters.count
            guard let result = evaluate(gate, &context) else { gatesMissing = true; continue }
            if result.passed != nil { context.openParameters.removeSubrange(opened...) }
            gateResults.append(result)
        }
        for channel in channels {
            // A fact a channel needs and the applicant did not state: the channel does not hold.
            let known = context.missing.count, opened = context.openParameters.count
            let outcome = channel.when.evaluate(&context, user: NeededBy(isGate: true, id: channel.id), reasons: .always)
            context.missing.removeSubrange(known...)
            if outcome.truth != .open { context.openParameters.removeSubrange(opened...) }
            channelResults.append(ScoreCard.ChannelResult(id: channel.id, title: channel.title, clause: channel.clause,
                                                          holds: outcome.truth == .open ? nil : outcome.holds, reason: outcome.reason, family: channel.family))
        }
        for service in services {
            let opened = context.openParameters.count
            guard let tier = tier(of: service, &context) else { continue }
            if tier.undetermined != true { context.openParameters.removeSubrange(opened...) }
            tiers.append(tier)
        }
        if !context.missing.isEmpty { throw missingFactsError(context.missing) }
        precondition(!gatesMissing)
        let failed = gateResults.filter { $0.passed == false }
        let channelHolds = channels.isEmpty || channelResults.contains { $0.holds == true }
        let qualified = failed.isEmpty && gateResults.allSatisfy { $0.passed == true } && channelHolds
        let channelsOpen = !channelHolds && channelResults.contains { $0.holds == nil }
        let undetermined = failed.isEmpty && !qualified && (channelHolds || channelsOpen) && (gateResults.contains { $0.passed == nil } || channelsOpen)
        let tieBreakers = ranking.tieBreakers.map { tb in
            ScoreCard.TieBreakerValue(fact: tb.fact.name, descending: tb.descending, value: (facts[tb.fact.id] ?? defaults[tb.fact.id])?.numeric)
        }
        return ScoreCard(
            scheme: ScoreCard.SchemeInfo(id: metadata.id, version: metadata.version, title: metadata.title,
                                         legalSource: metadata.legalSource, contentHash: metadata.contentHash,
                                         publishedOn: metadata.publishedOn?.description),
            asOf: asOf.description, total: scoreTotals[totalScore].points, rankingScore: scoreTotals[ranking.score].points,
            tieBreakers: tieBreakers, qualified: undetermined ? nil : qualified, scores: scoreTotals, groups: groupTotals, lines: lines,
            gates: gateResults, failedGates: failed, warnings: context.warnings, tiers: tiers,
            channels: channels.isEmpty ? nil : channelResults,
            undetermined: context.openParameters.isEmpty ? nil : context.openParameters.map { p in
                OpenParameter(name: parameters[p].name, title: parameters[p].title, clause: parameters[p].clause, setBy: parameters[p].setBy)
            })
    }

    /// A named score: the sum of its groups, plus its multiplier's percentage when that
    /// applies, then capped.
    private func score(of score: ScoreDefinition, _ groupTotals: [ScoreCard.Subtotal], _ context: inout ReferenceContext) -> ScoreCard.Subtotal {
        let raw = score.groups.reduce(Fixed.zero) { $0 + groupTotals[$1].points }
        var points = raw, percentAdded: Fixed?
        if let multiplier = score.multiplier,
           multiplier.when.evaluate(&context, user: NeededBy(isGate: false, id: "score \(score.id)"), reasons: .never).holds {
            points = rounding.divide(raw * (Fixed(100) + multiplier.percent).units, by: 100 * Fixed.scale)
            percentAdded = multiplier.percent
        }
        return ScoreCard.Subtotal(id: score.id, title: score.title, raw: raw, points: score.cap.map { min(points, $0) } ?? points,
                                  cap: score.cap, percentAdded: percentAdded)
    }

    /// The service's tier: the first, from the highest, whose condition holds. The reason says
    /// why it holds and why each higher tier does not; with no tier, why none does. Nil when a
    /// fact a tier needs is missing.
    private func tier(of service: PublicService, _ context: inout ReferenceContext) -> ScoreCard.TierResult? {
        let user = NeededBy(isGate: false, id: "service \(service.id)")
        let score = context.scores[service.score]
        var missed: [(zh: String, en: String)] = []
        for tier in service.tiers {
            let known = context.missing.count
            let outcome = tier.when.evaluate(&context, user: user, reasons: .always)
            // No child named: what the tier asks of a child does not hold (and the card does not fail).
            let others = context.missing[known...].filter { !registry.definitions[$0.id].name.hasPrefix("child.") }
            context.missing.replaceSubrange(known..., with: others)
            if outcome.truth == .missing, context.missing.count > known { return nil }
            if outcome.truth == .open {
                // It may be the applicant's tier: the ones below are not looked at.
                return ScoreCard.TierResult(service: service.id, tier: nil, title: service.title, clause: service.clause, batch: nil, score: score,
                                            reason: Bilingual(zh: "未定：\(tier.title.zh)（\(outcome.reason.zh)）", en: "undetermined: \(tier.title.en) (\(outcome.reason.en))"),
                                            undetermined: true)
            }
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


    private func evaluate(_ gate: Gate, _ context: inout ReferenceContext) -> ScoreCard.GateResult? {
        let user = NeededBy(isGate: true, id: gate.id)
        let reasons: ReasonNeed = context.explain ? .always : .whenFailing
        var exemptTruth = Truth.fails, exemptReason = ReferenceOutcome.unexplained
        if let exemption = gate.exemptWhen {
            // An exemption that applies is the gate's reason; one that does not is never shown.
            let exempt = exemption.evaluate(&context, user: user, reasons: context.explain ? .always : .never)
            exemptTruth = exempt.truth
            exemptReason = exempt.reason
            if exempt.holds {
                return ScoreCard.GateResult(id: gate.id, title: gate.title, clause: gate.clause, passed: true, exempt: true,
                                            reason: Bilingual(zh: "豁免：\(exempt.reason.zh)", en: "exempt: \(exempt.reason.en)"))
            }
        }
        let outcome = gate.require.evaluate(&context, user: user, reasons: reasons)
        if outcome.truth == .missing || exemptTruth == .missing { return nil }
        let open = outcome.truth == .open || exemptTruth == .open
        let reason = !outcome.holds && exemptTruth == .open && !exemptReason.en.isEmpty
            ? Bilingual(zh: outcome.reason.zh + "；豁免未定：" + exemptReason.zh, en: outcome.reason.en + "; exemption undetermined: " + exemptReason.en)
            : outcome.reason
        return ScoreCard.GateResult(id: gate.id, title: gate.title, clause: gate.clause, passed: outcome.holds ? true : open ? nil : false, exempt: false, reason: reason)
    }
}

extension Band {
    /// `[from, to)` as the explanations show it.
    var range: String { "[\(from), \(to.map(\.description) ?? "∞"))" }
}
