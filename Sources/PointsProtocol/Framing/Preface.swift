import NIOCore

/// The 8 bytes each side sends first: `RPTS`, the protocol major version (u16, big-endian),
/// and two reserved zero bytes (PROTOCOL.md §1).
public enum Preface {
    /// `RPTS`.
    public static let magic: [UInt8] = Array("RPTS".utf8)
    /// The protocol version this code speaks.
    public static let version: UInt16 = 1
    /// The preface's length in bytes.
    public static let length = 8

    /// Writes this side's preface.
    public static func write(to buffer: inout ByteBuffer, version: UInt16 = Preface.version) {
        buffer.writeBytes(magic)
        buffer.writeInteger(version)
        buffer.writeInteger(UInt16(0))
    }

    /// The preface as a buffer.
    public static func buffer(allocator: ByteBufferAllocator = ByteBufferAllocator(), version: UInt16 = Preface.version) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: length)
        write(to: &buffer, version: version)
        return buffer
    }
}
