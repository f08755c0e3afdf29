/// Protobuf's base-128 varints, for the bytes the server writes by hand.
enum Varint {
    /// How many bytes `value` takes.
    static func size(_ value: UInt64) -> Int {
        value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    }

    /// Hands the bytes of `value` to `append`, low seven bits first.
    static func encode(_ value: UInt64, _ append: (UInt8) -> Void) {
        var v = value
        while v >= 0x80 {
            append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        append(UInt8(v))
    }
}
