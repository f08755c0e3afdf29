extension Scheme {
    /// Scores one applicant's row into `result`: numbers only, no text, and no allocation once
    /// `result` has held an evaluation of this scheme.
    ///
    /// Facts the scheme needs but the row lacks (with no default) are listed in the result
    /// (`isComplete` is false); `missingFactsError(_:)` turns them into the error a caller
    /// shows. The card is rendered from the result afterwards (`card(_:_:explain:)`).
    ///
    /// - Precondition: the row is sized for this scheme's vocabulary (`registry.count` facts).
    public func evaluate(_ row: FactRow, asOf: LocalDate, into result: ScoreResult) {
        precondition(row.width == registry.count, "a fact row of \(row.width) facts for a vocabulary of \(registry.count)")
        result.reset(plan, asOf: asOf)
        row.values.withUnsafeBufferPointer { values in
            row.arena.withUnsafeBufferPointer { arena in
                var evaluator = NumericEvaluator(plan: plan, row: row, values: values.baseAddress!, arena: arena.baseAddress,
                                                 asOf: asOf, result: result)
                evaluator.run()
                result.adopt(trace: evaluator.trace, count: evaluator.traceCount, capacity: evaluator.traceCapacity)
            }
        }
    }
}

/// The rules of one evaluation over a fact row, walking a `ScorePlan`'s tables. Every rule
/// appends what it read and computed to the trace, in a fixed order `CardRenderer` reads back.
struct NumericEvaluator {
    private unowned(unsafe) let plan: ScorePlan
    private unowned(unsafe) let result: ScoreResult
    private let values: UnsafePointer<Int64>
    private let arena: UnsafePointer<Int64>
    private let defaults: UnsafePointer<Int64>
    private let defaultArena: UnsafePointer<Int64>
    private let texts: [String]
    private let width: Int
    private let hasSpouse: Bool
    private let asOf: LocalDate
    private let ageAt: LocalDate
    private let numbers: UnsafeMutablePointer<Int64>
    private let layout: ScorePlan.Layout
    private(set) var trace: UnsafeMutablePointer<Int64>
    private(set) var traceCount = 0
    private(set) var traceCapacity: Int

    init(plan: ScorePlan, row: FactRow, values: UnsafePointer<Int64>, arena: UnsafePointer<Int64>?, asOf: LocalDate, result: ScoreResult) {
        self.plan = plan
        self.result = result
        self.values = values
        self.arena = arena ?? UnsafePointer(plan.defaultArena.baseAddress!)
        self.defaults = UnsafePointer(plan.defaultValues.baseAddress!)
        self.defaultArena = UnsafePointer(plan.defaultArena.baseAddress!)
        self.texts = row.texts
        self.width = row.width
        self.hasSpouse = values[FactRef.spouse.id] != FactRow.absent
        self.asOf = asOf
        self.ageAt = plan.ageReference ?? asOf
        self.numbers = result.numbers
        self.layout = plan.layout
        self.trace = result.trace
        self.traceCapacity = result.traceCapacity
    }

    @inline(__always) private mutating func push(_ value: Int64) {
        if traceCount == traceCapacity {
            let grown = UnsafeMutablePointer<Int64>.allocate(capacity: traceCapacity * 2)
            grown.moveInitialize(from: trace, count: traceCount)
            trace.deallocate()
            trace = grown
            traceCapacity *= 2
        }
        trace[traceCount] = value
        traceCount += 1
    }

    mutating func run() {
        let n = numbers
        for g in 0..<plan.groups.count {
            let group = plan.groups[g]
            var raw = Fixed.zero
            for i in Int(group.first)..<Int(group.first + group.count) {
                if let (lineRaw, points, optionCut) = indicator(i, person: 0) {
                    n[layout.lineRaw + i] = lineRaw.units
                    n[layout.linePoints + i] = points.units
                    if optionCut || lineRaw > points { n[layout.capCut + i] = 1 }
                    raw += points
                }
            }
            n[layout.groupRaw + g] = raw.units
            n[layout.groupPoints + g] = (group.hasCap ? raw.limited(to: Fixed(units: group.cap)) : raw).units
        }
        for s in 0..<plan.scores.count {
            let score = plan.scores[s]
            var raw = Fixed.zero
            for k in Int(score.groupsFirst)..<Int(score.groupsFirst + score.groupsCount) {
                raw += Fixed(units: n[layout.groupPoints + Int(plan.links[k])])
            }
            var points = raw
            if score.multiplier >= 0, condition(Int(score.multiplier), person: 0, user: score.user) == .holds {
                points = plan.rounding.divide(raw * (Fixed(100) + Fixed(units: score.percent)).units, by: 100 * Fixed.scale)
                n[layout.multiplied + s] = 1
            }
            n[layout.scoreRaw + s] = raw.units
            n[layout.scorePoints + s] = score.hasCap ? min(points.units, score.cap) : points.units
        }
        result.gateTrace = traceCount
        for g in 0..<plan.gates.count {
            n[layout.gates + g] = gate(plan.gates[g]).rawValue
        }
        result.channelTrace = traceCount
        for c in 0..<plan.channels.count {
            // A fact a channel needs and the applicant did not state: the channel does not hold.
            let known = result.missing.count
            let truth = condition(Int(plan.channels[c].require), person: 0, user: plan.channels[c].user)
            if result.missing.count > known { result.missing.removeSubrange(known...) }
            n[layout.channels + c] = truth.rawValue
        }
        result.serviceTrace = traceCount
        for s in 0..<plan.services.count {
            let service = plan.services[s]
            var tier = -1
            for t in 0..<Int(service.tiersCount) {
                let known = result.missing.count
                var truth = condition(Int(plan.links[Int(service.tiersFirst) + t]), person: 0, user: service.user)
                if !plan.childFacts.isEmpty, result.missing.count > known {
                    // No child named (a score card, not an enrolment question): what the tier asks
                    // of a child does not hold, and the card does not fail for it.
                    let others = result.missing[known...].filter { !plan.childFacts.contains($0.id) }
                    result.missing.replaceSubrange(known..., with: others)
                    if truth == .missing, result.missing.count == known { truth = .fails }
                }
                if truth == .fails { continue }
                // A tier that waits on a parameter hides the ones below it: it may be the one.
                tier = truth == .holds ? t : truth == .missing ? -2 : -3
                break
            }
            n[layout.tiers + s] = Int64(tier)
        }
        for i in 0..<plan.tieBreakers.count {
            let tieBreaker = plan.tieBreakers[i]
            n[layout.tieBreakers + i] = tieBreaker.numeric ? stated(Int(tieBreaker.fact), person: 0).value : FactRow.absent
        }
    }

    // The helpers below only read, but are `mutating` so that the mutating rules call them
    // with the evaluator in place: a non-mutating call from one copies all of it first.

    /// A stated or defaulted slot value, and whether it came from the defaults.
    private mutating func stated(_ id: Int, person: Int) -> (value: Int64, isDefault: Bool) {
        let value = values[person + id]
        if value != FactRow.absent { return (value, false) }
        return (defaults[id], true)
    }

    /// A fact's slot value, or nil, recording it as missing for `user`.
    private mutating func read(_ id: Int, person: Int, user: Int32) -> (value: Int64, isDefault: Bool)? {
        let slot = stated(id, person: person)
        if slot.value != FactRow.absent { return slot }
        result.missing.append((id, user, person != 0))
        return nil
    }

    private mutating func arena(_ isDefault: Bool) -> UnsafePointer<Int64> { isDefault ? defaultArena : arena }

    /// Age in completed years at the reference date, whether that is a birthday, and the birth
    /// date's slot value.
    private mutating func age(person: Int, user: Int32) -> (years: Int, onBirthday: Bool, born: Int64)? {
        guard let born = read(FactRef.birthDate.id, person: person, user: user)?.value else { return nil }
        let date = FactRow.date(born)
        return (date.completedYears(at: ageAt), date.isAnniversary(ageAt), born)
    }

    /// Line `index`'s points before and after its cap, pooling a stated spouse's when it says
    /// so; nil when a fact it needs is missing.
    ///
    /// Trace: the applicant's rule trace, then, when pooled, the spouse's and the pooled sum.
    /// `optionCut`: a `best_of` whose chosen option's own cap cut it.
    private mutating func indicator(_ index: Int, person: Int) -> (raw: Fixed, points: Fixed, optionCut: Bool)? {
        let line = UnsafePointer(plan.lines.baseAddress.unsafelyUnwrapped + index)
        let cap = Fixed(units: line.pointee.cap)
        func capped(_ value: Fixed) -> Fixed { line.pointee.hasCap ? value.limited(to: cap) : value }
        guard let own = onePerson(line, index: index, person: person) else { return nil }
        guard line.pointee.poolsSpouse, person == 0, hasSpouse else { return (own.raw, capped(own.raw), own.optionCut) }
        guard let theirs = onePerson(line, index: index, person: width) else { return nil }
        var sum = own.raw + theirs.raw
        if line.pointee.kind == .perUnit, line.pointee.flag2 {
            // Each fact's pooled points meet the per-fact cap (6 per insurance type for both parents).
            sum = own.base + theirs.base
            for k in 0..<Int(line.pointee.count) {
                let earned = Fixed(units: own.parts < 0 ? 0 : trace[own.parts + 4 * k + 2])
                    + Fixed(units: theirs.parts < 0 ? 0 : trace[theirs.parts + 4 * k + 2])
                sum += earned.limited(to: Fixed(units: line.pointee.e))
            }
        }
        push(sum.units)
        return (sum, capped(sum), own.optionCut || theirs.optionCut)
    }

    /// Points before the cap, the base given, and where per-fact parts start in the trace
    /// (-1: none).
    private struct RuleValue {
        var raw: Fixed
        var base = Fixed.zero
        var parts = -1
        /// A `best_of` whose chosen option's cap cut it.
        var optionCut = false
    }

    /// Trace: the `when` condition's, then the rule's when it applies.
    private mutating func onePerson(_ line: UnsafePointer<ScorePlan.Line>, index: Int, person: Int) -> RuleValue? {
        if line.pointee.when >= 0 {
            let truth = condition(Int(line.pointee.when), person: person, user: line.pointee.user)
            guard truth != .missing else { return nil }
            let applies = truth == .holds
            if !applies { return RuleValue(raw: .zero) }
        }
        return rule(line, index: index, person: person)
    }

    // The trace of each rule is written down beside it; the renderer reads the same.
    private mutating func rule(_ line: UnsafePointer<ScorePlan.Line>, index: Int, person: Int) -> RuleValue? {
        let user = line.pointee.user, consts = plan.consts
        switch line.pointee.kind {
        case .perUnit:
            // value, units, earned, points per fact; then reached, base
            var total = Fixed.zero, reached = false, missing = false
            let parts = traceCount
            let from = Fixed(units: line.pointee.d), points = Fixed(units: line.pointee.b), capEach = Fixed(units: line.pointee.e)
            for k in Int(line.pointee.first)..<Int(line.pointee.first + line.pointee.count) {
                guard let value = read(Int(plan.slots[k]), person: person, user: user)?.value else {
                    missing = true
                    for _ in 0..<4 { push(0) }
                    continue
                }
                let counted = Fixed(units: value) - from
                let reaches = !line.pointee.flag ? value > 0 : counted >= .zero
                reached = reached || reaches
                let units = reaches ? counted.units / line.pointee.a : 0
                let earned = points * units
                let capped = line.pointee.flag2 ? earned.limited(to: capEach) : earned
                total += capped
                push(value)
                push(units)
                push(earned.units)
                push(capped.units)
            }
            if missing { return nil }
            let base = reached ? Fixed(units: line.pointee.c) : .zero
            push(reached ? 1 : 0)
            push(base.units)
            if line.pointee.flag, !reached { return RuleValue(raw: .zero) }
            return RuleValue(raw: base + total, base: base, parts: parts)
        case .lookup:
            // choice
            guard let choice = read(Int(line.pointee.fact), person: person, user: user)?.value else { return nil }
            push(choice)
            return RuleValue(raw: Fixed(units: consts[Int(line.pointee.first) + Int(choice)]))
        case .bands:
            // value, band (-1: below)
            guard let value = read(Int(line.pointee.fact), person: person, user: user)?.value else { return nil }
            let band = self.band(value, line)
            push(value)
            push(Int64(band))
            return RuleValue(raw: band < 0 ? .zero : Fixed(units: consts[Int(line.pointee.first) + 3 * band + 2]))
        case .ageBands:
            // born, years, band (-1: outside)
            guard let age = age(person: person, user: user) else { return nil }
            let band = self.band(Int64(age.years) * Fixed.scale, line)
            push(age.born)
            push(Int64(age.years))
            push(Int64(band))
            return RuleValue(raw: band < 0 ? .zero : Fixed(units: consts[Int(line.pointee.first) + 3 * band + 2]))
        case .flag:
            // flag (nothing without a fact)
            guard line.pointee.fact >= 0 else { return RuleValue(raw: Fixed(units: line.pointee.a)) }
            guard let on = read(Int(line.pointee.fact), person: person, user: user)?.value else { return nil }
            push(on)
            return RuleValue(raw: on != 0 ? Fixed(units: line.pointee.a) : .zero)
        case .deduction:
            // count
            guard let value = read(Int(line.pointee.fact), person: person, user: user)?.value else { return nil }
            let count = value / Fixed.scale
            push(count)
            return RuleValue(raw: -(Fixed(units: line.pointee.a) * count))
        case .bestOf:
            // per option: its indicator trace, raw, points; then the chosen option
            var best = -1, bestPoints = Fixed.zero, bestCut = false, missing = false
            for k in 0..<Int(line.pointee.count) {
                guard let (raw, points, _) = indicator(Int(plan.links[Int(line.pointee.first) + k]), person: person) else {
                    missing = true
                    continue
                }
                push(raw.units)
                push(points.units)
                if best < 0 || points > bestPoints { (best, bestPoints, bestCut) = (k, points, raw > points) }  // on a tie, the option listed first
            }
            guard !missing, best >= 0 else { return nil }
            push(Int64(best))
            return RuleValue(raw: bestPoints, optionCut: bestCut)
        case .ageSteps:
            // born, years, birthday, years over (-1: under the lower bound)
            guard let age = age(person: person, user: user) else { return nil }
            push(age.born)
            push(Int64(age.years))
            push(age.onBirthday ? 1 : 0)
            if line.pointee.flag, age.years < Int(line.pointee.c) {
                push(-1)
                return RuleValue(raw: .zero)
            }
            let flatUntil = Int(line.pointee.d)
            let over = age.years < flatUntil ? 0 : age.years - flatUntil + (line.pointee.flag2 && !age.onBirthday ? 1 : 0)
            push(Int64(over))
            let full = Fixed(units: line.pointee.a)
            return RuleValue(raw: over == 0 ? full : max(.zero, full - Fixed(units: line.pointee.b) * Int64(over)))
        case .perYear:
            // entries; per entry: year, hours, earned, counted (absent: outside the window)
            guard let slot = read(Int(line.pointee.fact), person: person, user: user) else { return nil }
            let (offset, count) = FactRow.span(slot.value)
            let entries = arena(slot.isDefault)
            let firstYear = Int64(asOf.year) - line.pointee.d + 1
            let points = Fixed(units: line.pointee.b), yearCap = Fixed(units: line.pointee.c)
            var raw = Fixed.zero
            push(Int64(count))
            for i in 0..<count {
                let year = entries[offset + 2 * i], hours = entries[offset + 2 * i + 1]
                push(year)
                push(hours)
                guard year >= firstYear else {
                    result.warnings.append((Int32(index), year))
                    push(0)
                    push(FactRow.absent)
                    continue
                }
                let earned = points * (hours / line.pointee.a)
                let counted = min(earned, yearCap)
                raw += counted
                push(earned.units)
                push(counted.units)
            }
            return RuleValue(raw: raw)
        case .shares:
            // items; per item the divisor (0: not counted). The shares are added exactly and
            // the sum is rounded once.
            guard let slot = read(Int(line.pointee.fact), person: person, user: user) else { return nil }
            let (offset, count) = FactRow.span(slot.value)
            let items = arena(slot.isDefault), width = Int(line.pointee.width), field = Int(line.pointee.field)
            var sum = ExactSum()
            push(Int64(count))
            for i in 0..<count {
                let value = items[offset + i * width + field]
                let divisor = value == FactRow.absent ? 0 : value / Fixed.scale
                push(max(0, divisor))
                if divisor > 0 { sum.add(line.pointee.a, over: divisor) }
            }
            return RuleValue(raw: sum.rounded(by: plan.rounding))
        case .itemLookup:
            // items; per item the choice (-1: none)
            guard let slot = read(Int(line.pointee.fact), person: person, user: user) else { return nil }
            let (offset, count) = FactRow.span(slot.value)
            let items = arena(slot.isDefault), width = Int(line.pointee.width), field = Int(line.pointee.field)
            var raw = Fixed.zero
            push(Int64(count))
            for i in 0..<count {
                let value = items[offset + i * width + field]
                push(value == FactRow.absent ? -1 : value)
                if value != FactRow.absent { raw += Fixed(units: consts[Int(line.pointee.first) + Int(value)]) }
            }
            return RuleValue(raw: raw)
        case .firstAndFurther:
            // per counted field its count
            guard let slot = read(Int(line.pointee.fact), person: person, user: user) else { return nil }
            let offset = FactRow.span(slot.value).offset
            let fields = arena(slot.isDefault)
            var raw = Fixed.zero
            for k in 0..<Int(line.pointee.count) {
                let at = Int(line.pointee.first) + 3 * k
                let value = fields[offset + Int(consts[at])]
                let n = value == FactRow.absent ? 0 : value / Fixed.scale
                push(n)
                if n > 0 { raw += Fixed(units: consts[at + 1]) + Fixed(units: consts[at + 2]) * (n - 1) }
            }
            return RuleValue(raw: raw)
        }
    }

    /// The band (of the line's triples) holding `value`, or -1.
    private mutating func band(_ value: Int64, _ line: UnsafePointer<ScorePlan.Line>) -> Int {
        let consts = plan.consts
        var found = -1
        for b in 0..<Int(line.pointee.count) where value >= consts[Int(line.pointee.first) + 3 * b] { found = b }
        guard found >= 0 else { return -1 }
        let to = consts[Int(line.pointee.first) + 3 * found + 1]
        return to == FactRow.absent || value < to ? found : -1
    }

    /// A gate's outcome. Trace: the exemption's condition, then (unless exempt) the requirement's.
    private mutating func gate(_ gate: ScorePlan.GateOp) -> ScoreResult.GateState {
        var exemption = Truth.fails
        if gate.exempt >= 0 {
            exemption = condition(Int(gate.exempt), person: 0, user: gate.user)
            if exemption == .holds { return .exempt }
        }
        switch (condition(Int(gate.require), person: 0, user: gate.user), exemption) {
        case (.missing, _), (_, .missing): return .missing
        case (.holds, _): return .passed
        case (.open, _), (_, .open): return .open
        default: return .failed
        }
    }

    /// Condition `index`'s outcome. Every part is checked, so every missing fact is found.
    ///
    /// Trace: a leaf appends the value it compared and its outcome (`Truth`); `all`, `any` and
    /// `not` append their parts' traces, then their outcome.
    private mutating func condition(_ index: Int, person: Int, user: Int32) -> Truth {
        let node = UnsafePointer(plan.conds.baseAddress.unsafelyUnwrapped + index)
        switch node.pointee.kind {
        case .flag:
            return leaf(read(Int(node.pointee.fact), person: person, user: user)?.value) { ($0 != 0) != node.pointee.negated }
        case .choice:
            let consts = plan.consts
            return leaf(read(Int(node.pointee.fact), person: person, user: user)?.value) { value in
                var found = false
                for k in Int(node.pointee.first)..<Int(node.pointee.first + node.pointee.count) where consts[k] == value { found = true }
                return found != node.pointee.negated
            }
        case .text:
            // A default's text is traced as -(index + 1).
            let slot = read(Int(node.pointee.fact), person: person, user: user)
            let allowed = plan.textSets[Int(node.pointee.first)], texts = self.texts, defaults = plan.defaults.texts
            return leaf(slot.map { $0.isDefault ? -($0.value + 1) : $0.value }) { traced in
                allowed.contains(traced < 0 ? defaults[Int(-traced - 1)] : texts[Int(traced)]) != node.pointee.negated
            }
        case .atLeast:
            return leaf(read(Int(node.pointee.fact), person: person, user: user)?.value) { $0 >= node.pointee.bound }
        case .atMost:
            return leaf(read(Int(node.pointee.fact), person: person, user: user)?.value) { $0 <= node.pointee.bound }
        case .validOnAsOf:
            let today = FactRow.encode(asOf)
            return leaf(read(Int(node.pointee.fact), person: person, user: user)?.value) { $0 >= today }
        case .awaits:
            // The fact is read (a missing one is still missing); its comparison waits on the parameter.
            guard let value = read(Int(node.pointee.fact), person: person, user: user)?.value else { return leaf(nil) { _ in false } }
            push(value)
            return state(.open)
        case .ageAtLeast:
            return leaf(age(person: person, user: user).map { Int64($0.years) }) { $0 >= node.pointee.bound }
        case .ageAtMost:
            return leaf(age(person: person, user: user).map { Int64($0.years) }) { $0 <= node.pointee.bound }
        case .scoreAtLeast:
            return leaf(numbers[layout.scorePoints + Int(node.pointee.fact)]) { $0 >= node.pointee.bound }
        case .scoreAtMost:
            return leaf(numbers[layout.scorePoints + Int(node.pointee.fact)]) { $0 <= node.pointee.bound }
        case .all:
            // Missing facts first (the card fails), then a part that fails, then one that waits.
            var missing = false, fails = false, open = false
            for k in Int(node.pointee.first)..<Int(node.pointee.first + node.pointee.count) {
                switch condition(Int(plan.links[k]), person: person, user: user) {
                case .missing: missing = true
                case .fails: fails = true
                case .open: open = true
                case .holds: break
                }
            }
            return state(missing ? .missing : fails ? .fails : open ? .open : .holds)
        case .any:
            var holds = false, missing = false, open = false
            for k in Int(node.pointee.first)..<Int(node.pointee.first + node.pointee.count) {
                switch condition(Int(plan.links[k]), person: person, user: user) {
                case .missing: missing = true
                case .holds: holds = true
                case .open: open = true
                case .fails: break
                }
            }
            return state(holds ? .holds : missing ? .missing : open ? .open : .fails)
        case .not:
            switch condition(Int(plan.links[Int(node.pointee.first)]), person: person, user: user) {
            case .holds: return state(.fails)
            case .fails: return state(.holds)
            case let other: return state(other)
            }
        }
    }

    private mutating func leaf(_ value: Int64?, _ holds: (Int64) -> Bool) -> Truth {
        guard let value else {
            push(0)
            push(Truth.missing.rawValue)
            return .missing
        }
        let outcome: Truth = holds(value) ? .holds : .fails
        push(value)
        push(outcome.rawValue)
        return outcome
    }

    private mutating func state(_ truth: Truth) -> Truth {
        push(truth.rawValue)
        return truth
    }
}

/// A condition's outcome in an evaluation, as its trace records it.
enum Truth: Int64 {
    /// It does not hold.
    case fails = 0
    /// It holds.
    case holds = 1
    /// A fact it needs is neither stated nor defaulted.
    case missing = 2
    /// It waits on a parameter not on record.
    case open = 3
}
