/// One compiled point rule: where it comes from, how it is computed, and its cap.
///
/// A class: a plan is shared by every evaluation, and passing a reference costs one retain
/// where copying the struct cost one per field.
public final class Indicator: Sendable {
    /// Unique within the scheme.
    public let id: String
    /// The group it belongs to (`basic`, `bonus`, `deduction`, …).
    public let group: String
    /// What it rewards or deducts.
    public let title: Bilingual
    /// The clause of the legal source it implements.
    public let clause: String
    /// The greatest magnitude of points it may give, or nil for no cap.
    public let cap: Fixed?
    /// When set, the indicator applies only if this holds (owned vs rented housing).
    public let when: Condition?
    /// Whether a stated spouse's points on this indicator are added to the applicant's before
    /// the cap (school points pool the parents').
    public let poolsSpouse: Bool
    /// How points are computed.
    public let rule: IndicatorRule
    /// What an `open` next step says around the points still open (nil with no cap), worded once.
    public let openWords: OpenWords?

    init(id: String, group: String, title: Bilingual, clause: String, cap: Fixed?, when: Condition?, poolsSpouse: Bool, rule: IndicatorRule) {
        self.id = id
        self.group = group
        self.title = title
        self.clause = clause
        self.cap = cap
        self.when = when
        self.poolsSpouse = poolsSpouse
        self.rule = rule
        self.openWords = Indicator.openWords(title: title, cap: cap)
    }
}

/// How an indicator turns facts into points.
public indirect enum IndicatorRule: Sendable {
    /// Points per unit of one or more numeric facts (units = value ÷ `every`, floored, per fact),
    /// plus `base` once when any of them is reached.
    case perUnit(PerUnit)
    /// Points for a choice value, by its position (values not listed give 0).
    case lookup(FactRef, points: [Fixed])
    /// Points by the band (inclusive lower bound, exclusive upper) the numeric value falls in.
    case bands(FactRef, [Band])
    /// Points by the band the age (completed years at the reference date) falls in.
    case ageBands([Band])
    /// Points when a flag fact is true, or (with no fact) whenever the indicator applies.
    case flag(FactRef?, points: Fixed)
    /// Points deducted per counted item.
    case deduction(FactRef, points: Fixed)
    /// The best of several options (owned vs rented housing).
    case bestOf([Indicator])
    /// Full points up to an age, then minus per year over it, never below zero.
    case ageSteps(AgeSteps)
    /// Points per `every` hours in each calendar year of a window, capped per year.
    case perYear(FactRef, every: Int64, points: Fixed, yearCap: Fixed, windowYears: Int)
    /// For each list item, `points` ÷ the item's field (a patent shared by its inventors).
    case shares(FactRef, field: Int, fieldName: String, points: Fixed)
    /// For each list item, the points of its choice field's value (honours by level).
    case itemLookup(FactRef, field: Int, fieldName: String, points: [Fixed])
    /// For each counted field of a record, `first` for the first and `further` for each more.
    case firstAndFurther(FactRef, [CountedField])
}

/// Points per unit of numeric facts: `points` per `every` units of each fact counted from
/// `from`, each fact's points at most `capEach`, plus `base` once when any fact reaches `from`
/// (or, with no `from`, is above zero).
public struct PerUnit: Sendable {
    /// The facts counted.
    public let facts: [FactRef]
    /// Fact units per scoring unit (12 months make a year).
    public let every: Int64
    /// The scoring unit's name.
    public let unit: Bilingual
    /// Points per scoring unit.
    public let points: Fixed
    /// Points given once when a fact reaches `from` (or is above zero).
    public let base: Fixed?
    /// Where counting starts (5 years of permit = 60 months): units are counted above it.
    public let from: Fixed?
    /// The most points one fact may give (6 per insurance type).
    public let capEach: Fixed?
}

/// A money or count band: `from` inclusive, `to` exclusive (nil: no upper bound).
public struct Band: Sendable {
    /// Inclusive lower bound.
    public let from: Fixed
    /// Exclusive upper bound, or nil for the top band.
    public let to: Fixed?
    /// Points in this band.
    public let points: Fixed
}

/// The stepped age formula: `full` points until `flatUntil` years, then `minusPerYear` less per
/// year over it (a started year counting whole when `countStarted`), never below zero.
public struct AgeSteps: Sendable {
    /// Points at or under the flat bound.
    public let full: Fixed
    /// Below this age no points are given (nil: no lower bound).
    public let fromAge: Int?
    /// The age (completed years) up to which points are full.
    public let flatUntil: Int
    /// Points lost per year over the bound.
    public let minusPerYear: Fixed
    /// Whether a started year over the bound counts as a whole one.
    public let countStarted: Bool
}

/// One field of a record counted by `firstAndFurther` (first-class merits: 20, then +5 each).
public struct CountedField: Sendable {
    /// Position of the field in the record.
    public let field: Int
    /// The field's name.
    public let name: String
    /// Points for the first.
    public let first: Fixed
    /// Points for each further one.
    public let further: Fixed
}
