/// The rule that read a fact, named in the error when the fact is missing.
///
/// Kept unformatted: the text is built only for an error, not on every evaluation.
struct NeededBy: Equatable, CustomStringConvertible {
    /// Whether a gate or an indicator.
    let isGate: Bool
    /// The gate's or indicator's id.
    let id: String

    var description: String { (isGate ? "gate " : "indicator ") + id }
}
