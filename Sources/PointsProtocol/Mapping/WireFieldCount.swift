import Foundation

/// Counts a message's top-level occurrences of one field by walking its wire format, without
/// decoding anything: how a server refuses a batch of 37,000 requests in microseconds
/// instead of decoding megabytes first.
public enum WireFieldCount {
    /// How many times `field` occurs at the top level of the serialised message, or nil when
    /// the bytes are not well-formed (decoding will then say what is wrong).
    public static func occurrences(of field: Int, in message: Data) -> Int? {
        message.withUnsafeBytes { bytes -> Int? in
            var position = 0, count = 0
            func varint() -> UInt64? {
                var value: UInt64 = 0, shift: UInt64 = 0
                while position < bytes.count, shift < 64 {
                    let byte = bytes[position]
                    position += 1
                    value |= UInt64(byte & 0x7F) << shift
                    if byte < 0x80 { return value }
                    shift += 7
                }
                return nil
            }
            while position < bytes.count {
                guard let tag = varint() else { return nil }
                if tag >> 3 == UInt64(field) { count += 1 }
                let skip: UInt64
                switch tag & 7 {
                case 0: guard varint() != nil else { return nil }; continue
                case 1: skip = 8
                case 2: guard let length = varint() else { return nil }; skip = length
                case 5: skip = 4
                default: return nil
                }
                guard skip <= UInt64(bytes.count - position) else { return nil }
                position += Int(skip)
            }
            return count
        }
    }
}
