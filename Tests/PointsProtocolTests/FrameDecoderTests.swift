import Foundation
import NIOCore
import NIOEmbedded
import NIOTestUtils
@testable import PointsProtocol
import Testing

/// The framing of PROTOCOL.md: preface, 5-byte prefix, limits checked before buffering.
@Suite struct FrameDecoderTests {
    private func frame(_ body: [UInt8], flags: UInt8 = 0) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(flags)
        buffer.writeInteger(UInt32(body.count))
        buffer.writeBytes(body)
        return buffer
    }

    @Test func dripFedAndPackedFramesDecodeTheSame() throws {
        var packed = frame([1, 2, 3]), empty = frame([]), big = frame(Array(repeating: 7, count: 300))
        packed.writeBuffer(&empty)
        packed.writeBuffer(&big)
        let expected: [InboundFrame] = [
            .message(ByteBuffer(bytes: [1, 2, 3])),
            .message(ByteBuffer()),
            .message(ByteBuffer(bytes: Array(repeating: 7, count: 300))),
        ]
        // Feeds byte by byte, whole, and many inputs in one buffer; all must give the same frames.
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: [
            (packed, expected),
            (frame([9]), [.message(ByteBuffer(bytes: [9]))]),
        ]) {
            FrameDecoder(maxFrameBytes: 1024, prefaceRead: true)
        }
    }

    @Test func thePrefaceComesFirstEvenWhenDripFed() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maxFrameBytes: 1024)))
        var input = Preface.buffer()
        var body = frame([5, 6])
        input.writeBuffer(&body)
        for byte in input.readableBytesView { try channel.writeInbound(ByteBuffer(bytes: [byte])) }
        #expect(try channel.readInbound(as: InboundFrame.self) == .preface(version: 1))
        #expect(try channel.readInbound(as: InboundFrame.self) == .message(ByteBuffer(bytes: [5, 6])))
        #expect(try channel.finish().isClean)
    }

    @Test func anAnnounced4GiBFrameIsRejectedFromItsPrefixAlone() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maxFrameBytes: 4 * 1024 * 1024)))
        try channel.writeInbound(Preface.buffer())
        var prefix = ByteBuffer()
        prefix.writeInteger(UInt8(0))
        prefix.writeInteger(UInt32.max)
        #expect(throws: FrameError.frameTooLarge(length: UInt32.max, limit: 4 * 1024 * 1024)) { try channel.writeInbound(prefix) }
        _ = try? channel.finish()
    }

    @Test(arguments: [
        ([0x47], FrameError.badMagic([0x47])),                                      // "G" of "GET": fails at its first byte
        ([0x52, 0x50, 0x58], FrameError.badMagic([0x52, 0x50, 0x58])),
        ([0x52, 0x50, 0x54, 0x53, 0, 9, 0, 0], FrameError.unsupportedVersion(9)),
    ] as [([UInt8], FrameError)])
    func aWrongPrefaceIsRejected(_ bytes: [UInt8], _ error: FrameError) throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maxFrameBytes: 1024)))
        #expect(throws: error) { try channel.writeInbound(ByteBuffer(bytes: bytes)) }
        _ = try? channel.finish()
    }

    @Test func reservedFlagsAreAProtocolError() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maxFrameBytes: 1024)))
        try channel.writeInbound(Preface.buffer())
        _ = try channel.readInbound(as: InboundFrame.self)
        #expect(throws: FrameError.reservedFlags(1)) { try channel.writeInbound(frame([1], flags: 1)) }
        _ = try? channel.finish()
    }

    @Test func aFrameCutShortByTheEndOfTheStreamIsReported() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maxFrameBytes: 1024)))
        try channel.writeInbound(Preface.buffer())
        var partial = frame([1, 2, 3, 4])
        partial.moveWriterIndex(to: partial.writerIndex - 2)
        try channel.writeInbound(partial)
        #expect(throws: FrameError.truncated(bufferedBytes: 7)) { try channel.finish() }
    }

    @Test func writeFrameProducesWhatTheDecoderReads() throws {
        var message = Points_V1_ServerFrame()
        message.response.callID = 42
        message.response.status.code = .notFound
        message.response.status.message = "no such scheme"
        var buffer = Preface.buffer()
        try buffer.writeFrame(message)
        var decoder = FrameDecoder(maxFrameBytes: 1024)
        #expect(try decoder.next(from: &buffer) == .preface(version: 1))
        guard case .message(let body)? = try decoder.next(from: &buffer) else {
            Issue.record("no frame")
            return
        }
        #expect(try Points_V1_ServerFrame(serializedBytes: Array(body.readableBytesView)) == message)
        #expect(buffer.readableBytes == 0)
    }

    @Test(arguments: [(0, 0), (1, 3), (127, 127), (128, 128), (300, 16_383), (UInt64.max, 70_000)] as [(UInt64, Int)])
    func theDirectOKFrameIsWhatSwiftProtobufWrites(_ callID: UInt64, _ payloadSize: Int) throws {
        let payload = Data((0..<payloadSize).map { UInt8(truncatingIfNeeded: $0) })
        var message = Points_V1_ServerFrame()
        message.response.callID = callID
        message.response.status.code = .ok
        message.response.payload = payload
        var expected = ByteBuffer()
        try expected.writeFrame(message)
        var direct = ByteBuffer()
        direct.writeOKResponseFrame(callID: callID, payload: payload)
        #expect(direct == expected)
    }
}
