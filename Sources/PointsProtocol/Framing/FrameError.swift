/// A violation of the framing that ends the connection (PROTOCOL.md §4).
public enum FrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The first 4 bytes were not `RPTS`.
    case badMagic([UInt8])
    /// The peer speaks a protocol version this side does not.
    case unsupportedVersion(UInt16)
    /// A frame's flags byte was not 0.
    case reservedFlags(UInt8)
    /// A frame announced more bytes than the limit; nothing of its body was buffered.
    case frameTooLarge(length: UInt32, limit: Int)
    /// The connection ended inside a preface or frame.
    case truncated(bufferedBytes: Int)

    public var description: String {
        switch self {
        case .badMagic(let bytes):
            return "bad connection preface \(bytes.map { String($0, radix: 16) }); a connection starts with RPTS, version, 0 0 (PROTOCOL.md §1)"
        case .unsupportedVersion(let version):
            return "protocol version \(version) is not supported; this server speaks version \(Preface.version)"
        case .reservedFlags(let flags):
            return "frame flags 0x\(String(flags, radix: 16)) are reserved; send 0x00"
        case .frameTooLarge(let length, let limit):
            return "frame of \(length) bytes exceeds the limit of \(limit) bytes"
        case .truncated(let bytes):
            return "connection closed inside a frame (\(bytes) bytes buffered)"
        }
    }
}
