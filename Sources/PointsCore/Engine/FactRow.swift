/// One applicant's facts as numbers, the form a compiled `ScorePlan` reads.
///
/// Every fact has one `Int64` slot by `FactID`: the applicant's first, then (from `width`) a
/// stated spouse's. Numbers (months, counts, yuan) are fixed-point units, dates `yyyymmdd`,
/// choices their index, flags 0 or 1, texts an index into `texts`; lists, records and hours by
/// year point into `arena` (offset in the high 32 bits, count in the low). `absent` marks a
/// fact the document did not state. A row is reused from applicant to applicant, so scoring
/// a population allocates nothing per applicant.
public struct FactRow: Sendable {
    /// The slot value of a fact that is not stated.
    public static let absent = Int64.min

    /// Facts in the vocabulary (slots per person).
    public let width: Int
    /// Slots by `FactID`: the applicant's, then the spouse's at `width + id`.
    public internal(set) var values: [Int64]
    /// The fields of list items and records, and hours by year as (year, hours) pairs.
    public internal(set) var arena: [Int64]
    /// The texts of text facts.
    public internal(set) var texts: [String]

    /// An empty row for a vocabulary of `width` facts.
    public init(width: Int) {
        self.width = width
        self.values = Array(repeating: Self.absent, count: 2 * width)
        self.arena = []
        self.texts = []
    }

    /// Empties the row, keeping its storage.
    public mutating func clear() {
        values.withUnsafeMutableBufferPointer { $0.update(repeating: Self.absent) }
        arena.removeAll(keepingCapacity: true)
        texts.removeAll(keepingCapacity: true)
    }

    /// Whether a spouse's facts are stated.
    public var hasSpouse: Bool { values[FactRef.spouse.id] != Self.absent }

    /// The slot value of a date.
    @inlinable public static func encode(_ date: LocalDate) -> Int64 {
        Int64(date.year * 10_000 + date.month * 100 + date.day)
    }

    /// The date a slot value holds.
    public static func date(_ value: Int64) -> LocalDate {
        LocalDate(year: Int(value / 10_000), month: Int(value / 100 % 100), day: Int(value % 100)) ?? LocalDate(year: 1900, month: 1, day: 1)!
    }

    /// A slot value pointing at `count` entries from `offset` in the arena.
    @inlinable static func span(offset: Int, count: Int) -> Int64 { Int64(offset) << 32 | Int64(count) }

    /// The arena offset and entry count of a list, record or hours-by-year slot.
    @inlinable static func span(_ value: Int64) -> (offset: Int, count: Int) { (Int(value >> 32), Int(value & 0xFFFF_FFFF)) }
}
