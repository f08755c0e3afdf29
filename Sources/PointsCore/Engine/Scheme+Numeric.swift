extension Scheme {
    /// Scores one applicant's row into `result`: numbers only, no text, and no allocation once
    /// `result` has held an evaluation of this scheme.
    ///
    /// Facts the scheme needs but the row lacks (with no default) are listed in the result
    /// (`isComplete` is false); `missingFactsError(_:)` turns them into the error a caller
    /// shows. The card is rendered from the result afterwards (`card(_:_:explain:)`).
    public func evaluate(_ row: FactRow, asOf: LocalDate, into result: inout ScoreResult) {
        result.reset(lines: plan.lines.count, groups: groups.count, scores: scores.count, gates: gates.count,
                     services: services.count, tieBreakers: ranking.tieBreakers.count, asOf: asOf)
        let evaluator = NumericEvaluator(scheme: self, row: row, asOf: asOf)
        var line = 0
        for (g, group) in groups.enumerated() {
            var raw = Fixed.zero
            for indicator in group.indicators {
                if let (lineRaw, points) = evaluator.indicator(indicator, person: 0, &result) {
                    result.lineRaw[line] = lineRaw
                    result.linePoints[line] = points
                    raw += points
                }
                line += 1
            }
            result.groupRaw[g] = raw
            result.groupPoints[g] = raw.limited(to: group.cap)
        }
        for (s, score) in scores.enumerated() {
            let raw = score.groups.reduce(Fixed.zero) { $0 + result.groupPoints[$1] }
            var points = raw
            if let multiplier = score.multiplier,
               evaluator.condition(multiplier.when, person: 0, user: plan.scoreUsers[s], &result) == true {
                points = rounding.divide(raw * (Fixed(100) + multiplier.percent).units, by: 100 * Fixed.scale)
                result.multiplied[s] = true
            }
            result.scoreRaw[s] = raw
            result.scorePoints[s] = score.cap.map { min(points, $0) } ?? points
        }
        result.gateTrace = result.trace.count
        for (g, gate) in gates.enumerated() {
            result.gates[g] = evaluator.gate(gate, user: plan.gateUsers[g], &result)
        }
        result.serviceTrace = result.trace.count
        for (s, service) in services.enumerated() {
            result.tiers[s] = -1
            for (t, tier) in service.tiers.enumerated() {
                guard let holds = evaluator.condition(tier.when, person: 0, user: plan.serviceUsers[s], &result) else {
                    result.tiers[s] = -2
                    break
                }
                if holds {
                    result.tiers[s] = t
                    break
                }
            }
        }
        for (i, tieBreaker) in ranking.tieBreakers.enumerated() where tieBreaker.fact.type.isNumeric {
            let value = evaluator.stated(tieBreaker.fact.id, person: 0).value
            result.tieBreakers[i] = value == FactRow.absent ? nil : Fixed(units: value)
        }
    }
}

/// The rules of one evaluation over a fact row. Every rule appends what it read and computed
/// to the result's trace, in a fixed order the card renderer reads back.
struct NumericEvaluator {
    let scheme: Scheme
    let row: FactRow
    let asOf: LocalDate

    /// A stated or defaulted slot value, and whether it came from the defaults (whose arena
    /// and texts hold what it points at).
    func stated(_ id: FactID, person: Int) -> (value: Int64, isDefault: Bool) {
        let value = row.values[person + id]
        if value != FactRow.absent { return (value, false) }
        return (scheme.plan.defaults.values[id], true)
    }

    /// A fact's slot value, or nil, recording it as missing for `user`.
    func read(_ id: FactID, person: Int, user: NeededBy, _ result: inout ScoreResult) -> (value: Int64, isDefault: Bool)? {
        let slot = stated(id, person: person)
        if slot.value != FactRow.absent { return slot }
        result.missing.append((id, user, person != 0))
        return nil
    }

    func arena(_ isDefault: Bool) -> [Int64] { isDefault ? scheme.plan.defaults.arena : row.arena }

    /// The text a traced text value names (negative: a default's).
    func text(_ traced: Int64) -> String {
        traced < 0 ? scheme.plan.defaults.texts[Int(-traced - 1)] : row.texts[Int(traced)]
    }

    /// Age in completed years at the scheme's reference date, whether that is a birthday, and
    /// the birth date's slot value.
    func age(person: Int, user: NeededBy, _ result: inout ScoreResult) -> (years: Int, onBirthday: Bool, born: Int64)? {
        guard let born = read(FactRef.birthDate.id, person: person, user: user, &result)?.value else { return nil }
        let date = FactRow.date(born), at = scheme.ageReference ?? asOf
        return (date.completedYears(at: at), date.isAnniversary(at), born)
    }

    /// An indicator's points before and after its cap, pooling a stated spouse's when it says
    /// so; nil when a fact it needs is missing.
    ///
    /// Trace: the applicant's rule trace, then, when pooled, the spouse's and the pooled sum.
    func indicator(_ indicator: Indicator, person: Int, _ result: inout ScoreResult) -> (raw: Fixed, points: Fixed)? {
        guard let own = onePerson(indicator, person: person, &result) else { return nil }
        guard indicator.poolsSpouse, person == 0, row.hasSpouse else { return (own.raw, own.raw.limited(to: indicator.cap)) }
        guard let theirs = onePerson(indicator, person: row.width, &result) else { return nil }
        var sum = own.raw + theirs.raw
        if case .perUnit(let rule) = indicator.rule, let capEach = rule.capEach {
            // Each fact's pooled points meet the per-fact cap (6 per insurance type for both parents).
            sum = own.base + theirs.base
            for k in rule.facts.indices {
                let earned = Fixed(units: own.parts < 0 ? 0 : result.trace[own.parts + 4 * k + 2])
                    + Fixed(units: theirs.parts < 0 ? 0 : result.trace[theirs.parts + 4 * k + 2])
                sum += earned.limited(to: capEach)
            }
        }
        result.trace.append(sum.units)
        return (sum, sum.limited(to: indicator.cap))
    }

    /// Points before the cap, the base given, and where per-fact parts start in the trace
    /// (-1: none).
    struct RuleValue {
        var raw: Fixed
        var base = Fixed.zero
        var parts = -1
    }

    /// Trace: the `when` condition's, then the rule's when it applies.
    private func onePerson(_ indicator: Indicator, person: Int, _ result: inout ScoreResult) -> RuleValue? {
        if let when = indicator.when {
            let user = NeededBy(isGate: false, id: indicator.id)
            guard let applies = condition(when, person: person, user: user, &result) else { return nil }
            if !applies { return RuleValue(raw: .zero) }
        }
        return rule(indicator, person: person, &result)
    }

    // The trace of each rule is written down beside it; the renderer reads the same.
    private func rule(_ indicator: Indicator, person: Int, _ result: inout ScoreResult) -> RuleValue? {
        let user = NeededBy(isGate: false, id: indicator.id)
        switch indicator.rule {
        case .perUnit(let rule):
            // value, units, earned, points per fact; then reached, base
            var total = Fixed.zero, reached = false, missing = false
            let parts = result.trace.count
            let from = rule.from ?? .zero
            for ref in rule.facts {
                guard let value = read(ref.id, person: person, user: user, &result)?.value else {
                    missing = true
                    result.trace.append(contentsOf: [0, 0, 0, 0] as [Int64])
                    continue
                }
                let counted = Fixed(units: value) - from
                let reaches = rule.from == nil ? value > 0 : counted >= .zero
                reached = reached || reaches
                let units = reaches ? counted.units / (rule.every * Fixed.scale) : 0
                let earned = rule.points * units
                let points = earned.limited(to: rule.capEach)
                total += points
                result.trace.append(value)
                result.trace.append(units)
                result.trace.append(earned.units)
                result.trace.append(points.units)
            }
            if missing { return nil }
            let base = reached ? (rule.base ?? .zero) : .zero
            result.trace.append(reached ? 1 : 0)
            result.trace.append(base.units)
            if rule.from != nil, !reached { return RuleValue(raw: .zero) }
            return RuleValue(raw: base + total, base: base, parts: parts)
        case .lookup(let ref, let table):
            // choice
            guard let index = read(ref.id, person: person, user: user, &result)?.value else { return nil }
            result.trace.append(index)
            return RuleValue(raw: table[Int(index)])
        case .bands(let ref, let bands):
            // value, band (-1: below)
            guard let value = read(ref.id, person: person, user: user, &result)?.value else { return nil }
            let band = bands.bandIndex(containing: Fixed(units: value))
            result.trace.append(value)
            result.trace.append(Int64(band ?? -1))
            return RuleValue(raw: band.map { bands[$0].points } ?? .zero)
        case .ageBands(let bands):
            // born, years, band (-1: outside)
            guard let age = age(person: person, user: user, &result) else { return nil }
            let band = bands.bandIndex(containing: Fixed(Int64(age.years)))
            result.trace.append(age.born)
            result.trace.append(Int64(age.years))
            result.trace.append(Int64(band ?? -1))
            return RuleValue(raw: band.map { bands[$0].points } ?? .zero)
        case .flag(let ref, let points):
            // flag (nothing without a fact)
            guard let ref else { return RuleValue(raw: points) }
            guard let on = read(ref.id, person: person, user: user, &result)?.value else { return nil }
            result.trace.append(on)
            return RuleValue(raw: on != 0 ? points : .zero)
        case .deduction(let ref, let points):
            // count
            guard let value = read(ref.id, person: person, user: user, &result)?.value else { return nil }
            let count = value / Fixed.scale
            result.trace.append(count)
            return RuleValue(raw: -(points * count))
        case .bestOf(let options):
            // per option: its indicator trace, raw, points; then the chosen option
            var best: (index: Int, points: Fixed)?, missing = false
            for (i, option) in options.enumerated() {
                guard let (raw, points) = self.indicator(option, person: person, &result) else {
                    missing = true
                    continue
                }
                result.trace.append(raw.units)
                result.trace.append(points.units)
                if best == nil || points > best!.points { best = (i, points) }  // on a tie, the option listed first
            }
            guard !missing, let best else { return nil }
            result.trace.append(Int64(best.index))
            return RuleValue(raw: best.points)
        case .ageSteps(let steps):
            // born, years, birthday, years over (-1: under the lower bound)
            guard let age = age(person: person, user: user, &result) else { return nil }
            result.trace.append(age.born)
            result.trace.append(Int64(age.years))
            result.trace.append(age.onBirthday ? 1 : 0)
            if let from = steps.fromAge, age.years < from {
                result.trace.append(-1)
                return RuleValue(raw: .zero)
            }
            let over = age.years < steps.flatUntil ? 0
                : age.years - steps.flatUntil + (steps.countStarted && !age.onBirthday ? 1 : 0)
            result.trace.append(Int64(over))
            return RuleValue(raw: over == 0 ? steps.full : max(.zero, steps.full - steps.minusPerYear * Int64(over)))
        case .perYear(let ref, let every, let points, let yearCap, let window):
            // entries; per entry: year, hours, earned, counted (absent: outside the window)
            guard let slot = read(ref.id, person: person, user: user, &result) else { return nil }
            let (offset, count) = FactRow.span(slot.value)
            let entries = arena(slot.isDefault)
            let firstYear = Int64(asOf.year - window + 1)
            var raw = Fixed.zero
            result.trace.append(Int64(count))
            for i in 0..<count {
                let year = entries[offset + 2 * i], hours = entries[offset + 2 * i + 1]
                result.trace.append(year)
                result.trace.append(hours)
                guard year >= firstYear else {
                    result.warnings.append((indicator, year))
                    result.trace.append(0)
                    result.trace.append(FactRow.absent)
                    continue
                }
                let earned = points * (hours / every)
                let counted = min(earned, yearCap)
                raw += counted
                result.trace.append(earned.units)
                result.trace.append(counted.units)
            }
            return RuleValue(raw: raw)
        case .shares(let ref, let field, _, let points):
            // items; per item the divisor (0: not counted). The shares are added exactly and
            // the sum is rounded once.
            guard let slot = read(ref.id, person: person, user: user, &result) else { return nil }
            let (offset, count) = FactRow.span(slot.value)
            let items = arena(slot.isDefault), width = ref.type.fields?.count ?? 1
            var sum = ExactSum()
            result.trace.append(Int64(count))
            for i in 0..<count {
                let value = items[offset + i * width + field]
                let divisor = value == FactRow.absent ? 0 : value / Fixed.scale
                result.trace.append(max(0, divisor))
                if divisor > 0 { sum.add(points.units, over: divisor) }
            }
            return RuleValue(raw: sum.rounded(by: scheme.rounding))
        case .itemLookup(let ref, let field, _, let table):
            // items; per item the choice (-1: none)
            guard let slot = read(ref.id, person: person, user: user, &result) else { return nil }
            let (offset, count) = FactRow.span(slot.value)
            let items = arena(slot.isDefault), width = ref.type.fields?.count ?? 1
            var raw = Fixed.zero
            result.trace.append(Int64(count))
            for i in 0..<count {
                let value = items[offset + i * width + field]
                result.trace.append(value == FactRow.absent ? -1 : value)
                if value != FactRow.absent { raw += table[Int(value)] }
            }
            return RuleValue(raw: raw)
        case .firstAndFurther(let ref, let counted):
            // per counted field its count
            guard let slot = read(ref.id, person: person, user: user, &result) else { return nil }
            let offset = FactRow.span(slot.value).offset
            let fields = arena(slot.isDefault)
            var raw = Fixed.zero
            for entry in counted {
                let value = fields[offset + entry.field]
                let n = value == FactRow.absent ? 0 : value / Fixed.scale
                result.trace.append(n)
                if n > 0 { raw += entry.first + entry.further * (n - 1) }
            }
            return RuleValue(raw: raw)
        }
    }

    /// A gate's outcome. Trace: the exemption's condition, then (unless exempt) the requirement's.
    func gate(_ gate: Gate, user: NeededBy, _ result: inout ScoreResult) -> ScoreResult.GateState {
        if let exemption = gate.exemptWhen {
            guard let exempt = condition(exemption, person: 0, user: user, &result) else { return .undetermined }
            if exempt { return .exempt }
        }
        guard let holds = condition(gate.require, person: 0, user: user, &result) else { return .undetermined }
        return holds ? .passed : .failed
    }

    /// Whether a condition holds; nil when a fact it needs is missing. Every part is checked,
    /// so every missing fact is found.
    ///
    /// Trace: a leaf appends the value it compared and its state (0 fails, 1 holds, 2 missing);
    /// `all`, `any` and `not` append their parts' traces, then their state.
    func condition(_ condition: Condition, person: Int, user: NeededBy, _ result: inout ScoreResult) -> Bool? {
        func leaf(_ value: Int64?, _ holds: (Int64) -> Bool) -> Bool? {
            guard let value else {
                result.trace.append(0)
                result.trace.append(2)
                return nil
            }
            let outcome = holds(value)
            result.trace.append(value)
            result.trace.append(outcome ? 1 : 0)
            return outcome
        }
        func value(_ ref: FactRef) -> Int64? { read(ref.id, person: person, user: user, &result)?.value }
        func state(_ holds: Bool?) -> Bool? {
            result.trace.append(holds.map { $0 ? 1 : 0 } ?? 2)
            return holds
        }
        switch condition {
        case .flag(let ref, let expected):
            return leaf(value(ref)) { ($0 != 0) == expected }
        case .choice(let ref, let allowed, let negated):
            return leaf(value(ref)) { allowed.contains(Int($0)) != negated }
        case .text(let ref, let allowed, let negated):
            // A default's text is traced as -(index + 1).
            let slot = read(ref.id, person: person, user: user, &result)
            return leaf(slot.map { $0.isDefault ? -($0.value + 1) : $0.value }) { allowed.contains(text($0)) != negated }
        case .atLeast(let ref, let bound):
            return leaf(value(ref)) { $0 >= bound.units }
        case .atMost(let ref, let bound):
            return leaf(value(ref)) { $0 <= bound.units }
        case .ageAtLeast(let bound):
            return leaf(age(person: person, user: user, &result).map { Int64($0.years) }) { $0 >= bound }
        case .ageAtMost(let bound):
            return leaf(age(person: person, user: user, &result).map { Int64($0.years) }) { $0 <= bound }
        case .scoreAtLeast(let index, _, let bound):
            return leaf(result.scorePoints[index].units) { $0 >= bound.units }
        case .scoreAtMost(let index, _, let bound):
            return leaf(result.scorePoints[index].units) { $0 <= bound.units }
        case .all(let parts):
            var holds: Bool? = true
            for part in parts {
                switch self.condition(part, person: person, user: user, &result) {
                case nil: holds = nil
                case false?: if holds != nil { holds = false }
                case true?: break
                }
            }
            return state(holds)
        case .any(let parts):
            var anyHolds = false, missing = false
            for part in parts {
                switch self.condition(part, person: person, user: user, &result) {
                case nil: missing = true
                case true?: anyHolds = true
                case false?: break
                }
            }
            return state(anyHolds ? true : (missing ? nil : false))
        case .not(let inner):
            return state(self.condition(inner, person: person, user: user, &result).map { !$0 })
        }
    }
}

extension Array where Element == Band {
    /// The position of the band holding `value` (bands are ordered and contiguous), or nil
    /// outside them all.
    func bandIndex(containing value: Fixed) -> Int? {
        guard let index = lastIndex(where: { value >= $0.from }), self[index].to.map({ value < $0 }) ?? true else { return nil }
        return index
    }
}
