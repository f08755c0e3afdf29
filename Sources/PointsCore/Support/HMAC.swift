/// HMAC-SHA256 (RFC 2104): the keyed hash the decision log keeps instead of applicant ids.
public enum HMACSHA256 {
    /// The MAC of `message` under `key`, as 64 lowercase hex digits.
    public static func hex(key: [UInt8], message: [UInt8]) -> String {
        let blockSize = 64
        var block = key.count > blockSize ? SHA256.digest(key) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        let inner = SHA256.digest(block.map { $0 ^ 0x36 } + message)
        return SHA256.hex(block.map { $0 ^ 0x5c } + inner)
    }
}
