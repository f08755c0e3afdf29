/// Writes numbers' and dates' text into memory that has room for it: the one digit writer
/// behind `Fixed.description`, `LocalDate.description`, the card's words and the ranking CSV.
enum DecimalText {
    /// The most bytes one call writes (a sign, 19 digits, a point and 4 places; a date).
    static let maxBytes = 25

    /// The decimal digits of `value`, at least `width` of them (zeros before); returns the count.
    @inline(__always)
    static func write(digits value: UInt64, width: Int = 1, to out: UnsafeMutablePointer<UInt8>) -> Int {
        // Most numbers on a card are points and months: one or two digits.
        if value < 10, width <= 1 {
            out[0] = UInt8(ascii: "0") + UInt8(value)
            return 1
        }
        var digits = 1, rest = value / 10
        while rest > 0 { digits += 1; rest /= 10 }
        digits = max(digits, width)
        var remaining = value, at = digits
        while at > 0 {
            at -= 1
            out[at] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
        return digits
    }

    /// A whole number with its sign (`String(value)`).
    static func write(whole value: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        guard value < 0 else { return write(digits: value.magnitude, to: out) }
        out[0] = UInt8(ascii: "-")
        return 1 + write(digits: value.magnitude, to: out + 1)
    }

    /// Fixed-point units as their shortest decimal (`200`, `6.67`, `-10`).
    static func write(units: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 0
        if units < 0 {
            out[0] = UInt8(ascii: "-")
            count = 1
        }
        let magnitude = units.magnitude
        count += write(digits: magnitude / UInt64(Fixed.scale), to: out + count)
        var fraction = magnitude % UInt64(Fixed.scale)
        guard fraction > 0 else { return count }
        var places = 4
        while fraction % 10 == 0 { fraction /= 10; places -= 1 }
        out[count] = UInt8(ascii: ".")
        return count + 1 + write(digits: fraction, width: places, to: out + count + 1)
    }

    /// A date as `YYYY-MM-DD`.
    static func write(date: LocalDate, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var count = write(digits: UInt64(date.year), width: 4, to: out)
        out[count] = UInt8(ascii: "-")
        count += 1 + write(digits: UInt64(date.month), width: 2, to: out + count + 1)
        out[count] = UInt8(ascii: "-")
        return count + 1 + write(digits: UInt64(date.day), width: 2, to: out + count + 1)
    }

    /// The text one of the writers above writes, as a String.
    static func string(_ write: (UnsafeMutablePointer<UInt8>) -> Int) -> String {
        String(unsafeUninitializedCapacity: maxBytes) { write($0.baseAddress!) }
    }
}
