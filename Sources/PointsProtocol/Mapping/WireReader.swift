/// Protobuf fields one after another: varints, length-delimited byte ranges, and fixed-width
/// fields (skipped).
struct WireReader {
    enum Value {
        case varint(UInt64)
        case bytes(Range<Int>)
        /// A fixed64 or fixed32 field.
        case fixed
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// False once something was not a well-formed varint or length-delimited field.
    private(set) var isComplete = true

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private mutating func varint() -> UInt64? {
        var value: UInt64 = 0, shift: UInt64 = 0
        while index < bytes.count, shift < 64 {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    /// The next field, or nil at the end (or at anything else: `isComplete` then says so).
    mutating func next() -> (Int, Value)? {
        guard index < bytes.count else { return nil }
        guard let key = varint(), key >> 3 > 0, key >> 3 <= UInt64(Int32.max) else { isComplete = false; return nil }
        let field = Int(key >> 3)
        switch key & 7 {
        case 0:
            guard let value = varint() else { isComplete = false; return nil }
            return (field, .varint(value))
        case 2:
            guard let length = varint(), length <= UInt64(bytes.count - index) else { isComplete = false; return nil }
            let range = index..<(index + Int(length))
            index += Int(length)
            return (field, .bytes(range))
        case 1, 5:
            let width = key & 7 == 1 ? 8 : 4
            guard width <= bytes.count - index else { isComplete = false; return nil }
            index += width
            return (field, .fixed)
        default:
            isComplete = false
            return nil
        }
    }

    func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }

    /// The range as UTF-8 text, or nil when it is not valid UTF-8.
    func text(_ range: Range<Int>) -> String? {
        let bytes = slice(range)
        // ASCII (ids, dates) needs no validation, which is a generic, unspecialised call.
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }
}
