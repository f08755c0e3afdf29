/// A cursor over a flow cell's bytes for the few shapes population files use: brackets,
/// braces, commas, `key: value` and plain words. Anything YAML allows beyond that (quotes,
/// anchors, tags, nesting past one level) makes a reader give up and leave the cell to YAML.
struct FlowCell {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private mutating func skipSpaces() {
        while index < bytes.count && bytes[index] == UInt8(ascii: " ") { index += 1 }
    }

    /// Consumes `byte` (after spaces) when it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        skipSpaces()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Consumes `:` followed by a space.
    mutating func colon() -> Bool {
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: " ") else { return false }
        index += 2
        return true
    }

    /// A plain word: letters, digits, `_`, `-` and `.`, or nil.
    mutating func plain() -> UnsafeBufferPointer<UInt8>? {
        skipSpaces()
        let start = index
        while index < bytes.count {
            let b = bytes[index]
            let isWord = (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
            guard isWord else { break }
            index += 1
        }
        guard index > start else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[start..<index])
    }

    /// Whether only spaces remain.
    var atEnd: Bool {
        var i = index
        while i < bytes.count && bytes[i] == UInt8(ascii: " ") { i += 1 }
        return i == bytes.count
    }
}
