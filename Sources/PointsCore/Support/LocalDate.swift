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
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
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
        let y = String(year), m = String(month), d = String(day)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-"
            + (m.count == 1 ? "0" + m : m) + "-" + (d.count == 1 ? "0" + d : d)
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
