import NIOCore
import SwiftProtobuf

extension ByteBuffer {
    /// Appends one frame: flags 0, the message's length (u32 big-endian), the message.
    public mutating func writeFrame(_ message: some SwiftProtobuf.Message) throws {
        let bytes: [UInt8] = try message.serializedBytes()
        self.writeInteger(UInt8(0))
        self.writeInteger(UInt32(bytes.count))
        self.writeBytes(bytes)
    }
}
