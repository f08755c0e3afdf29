/// A typed fact value, decoded and range-checked against its `FactType`.
public enum FactValue: Sendable, Hashable {
    /// A flag.
    case bool(Bool)
    /// A date.
    case date(LocalDate)
    /// Months or a count.
    case number(Int64)
    /// Yuan, or square metres: an exact decimal.
    case money(Fixed)
    /// The index of a value in its choice list (resolved once, compared by position).
    case choice(Int)
    /// Free text.
    case text(String)
    /// List items, each holding its fields in the order of the list type's fields.
    case list([[FactValue?]])
    /// A record's fields in the order of its type's fields.
    case record([FactValue?])
    /// Hours by calendar year, sorted by year.
    case hoursByYear([YearHours])
    /// A nested facts set (a spouse).
    case facts(FactSet)

    /// The value as an exact number, for months, counts and yuan.
    public var numeric: Fixed? {
        switch self {
        case .number(let n): return Fixed(n)
        case .money(let m): return m
        default: return nil
        }
    }

    /// The whole number, for months and counts.
    public var whole: Int64? {
        if case .number(let n) = self { return n }
        return nil
    }
}

/// Volunteer (or other) hours within one calendar year.
public struct YearHours: Sendable, Hashable {
    /// The calendar year.
    public let year: Int
    /// The hours in it.
    public let hours: Int64

    /// Creates an entry.
    public init(year: Int, hours: Int64) {
        self.year = year
        self.hours = hours
    }
}

/// One applicant's facts, held by `FactID` position in a registry.
public struct FactSet: Sendable, Hashable {
    /// Values by `FactID`; nil where the document did not state the fact.
    public private(set) var values: [FactValue?]

    /// An empty set sized for `registry`.
    public init(registry: FactRegistry) {
        self.values = Array(repeating: nil, count: registry.count)
    }

    /// The stated value of a fact, or nil.
    public subscript(id: FactID) -> FactValue? {
        get { id < values.count ? values[id] : nil }
        set {
            if id >= values.count { values += Array(repeating: nil, count: id + 1 - values.count) }
            values[id] = newValue
        }
    }
}
