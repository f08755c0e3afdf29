/// An exact decimal with four fractional places, used for points and for money.
///
/// Scoring never touches floating point: every value is an integer count of
/// ten-thousandths. Four places hold every rate the policies use (0.35 points a month,
/// 0.1 a month per insurance type) exactly; divisions (a patent shared by three inventors)
/// are rounded by the scheme's stated rule.
public struct Fixed: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Ten-thousandths.
    public let units: Int64

    /// Ten-thousandths in one whole.
    public static let scale: Int64 = 10_000
    /// Zero.
    public static let zero = Fixed(units: 0)

    /// Creates a value from a count of ten-thousandths.
    public init(units: Int64) { self.units = units }

    /// Creates a whole value.
    public init(_ whole: Int64) { self.units = whole * Fixed.scale }

    /// Parses a decimal text such as `20`, `-10`, `0.35` or `12345.67`.
    ///
    /// Returns nil when the text is not a plain decimal, has more than four fractional
    /// digits, or is too large to hold exactly.
    public init?(decimal text: String) {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" { negative = true; digits = digits.dropFirst() }
        else if digits.first == "+" { digits = digits.dropFirst() }
        let pieces = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), !pieces[0].isEmpty, pieces[0].count <= 14,
              pieces[0].allSatisfy({ $0.isASCII && $0.isNumber }),
              let whole = Int64(pieces[0])
        else { return nil }
        var fraction: Int64 = 0
        if pieces.count == 2 {
            let f = pieces[1]
            guard !f.isEmpty, f.count <= 4, f.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            fraction = Int64(f + String(repeating: "0", count: 4 - f.count))!
        }
        let units = whole * Fixed.scale + fraction
        self.units = negative ? -units : units
    }

    /// The shortest decimal text: `200`, `6.67`, `-10`, `0.35`.
    public var description: String {
        DecimalText.string { DecimalText.write(units: units, to: $0) }
    }

    public static func < (lhs: Fixed, rhs: Fixed) -> Bool { lhs.units < rhs.units }
    // Arithmetic saturates at ±(Int64.max / 2) instead of trapping: validated facts and schemes
    // stay many orders of magnitude below it, and no input may crash the server.
    private static let bound = Int64.max / 2

    private static func saturated(_ result: (partialValue: Int64, overflow: Bool), positive: Bool) -> Fixed {
        if result.overflow || result.partialValue > bound || result.partialValue < -bound {
            return Fixed(units: positive ? bound : -bound)
        }
        return Fixed(units: result.partialValue)
    }

    public static func + (lhs: Fixed, rhs: Fixed) -> Fixed {
        saturated(lhs.units.addingReportingOverflow(rhs.units), positive: lhs.units > 0 || (lhs.units == 0 && rhs.units > 0))
    }
    public static func - (lhs: Fixed, rhs: Fixed) -> Fixed { lhs + (-rhs) }
    public static prefix func - (value: Fixed) -> Fixed { Fixed(units: value.units == Int64.min ? Int64.max : -value.units) }
    public static func += (lhs: inout Fixed, rhs: Fixed) { lhs = lhs + rhs }
    /// Multiplies by a whole count.
    public static func * (lhs: Fixed, rhs: Int64) -> Fixed {
        saturated(lhs.units.multipliedReportingOverflow(by: rhs), positive: (lhs.units < 0) == (rhs < 0))
    }

    /// The value with its magnitude limited to `cap` (a cap bounds deductions too); itself when nil.
    public func limited(to cap: Fixed?) -> Fixed {
        guard let cap, (self < .zero ? -self : self) > cap else { return self }
        return self < .zero ? -cap : cap
    }
}
