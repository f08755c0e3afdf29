import NIOCore

/// Splits a byte stream into the peer's preface and then length-prefixed frames.
///
/// The announced length is checked against the limit as soon as the 5-byte prefix is in,
/// before any of the body is buffered, so a peer announcing 4 GiB costs nothing.
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = InboundFrame

    /// The frame prefix: flags (1 byte) and length (4 bytes, big-endian).
    public static let prefixLength = 5

    private let maxFrameBytes: Int
    private var prefaceRead = false

    /// Creates a decoder that rejects frames longer than `maxFrameBytes`.
    public init(maxFrameBytes: Int) {
        self.maxFrameBytes = maxFrameBytes
    }

    /// A decoder past the preface, for tests that feed frames alone.
    init(maxFrameBytes: Int, prefaceRead: Bool) {
        self.maxFrameBytes = maxFrameBytes
        self.prefaceRead = prefaceRead
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try self.next(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while let frame = try self.next(from: &buffer) {
            context.fireChannelRead(self.wrapInboundOut(frame))
        }
        if buffer.readableBytes > 0 { throw FrameError.truncated(bufferedBytes: buffer.readableBytes) }
        return .needMoreData
    }

    /// The next preface or frame, or nil when more bytes are needed.
    mutating func next(from buffer: inout ByteBuffer) throws -> InboundFrame? {
        if !self.prefaceRead {
            guard buffer.readableBytes >= Preface.length else {
                // Reject a wrong magic as soon as its bytes disagree, without waiting for 8.
                let seen = buffer.getBytes(at: buffer.readerIndex, length: min(buffer.readableBytes, 4)) ?? []
                if seen != Array(Preface.magic.prefix(seen.count)) { throw FrameError.badMagic(seen) }
                return nil
            }
            let magic = buffer.getBytes(at: buffer.readerIndex, length: 4)!
            guard magic == Preface.magic else { throw FrameError.badMagic(magic) }
            let version = buffer.getInteger(at: buffer.readerIndex + 4, as: UInt16.self)!
            guard version == Preface.version else { throw FrameError.unsupportedVersion(version) }
            buffer.moveReaderIndex(forwardBy: Preface.length)
            self.prefaceRead = true
            return .preface(version: version)
        }
        guard buffer.readableBytes >= Self.prefixLength else { return nil }
        let flags = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)!
        guard flags == 0 else { throw FrameError.reservedFlags(flags) }
        let length = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt32.self)!
        guard length <= self.maxFrameBytes else { throw FrameError.frameTooLarge(length: length, limit: self.maxFrameBytes) }
        guard buffer.readableBytes >= Self.prefixLength + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: Self.prefixLength)
        return .message(buffer.readSlice(length: Int(length))!)
    }
}
