/// The type of a fact or of a field inside a list item, with its unit and valid range.
public indirect enum FactType: Sendable, Hashable {
    /// `true` or `false`.
    case bool
    /// An ISO date, never after the evaluation date.
    case date
    /// An ISO date that may lie ahead: the last day something is valid (a talent card), at most
    /// a century after the evaluation date.
    case expiry
    /// Whole months, 0...1,200.
    case months
    /// A whole count within the range.
    case count(ClosedRange<Int64>)
    /// Yuan: a decimal string or integer with at most two places, 0 ≤ value ≤ 10^12.
    case yuan
    /// Square metres (floor area per person): a decimal with at most two places, 0 ≤ value ≤ 10^6.
    case area
    /// One value of a closed list.
    case choice([String])
    /// Free text (a district name).
    case text
    /// A list of items, each a mapping of fields.
    case list([FactField])
    /// A mapping of fields.
    case record([FactField])
    /// A mapping of calendar year to hours (volunteer service).
    case hoursByYear
    /// A nested facts document of the same vocabulary (a spouse).
    case facts

    /// Months are bounded by a century of residence.
    public static let monthsRange: ClosedRange<Int64> = 0...1_200
    /// Money is bounded by a trillion yuan.
    public static let yuanLimit = Fixed(1_000_000_000_000)
    /// The largest area a fact may state, in square metres.
    public static let areaLimit = Fixed(1_000_000)
    /// Hours in a (leap) year: more volunteer hours than that is impossible.
    public static let hoursPerYearLimit: Int64 = 8_784

    /// The type's name as the scheme files and error messages spell it.
    public var name: String {
        switch self {
        case .bool: return "bool"
        case .date: return "date"
        case .expiry: return "expiry"
        case .months: return "months"
        case .count: return "count"
        case .yuan: return "yuan"
        case .area: return "area"
        case .choice: return "choice"
        case .text: return "text"
        case .list: return "list"
        case .record: return "record"
        case .hoursByYear: return "hours_by_year"
        case .facts: return "facts"
        }
    }

    /// Whether values of this type compare as numbers (months, counts, yuan).
    public var isNumeric: Bool {
        switch self {
        case .months, .count, .yuan, .area: return true
        default: return false
        }
    }

    /// The choice values, if this is a choice.
    public var choices: [String]? {
        if case .choice(let values) = self { return values }
        return nil
    }

    /// The item fields, if this is a list of items or a record.
    public var fields: [FactField]? {
        switch self {
        case .list(let fields), .record(let fields): return fields
        default: return nil
        }
    }
}

/// A named field inside a list item or record fact (`inventors` in `invention_patents`).
public struct FactField: Sendable, Hashable {
    /// The field name.
    public let name: String
    /// Its type.
    public let type: FactType
    /// Whether an item must carry it; an absent optional count is 0, an absent flag false.
    public let required: Bool

    /// Creates a field.
    public init(_ name: String, _ type: FactType, required: Bool = true) {
        self.name = name
        self.type = type
        self.required = required
    }
}
