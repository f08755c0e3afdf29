/// How a scheme rounds the result of a division (a share of a patent, a percentage).
///
/// Every scheme states its rule, so a 3-inventor patent worth 20 points is 6.67 only because
/// the scheme says "two places, half up".
public struct Rounding: Sendable, Hashable {
    /// How ties and remainders are resolved.
    public enum Mode: String, Sendable, CaseIterable {
        /// Remainders of one half or more round away from zero.
        case halfUp = "half_up"
        /// Remainders of exactly one half round to the even neighbour.
        case halfEven = "half_even"
        /// Remainders are dropped (toward zero).
        case down
    }

    /// Fractional digits kept, 0...4.
    public let decimals: Int
    /// The tie rule.
    public let mode: Mode

    /// Creates a rule; `decimals` must be 0...4.
    public init(decimals: Int, mode: Mode) {
        precondition((0...4).contains(decimals), "decimals must be 0...4")
        self.decimals = decimals
        self.mode = mode
    }

    /// The default when a scheme states none: two places, half up.
    public static let twoPlacesHalfUp = Rounding(decimals: 2, mode: .halfUp)

    /// Divides `value` by a positive whole `divisor` and rounds the quotient by this rule.
    public func divide(_ value: Fixed, by divisor: Int64) -> Fixed {
        precondition(divisor > 0)
        return round(Int128(value.units), over: Int128(divisor))
    }

    /// Rounds the exact fraction `numerator ÷ denominator` of fixed-point units (denominator
    /// > 0) by this rule.
    func round(_ numerator: Int128, over denominator: Int128) -> Fixed {
        var step: Int128 = 1
        for _ in 0..<(4 - decimals) { step *= 10 }
        // The quotient in steps of 10^-decimals: numerator / (denominator * step).
        let d = (denominator * step).magnitude
        let negative = numerator < 0
        let n = numerator.magnitude
        var q = n / d
        let r = n % d
        switch mode {
        case .down: break
        case .halfUp: if r * 2 >= d { q += 1 }
        case .halfEven: if r * 2 > d || (r * 2 == d && q % 2 == 1) { q += 1 }
        }
        let units = Int64(clamping: Int128(q) * step)
        return Fixed(units: negative ? -units : units)
    }
}
