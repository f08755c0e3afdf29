/// A sum of fractions (a patent's points shared by its inventors) kept exact, so that a line
/// rounds once: three patents of 3 inventors at 20 points are 20, not 3 × 6.67.
///
/// The sum is a reduced fraction of fixed-point units. Should its denominator outgrow 100 bits
/// (dozens of distinct divisors on one line, beyond any real applicant), the rest is added
/// in units of 10⁻²⁴ point, truncated.
struct ExactSum {
    private var numerator: Int128 = 0
    private var denominator: Int128 = 1
    private static let fallbackDenominator: Int128 = 1_000_000_000_000_000_000_000_000
    private static let largestDenominator: Int128 = 1 << 100

    /// Adds `units ÷ divisor` (divisor > 0).
    mutating func add(_ units: Int64, over divisor: Int64) {
        let d = Int128(divisor)
        if denominator == Self.fallbackDenominator {
            numerator = numerator.addingReportingOverflow(Self.clamped(Int128(units), times: Self.fallbackDenominator) / d).partialValue
            return
        }
        let common = denominator / Self.gcd(denominator, d)
        let (lcm, o1) = common.multipliedReportingOverflow(by: d)
        let (left, o2) = numerator.multipliedReportingOverflow(by: lcm / denominator)
        let (right, o3) = Int128(units).multipliedReportingOverflow(by: lcm / d)
        let (sum, o4) = left.addingReportingOverflow(right)
        // The denominator stays under 2¹⁰⁰, leaving room for the rounding step (≤ 10⁴).
        guard !(o1 || o2 || o3 || o4), lcm < Self.largestDenominator else {
            // Past 128 bits: carry on in a fixed denominator.
            let whole = numerator / denominator, rest = numerator % denominator
            let restScaled = denominator <= Self.fallbackDenominator
                ? rest * (Self.fallbackDenominator / denominator) : rest / (denominator / Self.fallbackDenominator)
            numerator = Self.clamped(whole, times: Self.fallbackDenominator) + restScaled
            denominator = Self.fallbackDenominator
            add(units, over: divisor)
            return
        }
        let reduced = Self.gcd(sum, lcm)
        numerator = sum / reduced
        denominator = lcm / reduced
    }

    private static func clamped(_ a: Int128, times b: Int128) -> Int128 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? (a < 0 ? Int128.min / 2 : Int128.max / 2) : product
    }

    /// The sum rounded by the scheme's rule.
    func rounded(by rounding: Rounding) -> Fixed { rounding.round(numerator, over: denominator) }

    private static func gcd(_ a: Int128, _ b: Int128) -> Int128 {
        var (x, y) = (a.magnitude, b.magnitude)
        while y != 0 { (x, y) = (y, x % y) }
        return x == 0 ? 1 : Int128(x)
    }
}
