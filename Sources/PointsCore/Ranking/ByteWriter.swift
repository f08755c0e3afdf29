/// Writes bytes into memory sized beforehand: the CSV formatter's inner loop, with no
/// capacity or uniqueness check per byte.
struct ByteWriter {
    private let base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0

    init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

    mutating func byte(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    mutating func bytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    mutating func text(_ text: StaticString) {
        bytes(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A whole number's digits.
    mutating func whole(_ value: Int64) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        var magnitude = value.magnitude, digits = 1, divisor: UInt64 = 1
        while magnitude / divisor >= 10 { divisor *= 10; digits += 1 }
        while divisor > 0 {
            byte(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    /// Fixed-point units as `Fixed.description` writes them (`200`, `6.67`, `-10`).
    mutating func decimal(_ units: Int64) {
        if units < 0 { byte(UInt8(ascii: "-")) }
        let magnitude = units.magnitude
        whole(Int64(magnitude / UInt64(Fixed.scale)))
        var fraction = magnitude % UInt64(Fixed.scale)
        guard fraction != 0 else { return }
        var places = 4
        while fraction % 10 == 0 { fraction /= 10; places -= 1 }
        byte(UInt8(ascii: "."))
        var divisor: UInt64 = 1
        for _ in 1..<places { divisor *= 10 }
        while divisor > 0 {
            byte(UInt8(ascii: "0") + UInt8(fraction / divisor % 10))
            divisor /= 10
        }
    }

    /// A CSV cell: quoted (quotes doubled) when it holds a comma, a quote or a line break.
    mutating func cell(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) else {
            self.bytes(bytes)
            return
        }
        byte(UInt8(ascii: "\""))
        for b in bytes {
            byte(b)
            if b == UInt8(ascii: "\"") { byte(b) }
        }
        byte(UInt8(ascii: "\""))
    }

    /// The most bytes `cell` writes for `count` bytes.
    static func cellLimit(_ count: Int) -> Int { 2 * count + 2 }
}
