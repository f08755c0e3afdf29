import Foundation

/// JSON with sorted keys and unescaped slashes: byte-identical output for the same value.
enum CanonicalJSON {
    /// The value as pretty-printed JSON. The values encoded here hold only strings, numbers,
    /// bools and arrays of them, so encoding cannot fail.
    static func text(of value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }
}
