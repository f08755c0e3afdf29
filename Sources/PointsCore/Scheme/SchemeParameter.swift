/// A number a policy orders but does not give (a rule "not on record"): Chongqing's years of
/// insurance, Zhaotong's floor area per person. The scheme names it, cites the clause that
/// uses it and the document that would fix it, and never guesses it: a condition that needs
/// it while it is unset leaves the card `undetermined`. An operator sets it in the scheme or
/// in a parameter file of their own (`parameters_for`).
public struct SchemeParameter: Sendable, Equatable {
    /// What kind of number the parameter is: it bounds facts of that type only.
    public enum Unit: String, Sendable, CaseIterable {
        case months, count, yuan, area

        /// Whether a fact of `type` is measured in this unit.
        func measures(_ type: FactType) -> Bool {
            switch (self, type) {
            case (.months, .months), (.count, .count), (.yuan, .yuan), (.area, .area): return true
            default: return false
            }
        }
    }

    /// The name conditions use (`{parameter: NAME}`).
    public let name: String
    /// What it is, in both languages.
    public let title: Bilingual
    /// The clause that orders the rule it bounds.
    public let clause: String
    /// The document that would fix its value.
    public let setBy: Bilingual
    /// The kind of number.
    public let unit: Unit
    /// Its value, or nil while not on record.
    public let value: Fixed?
    /// Where the value was set (the scheme file or a parameter file), when set.
    public let valueSource: String?
}
