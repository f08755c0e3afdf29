/// A compiled condition over facts, age and scores: used by gates, by an indicator's `when`
/// and by gate exemptions.
public indirect enum Condition: Sendable {
    /// A flag fact equals the value.
    case flag(FactRef, Bool)
    /// A choice fact is (or, negated, is not) one of the value positions.
    case choice(FactRef, Set<Int>, negated: Bool)
    /// A text fact is (or, negated, is not) one of the texts.
    case text(FactRef, Set<String>, negated: Bool)
    /// A numeric fact is at least the bound.
    case atLeast(FactRef, Fixed)
    /// A numeric fact is at most the bound.
    case atMost(FactRef, Fixed)
    /// A numeric fact is at least (or at most) a parameter not on record (by position in the
    /// scheme's parameters): the outcome waits on the parameter's value.
    case awaits(FactRef, parameter: Int, atLeast: Bool)
    /// A date that may lie ahead (an expiry) is on or after the evaluation date: still valid.
    case validOnAsOf(FactRef)
    /// Age in completed years at the reference date is at least the bound.
    case ageAtLeast(Int)
    /// Age in completed years at the reference date is at most the bound.
    case ageAtMost(Int)
    /// A named score (by position in the scheme's scores) is at least the bound.
    case scoreAtLeast(Int, name: String, Fixed)
    /// A named score is at most the bound.
    case scoreAtMost(Int, name: String, Fixed)
    /// Every condition holds.
    case all([Condition])
    /// At least one condition holds.
    case any([Condition])
    /// The condition does not hold.
    case not(Condition)
}

extension Condition {
    /// The facts the condition reads (not through scores).
    var facts: [FactRef] {
        switch self {
        case .flag(let ref, _), .choice(let ref, _, _), .text(let ref, _, _), .atLeast(let ref, _), .atMost(let ref, _), .awaits(let ref, _, _), .validOnAsOf(let ref): return [ref]
        case .ageAtLeast, .ageAtMost: return [FactRef.birthDate]
        case .scoreAtLeast, .scoreAtMost: return []
        case .all(let parts), .any(let parts): return parts.flatMap(\.facts)
        case .not(let inner): return inner.facts
        }
    }
}
