import Foundation

/// A calendar date with no time or zone, as the policies and facts use them (`YYYY-MM-DD`).
///
/// Kept as plain year, month and day so that age and window arithmetic never depend on a
/// time zone or on floating-point seconds.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year, e.g. 2025.
    public let year: Int
    /// The month, 1...12.
    public let month: Int
    /// The day of the month, 1...31 (valid for the month).
    public let day: Int

    /// Creates a date, or returns nil when the day does not exist in that month.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses an ISO `YYYY-MM-DD` date; nil when the text is not one or the day does not exist.
    ///
    /// Reads the UTF-8 bytes directly: dates arrive in every fact document and wire request.
    public init?(iso text: String) {
        var text = text
        guard let parsed = text.withUTF8({ LocalDate.parseISO($0) }) else { return nil }
        self.init(year: parsed.year, month: parsed.month, day: parsed.day)
    }

    private static func parseISO(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let digit = Int(bytes[i]) - Int(UInt8(ascii: "0"))
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        return (y, m, d)
    }

    /// Today's date in China Standard Time (UTC+8), the zone every scheme's dates are in.
    public static func today(now: Date = Date()) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// The ISO text `YYYY-MM-DD`.
    public var description: String {
        DecimalText.string { DecimalText.write(date: self, to: $0) }
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Whole years completed from `self` (a birth date) to `date`.
    ///
    /// A person born on 29 February completes a year on 28 February of a common year.
    public func completedYears(at date: LocalDate) -> Int {
        var years = date.year - self.year
        if (date.month, date.day) < (self.month, self.anniversaryDay(in: date.year)) { years -= 1 }
        return years
    }

    /// The same day `months` months later (the month's last day when it is shorter), or nil
    /// past year 9999.
    public func adding(months: Int) -> LocalDate? {
        let index = year * 12 + month - 1 + months
        let (y, m) = (index / 12, index % 12 + 1)
        return LocalDate(year: y, month: m, day: min(day, LocalDate.daysIn(month: m, year: y)))
    }

    /// Whole months from `self` to `date` (0 when `date` is earlier): from 31 January, one
    /// month has passed on 28 February, as `adding(months:)` counts.
    public func wholeMonths(to date: LocalDate) -> Int {
        var months = (date.year - year) * 12 + date.month - month
        if date.day < min(day, LocalDate.daysIn(month: date.month, year: date.year)) { months -= 1 }
        return max(0, months)
    }

    /// The anniversary of `self` (a birth date) in `year`: 28 February for 29 February in a
    /// common year.
    public func anniversary(in year: Int) -> LocalDate? {
        LocalDate(year: year, month: month, day: anniversaryDay(in: year))
    }

    /// Whether `date` falls exactly on an anniversary of `self` (a birthday).
    public func isAnniversary(_ date: LocalDate) -> Bool {
        date.month == self.month && date.day == self.anniversaryDay(in: date.year)
    }

    private func anniversaryDay(in year: Int) -> Int {
        min(self.day, LocalDate.daysIn(month: self.month, year: year))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
