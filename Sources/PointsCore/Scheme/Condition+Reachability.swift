/// What one way of meeting a condition allows of a value it reads (a fact, age or a score):
/// a range, a set of choices, a flag. Empty when nothing can satisfy both of two demands.
struct ValueDomain: Equatable {
    var low: Fixed?
    var high: Fixed?
    var choices: Set<Int>?
    var flag: Bool?
    var isEmpty = false

    /// Both demands at once.
    func meeting(_ other: ValueDomain) -> ValueDomain {
        var out = ValueDomain(low: [low, other.low].compactMap { $0 }.max(), high: [high, other.high].compactMap { $0 }.min())
        switch (choices, other.choices) {
        case (let a?, let b?): out.choices = a.intersection(b)
        case (let a, let b): out.choices = a ?? b
        }
        switch (flag, other.flag) {
        case (let a?, let b?): out.flag = a; out.isEmpty = a != b
        case (let a, let b): out.flag = a ?? b
        }
        if let low = out.low, let high = out.high, low > high { out.isEmpty = true }
        if out.choices?.isEmpty == true { out.isEmpty = true }
        out.isEmpty = out.isEmpty || isEmpty || other.isEmpty
        return out
    }
}

extension Condition {
    /// The ways the condition can hold, each what it allows of every value it reads (keyed by
    /// the value's name); nil when there are more than `limit` ways (then it is taken as
    /// reachable). Empty when no facts can meet it. Text, and bounds that wait on a
    /// parameter, allow anything.
    func ways(limit: Int = 256) -> [[String: ValueDomain]]? {
        switch self {
        case .flag(let ref, let value):
            return [[ref.name: ValueDomain(flag: value)]]
        case .choice(let ref, let set, let negated):
            let allowed = negated ? Set(0..<(ref.type.choices?.count ?? 0)).subtracting(set) : set
            return allowed.isEmpty ? [] : [[ref.name: ValueDomain(choices: allowed)]]
        case .atLeast(let ref, let bound):
            return [[ref.name: ValueDomain(low: max(bound, .zero))]]
        case .atMost(let ref, let bound):
            return bound < .zero ? [] : [[ref.name: ValueDomain(low: .zero, high: bound)]]
        case .ageAtLeast(let years):
            return years > 150 ? [] : [["age": ValueDomain(low: Fixed(Int64(years)), high: Fixed(150))]]
        case .ageAtMost(let years):
            return years < 0 ? [] : [["age": ValueDomain(low: .zero, high: Fixed(Int64(years)))]]
        case .scoreAtLeast(_, let name, let bound):
            return [["score " + name: ValueDomain(low: bound)]]
        case .scoreAtMost(_, let name, let bound):
            return [["score " + name: ValueDomain(high: bound)]]
        case .text, .awaits, .validOnAsOf:
            return [[:]]
        case .all(let parts):
            var ways: [[String: ValueDomain]] = [[:]]
            for part in parts {
                guard let options = part.ways(limit: limit) else { return nil }
                var next: [[String: ValueDomain]] = []
                for way in ways {
                    for option in options {
                        let merged = way.merging(option) { $0.meeting($1) }
                        if !merged.values.contains(where: \.isEmpty) { next.append(merged) }
                    }
                    if next.count > limit { return nil }
                }
                ways = next
            }
            return ways
        case .any(let parts):
            var ways: [[String: ValueDomain]] = []
            for part in parts {
                guard let options = part.ways(limit: limit) else { return nil }
                ways += options
                if ways.count > limit { return nil }
            }
            return ways
        case .not(let inner):
            return inner.negated?.ways(limit: limit)
        }
    }

    /// The condition that holds exactly when this one does not, where it can be written; nil
    /// otherwise (taken as reachable).
    var negated: Condition? {
        switch self {
        case .flag(let ref, let value): return .flag(ref, !value)
        case .choice(let ref, let set, let negated): return .choice(ref, set, negated: !negated)
        case .text(let ref, let set, let negated): return .text(ref, set, negated: !negated)
        case .atLeast(let ref, let bound): return .atMost(ref, Fixed(units: bound.units - 1))
        case .atMost(let ref, let bound): return .atLeast(ref, Fixed(units: bound.units + 1))
        case .ageAtLeast(let years): return .ageAtMost(years - 1)
        case .ageAtMost(let years): return .ageAtLeast(years + 1)
        case .scoreAtLeast(let i, let name, let bound): return .scoreAtMost(i, name: name, Fixed(units: bound.units - 1))
        case .scoreAtMost(let i, let name, let bound): return .scoreAtLeast(i, name: name, Fixed(units: bound.units + 1))
        case .awaits, .validOnAsOf: return nil
        case .all(let parts):
            let negatedParts = parts.compactMap(\.negated)
            return negatedParts.count == parts.count ? .any(negatedParts) : nil
        case .any(let parts):
            let negatedParts = parts.compactMap(\.negated)
            return negatedParts.count == parts.count ? .all(negatedParts) : nil
        case .not(let inner): return inner
        }
    }

    /// Whether no facts can meet the condition (its demands contradict each other).
    var isUnreachable: Bool { ways()?.isEmpty ?? false }
}

extension SchemeCompiler {
    /// Reports a gate, channel or tier whose condition no facts can meet.
    func unreachable(_ condition: Condition, _ node: DocumentNode, _ path: String, what: String) {
        guard condition.isUnreachable else { return }
        error(node.line, path, "no applicant can meet this \(what): its demands contradict each other (a value asked to be two things, or a range that is empty)")
    }
}
