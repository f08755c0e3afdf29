/// What a higher jurisdiction lets its cities' schemes demand (Henan's limits on its cities,
/// the national rules every seed repeats). A scheme names its `jurisdiction_kind` and the sets
/// it is `bound_by`; loading it (validate, reload) refuses a settlement condition that breaks
/// a rule, citing the scheme's line and the rule's clause.
public struct ConstraintSet: Sendable {
    /// The set's id, e.g. `henan-2017`.
    public let id: String
    /// What it is.
    public let title: Bilingual
    /// The legal text its rules come from.
    public let legalSource: Bilingual
    /// Its rules, in file order.
    public let rules: [ConstraintRule]
    /// Where it was read from.
    public let source: String

    /// The kinds of jurisdiction a scheme may name (`jurisdiction_kind`).
    public static let jurisdictionKinds = ["province", "municipality", "provincial_capital", "prefecture_city", "county", "town"]
}

/// One rule of a constraint set, on every settlement condition (each gate and each channel) of
/// the schemes it binds.
public struct ConstraintRule: Sendable {
    /// What a rule checks.
    public enum Kind: Sendable {
        /// A condition may require at most `bound` of these facts (a cap on insurance years).
        case atMost(facts: Set<String>, bound: Fixed)
        /// A condition may not require any of these (home purchase, tax paid, rural rights).
        case forbid([Requirement])
        /// A condition may not read a score (no points-based settlement).
        case noScores
    }

    /// A fact a settlement condition may not require: holding it (a flag that is true, a
    /// positive amount) or, with `values`, having only values among them.
    public struct Requirement: Sendable {
        /// The fact's name (a scheme's own fact too: rural rights are not canonical facts).
        public let fact: String
        /// For a choice: the values that amount to the requirement (`housing: [owned]`).
        public let values: Set<String>?
    }

    /// The rule id, unique in its set.
    public let id: String
    /// What it forbids, in both languages.
    public let title: Bilingual
    /// The clause it comes from.
    public let clause: String
    /// The jurisdiction kinds it binds (empty: every kind).
    public let appliesTo: [String]
    /// What it checks.
    public let kind: Kind
}
