/// The steps of an applicant who does not qualify, found by evaluating changed rows with the
/// scheme's own rules: a fact changed alone, or the same facts some months on.
struct NextStepSearch {
    let scheme: Scheme
    let row: FactRow
    let result: ScoreResult
    /// Where the search evaluates (never `result`, which the card still reads).
    private let scratch = ScoreResult()
    /// The gates failing now.
    private let failing: [Int]
    /// Whether the scheme has channels and none holds.
    private let noChannel: Bool

    init(scheme: Scheme, row: FactRow, result: ScoreResult) {
        self.scheme = scheme
        self.row = row
        self.result = result
        self.failing = scheme.gates.indices.filter { !Self.holds(result.gate($0)) }
        self.noChannel = !scheme.channels.isEmpty && !scheme.channels.indices.contains { result.channel($0) }
    }

    private static func holds(_ state: ScoreResult.GateState) -> Bool { state == .passed || state == .exempt }

    func steps() -> [NextStep] {
        var steps = failing.map(gateStep)
        if noChannel {
            steps += scheme.channels.map { channel in
                NextStep(kind: .channel, id: channel.id, clause: channel.clause,
                         text: Bilingual(zh: "可经此渠道落户：\(channel.title.zh)", en: "a way in: \(channel.title.en)"))
            }
        }
        if failing.contains(where: { scheme.gates[$0].threshold != nil }) { steps += changeSteps() }
        steps.append(timeStep())
        return steps
    }

    // MARK: Failed gates

    private func gateStep(_ g: Int) -> NextStep {
        let gate = scheme.gates[g]
        guard let threshold = gate.threshold else {
            return NextStep(kind: .gate, id: gate.id, clause: gate.clause,
                            text: Bilingual(zh: "须满足：\(gate.title.zh)", en: "to meet: \(gate.title.en)"))
        }
        let short = threshold.bound - result.scorePoints(threshold.score)
        return NextStep(kind: .gate, id: gate.id, clause: gate.clause, points: short,
                        text: Bilingual(zh: "须满足：\(gate.title.zh)（差\(short)分）", en: "to meet: \(gate.title.en) (\(short) points short)"))
    }

    // MARK: One fact changed

    /// For each fact a points line reads that an applicant can change (not a date, a list, or
    /// a month count that accrues by itself), the smallest change that makes every short score
    /// reach its gate while every gate that holds still holds.
    private func changeSteps() -> [NextStep] {
        var seen = Set<FactID>(), steps: [NextStep] = []
        for indicator in scheme.indicators where !indicator.deducts {
            for fact in indicator.readFacts where seen.insert(fact.id).inserted {
                guard !scheme.registry.definitions[fact.id].accrues, let change = smallestChange(of: fact) else { continue }
                steps.append(changeStep(fact, to: change))
            }
        }
        return steps
    }

    /// Whether a changed row reaches the short scores' gates and keeps every other gate.
    private func reachesThreshold(_ candidate: FactRow) -> Bool {
        scheme.evaluate(candidate, asOf: result.asOf, into: scratch)
        guard scratch.isComplete else { return false }
        return scheme.gates.indices.allSatisfy { g in
            Self.holds(scratch.gate(g)) || (failing.contains(g) && scheme.gates[g].threshold == nil)
        }
    }

    /// The value of `fact` (as a slot) closest to the applicant's that reaches the threshold:
    /// for a number, the least above theirs (found by bisection, points growing with it); for
    /// a choice, the one leaving the smallest total (the first in the vocabulary's order); for
    /// a flag, the other value.
    private func smallestChange(of fact: FactRef) -> Int64? {
        let stated = row.values[fact.id]
        let current = stated != FactRow.absent ? stated : scheme.plan.defaults.values[fact.id]
        guard current != FactRow.absent else { return nil }
        var candidate = row
        func reaches(_ value: Int64) -> Bool {
            candidate.values[fact.id] = value
            return reachesThreshold(candidate)
        }
        switch fact.type {
        case .bool:
            return reaches(current == 0 ? 1 : 0) ? (current == 0 ? 1 : 0) : nil
        case .choice(let values):
            var best: (value: Int64, total: Fixed)?
            for index in values.indices.map(Int64.init) where index != current && reaches(index) {
                if best == nil || scratch.total < best!.total { best = (index, scratch.total) }
            }
            return best?.value
        case .months, .count, .yuan, .area:
            if let values = breakpoints(of: fact) {  // the least that reaches is one of them
                return values.first { $0 > current && reaches($0) }
            }
            let scale = Fixed.scale
            var low = current / scale, high: Int64
            switch fact.type {  // the most a facts document may state
            case .count(let range): high = range.upperBound
            case .yuan: high = FactType.yuanLimit.units / scale
            case .area: high = FactType.areaLimit.units / scale
            default: high = FactType.monthsRange.upperBound
            }
            guard high > low, reaches(high * scale) else { return nil }
            while high - low > 1 {  // low does not reach, high does
                let middle = low + (high - low) / 2
                if reaches(middle * scale) { high = middle } else { low = middle }
            }
            return high * scale
        default:
            return nil
        }
    }

    /// The values (slots) at which anything reading a numeric fact can change its outcome, when
    /// only bands and conditions read it: each band's bounds, each condition's bound (a whole
    /// unit past an upper one). Nil when another rule reads it (then it is bisected).
    private func breakpoints(of fact: FactRef) -> [Int64]? {
        var values: [Int64] = []
        func visit(_ condition: Condition) {
            switch condition {
            case .atLeast(let ref, let bound) where ref.id == fact.id: values.append(bound.units)
            case .atMost(let ref, let bound) where ref.id == fact.id: values.append((bound.units / Fixed.scale + 1) * Fixed.scale)
            case .all(let parts), .any(let parts): parts.forEach(visit)
            case .not(let inner): visit(inner)
            default: break
            }
        }
        /// Whether only bands read the fact in the indicator's rules (its conditions are visited).
        func bandsOnly(_ indicator: Indicator) -> Bool {
            if let when = indicator.when { visit(when) }
            switch indicator.rule {
            case .bands(let ref, let bands) where ref.id == fact.id:
                values += bands.flatMap { [$0.from.units] + ($0.to.map { [$0.units] } ?? []) }
                return true
            case .bestOf(let options): return options.allSatisfy(bandsOnly)
            default: return !indicator.factRefs.contains { $0.id == fact.id }  // (a best_of is the case above)
            }
        }
        guard scheme.indicators.allSatisfy(bandsOnly) else { return nil }
        for gate in scheme.gates {
            visit(gate.require)
            if let exempt = gate.exemptWhen { visit(exempt) }
        }
        for score in scheme.scores { if let multiplier = score.multiplier { visit(multiplier.when) } }
        return Set(values).sorted()
    }

    private func changeStep(_ fact: FactRef, to value: Int64) -> NextStep {
        var changed = row
        changed.values[fact.id] = value
        scheme.evaluate(changed, asOf: result.asOf, into: scratch)
        let gain = scratch.total - result.total
        let line = (0..<scheme.plan.lineCount).first { scratch.linePoints($0) != result.linePoints($0) }
        let indicator = line.map { scheme.indicators[$0] }
        let definition = scheme.registry.definitions[fact.id]
        let from = show(row, fact), to = show(changed, fact)
        let through = indicator.map { (zh: "（\($0.title.zh)）", en: " (\($0.title.en))") } ?? (zh: "", en: "")
        return NextStep(kind: .change, id: indicator?.id ?? fact.name, clause: indicator?.clause ?? "", fact: fact.name, from: from, to: to, points: gain,
                        text: Bilingual(zh: "\(definition.title.zh)由\(from)改为\(to)：加\(gain)分\(through.zh)，总分\(scratch.total)",
                                        en: "\(fact.name) \(from) → \(to): +\(gain) points\(through.en), total \(scratch.total)"))
    }

    /// A fact's value in `row` as the card shows it (the scheme's default when not stated).
    private func show(_ row: FactRow, _ fact: FactRef) -> String {
        let value = row.value(of: fact.id, type: fact.type) ?? scheme.plan.defaults.value(of: fact.id, type: fact.type)
        return value?.rendered(as: fact.type) ?? "—"
    }

    // MARK: Waiting

    /// The first day, up to the scheme's last day in force (or the horizon), on which the
    /// applicant qualifies with nothing changed but time: every month count above zero that
    /// accrues grows by the months passed, and age, windows and age points follow the date.
    /// Days looked at: each month from the evaluation date, and each birthday (an age bound).
    private func timeStep() -> NextStep {
        let asOf = result.asOf
        // (A version evaluated after its last day, as a caller of `Scheme.score` may, looks no further.)
        let last = max(asOf, scheme.metadata.effectiveTo ?? asOf.adding(months: Scheme.nextStepsHorizonMonths) ?? asOf)
        let failingClauses = (failing.map { scheme.gates[$0].clause } + (noChannel ? scheme.channels.map(\.clause) : [])).joined(separator: "; ")
        let accruing = (0..<(2 * row.width)).filter { slot in
            scheme.registry.definitions[slot % row.width].accrues && row.values[slot] != FactRow.absent && row.values[slot] > 0
        }
        var shifted = row
        func evaluate(on date: LocalDate) {
            let months = Int64(asOf.wholeMonths(to: date))
            for slot in accruing { shifted.values[slot] = row.values[slot] + months * Fixed.scale }
            scheme.evaluate(shifted, asOf: date, into: scratch)
        }
        // A failing gate that time cannot change keeps the applicant out whatever the date.
        if failing.allSatisfy({ scheme.gates[$0].changesWithTime }), !noChannel || scheme.channels.contains(where: \.when.changesWithTime) {
            for date in daysToLookAt(from: asOf, to: last) {
                evaluate(on: date)
                guard scratch.isComplete, scratch.qualified else { continue }
                return NextStep(kind: .wait, id: scheme.metadata.id, clause: failingClauses, date: date.description,
                                text: Bilingual(zh: "若其他情况不变，\(date)起符合条件（月数按月累计，年龄分随年龄变化）",
                                                en: "if nothing else changes, qualifies on \(date) (months accrue; age points follow age)"))
            }
        }
        evaluate(on: last)
        let still = scheme.gates.indices.filter { !scratch.isComplete || !Self.holds(scratch.gate($0)) }
        let noChannelThen = noChannel && !scheme.channels.indices.contains { scratch.channel($0) }
        let until = scheme.metadata.effectiveTo != nil ? (zh: "本方案有效期届满（\(last)）前", en: "before \(last), the scheme's last day in force")
                                                       : (zh: "\(Scheme.nextStepsHorizonMonths / 12)年内（至\(last)）", en: "within \(Scheme.nextStepsHorizonMonths / 12) years (by \(last))")
        let blocking: [(title: Bilingual, clause: String)] = still.map { (scheme.gates[$0].title, scheme.gates[$0].clause) }
            + (noChannelThen ? [(title: Bilingual(zh: "任一落户渠道", en: "any settlement channel"), clause: scheme.channels.map(\.clause).joined(separator: "; "))] : [])
        return NextStep(kind: .never, id: scheme.metadata.id, clause: blocking.map { $0.clause }.joined(separator: "; "), date: last.description,
                        text: Bilingual(zh: "若其他情况不变，\(until.zh)无法符合条件，届时仍未满足：\(blocking.map { $0.title.zh }.joined(separator: "；"))",
                                        en: "if nothing else changes, does not qualify \(until.en); still failing then: \(blocking.map { $0.title.en }.joined(separator: "; "))"))
    }

    /// Each month's day from `asOf` and each birthday, after `asOf` up to `last`, in order.
    private func daysToLookAt(from asOf: LocalDate, to last: LocalDate) -> [LocalDate] {
        var days: [LocalDate] = []
        var k = 1
        while let day = asOf.adding(months: k), day <= last {
            days.append(day)
            k += 1
        }
        let born = row.values[FactRef.birthDate.id]
        if born != FactRow.absent {
            let birth = FactRow.date(born)
            for year in asOf.year...max(asOf.year, last.year) {
                if let birthday = birth.anniversary(in: year), asOf < birthday, birthday <= last { days.append(birthday) }
            }
        }
        return days.sorted()
    }
}

extension Gate {
    /// Whether time alone can change the gate's outcome: it reads a score, an age or a month
    /// count that accrues.
    var changesWithTime: Bool { require.changesWithTime || (exemptWhen?.changesWithTime ?? false) }
}

extension Condition {
    /// Whether time alone can change the outcome (see `Gate.changesWithTime`).
    var changesWithTime: Bool {
        switch self {
        case .scoreAtLeast, .scoreAtMost, .ageAtLeast, .ageAtMost: return true
        case .atLeast(let fact, _), .atMost(let fact, _): return FactRegistry.canonical.definition(named: fact.name)?.accrues ?? false
        case .flag, .choice, .text, .awaits, .validOnAsOf: return false
        case .all(let parts), .any(let parts): return parts.contains(where: \.changesWithTime)
        case .not(let inner): return inner.changesWithTime
        }
    }
}
