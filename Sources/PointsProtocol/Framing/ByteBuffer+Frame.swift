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

    /// Appends the frame of a successful answer, `ServerFrame{response{call_id, status{OK},
    /// payload}}`, written directly: the same bytes as `writeFrame` of that message without
    /// building it (the answer to every successful call goes through here).
    public mutating func writeOKResponseFrame<Payload: Collection>(callID: UInt64, payload: Payload) where Payload.Element == UInt8 {
        let payloadCount = payload.count
        // Response: call_id (field 1, varint), status (field 2: code OK), payload (field 3).
        let responseLength = 1 + Varint.size(callID) + 4 + 1 + Varint.size(UInt64(payloadCount)) + payloadCount
        let frameLength = 1 + Varint.size(UInt64(responseLength)) + responseLength
        self.writeInteger(UInt8(0))
        self.writeInteger(UInt32(frameLength))
        self.writeInteger(UInt8(0x0a))
        self.writeVarint(UInt64(responseLength))
        self.writeInteger(UInt8(0x08))
        self.writeVarint(callID)
        self.writeBytes([0x12, 0x02, 0x08, 0x00])
        self.writeInteger(UInt8(0x1a))
        self.writeVarint(UInt64(payloadCount))
        self.writeBytes(payload)
    }

    private mutating func writeVarint(_ value: UInt64) {
        Varint.encode(value) { self.writeInteger($0) }
    }
}
