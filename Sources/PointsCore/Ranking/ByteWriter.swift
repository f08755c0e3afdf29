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
        count += DecimalText.write(whole: value, to: base + count)
    }

    /// Fixed-point units as `Fixed.description` writes them (`200`, `6.67`, `-10`).
    mutating func decimal(_ units: Int64) {
        count += DecimalText.write(units: units, to: base + count)
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
