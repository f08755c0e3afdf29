import NIOCore

/// What the frame decoder yields: the peer's preface once, then each frame's message bytes.
public enum InboundFrame: Equatable, Sendable {
    /// The peer's preface with its protocol version.
    case preface(version: UInt16)
    /// One frame's body: a serialised protobuf message.
    case message(ByteBuffer)
}
