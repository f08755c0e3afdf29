/// An eligibility condition that must hold: a failed gate is reported, never turned into points.
public struct Gate: Sendable {
    /// Unique within the scheme.
    public let id: String
    /// What the gate requires.
    public let title: Bilingual
    /// The clause it implements.
    public let clause: String
    /// What must hold.
    public let require: Condition
    /// When this holds the gate is waived (a special track).
    public let exemptWhen: Condition?
}
