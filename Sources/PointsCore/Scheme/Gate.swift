/// An eligibility condition that must hold: a failed gate is reported, never turned into points.
public final class Gate: Sendable {
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

    init(id: String, title: Bilingual, clause: String, require: Condition, exemptWhen: Condition?) {
        self.id = id
        self.title = title
        self.clause = clause
        self.require = require
        self.exemptWhen = exemptWhen
    }
}
