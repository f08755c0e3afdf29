import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PointsProtocol

/// A hand-driven connection for sending arbitrary bytes and reading what the server answers,
/// frame by frame, without the well-behaved client in between.
final class RawConnection: Sendable {
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = InboundFrame
        let frames = NIOLockedValueBox<[InboundFrame]>([])

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = self.unwrapInboundIn(data)
            self.frames.withLockedValue { $0.append(frame) }
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            context.close(promise: nil)
        }
    }

    let channel: Channel
    private let collector: Collector

    private init(channel: Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    static func connect(port: Int) async throws -> RawConnection {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(FrameDecoder(maxFrameBytes: 64 * 1024 * 1024)), collector,
                    ])
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, collector: collector)
    }

    func send(_ bytes: [UInt8]) async throws {
        try await self.channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    func sendPreface() async throws {
        try await self.send(Array(Preface.buffer().readableBytesView))
    }

    func send(_ frame: Points_V1_ClientFrame) async throws {
        var buffer = ByteBuffer()
        try buffer.writeFrame(frame)
        try await self.channel.writeAndFlush(buffer)
    }

    /// The server frames received so far (the preface left out).
    var serverFrames: [Points_V1_ServerFrame] {
        self.collector.frames.withLockedValue { frames in
            frames.compactMap { frame in
                guard case .message(let body) = frame else { return nil }
                return try? Points_V1_ServerFrame(serializedBytes: Array(body.readableBytesView))
            }
        }
    }

    /// Waits (up to `seconds`) for a server frame matching `match`.
    func waitForFrame(seconds: Double = 10, _ match: (Points_V1_ServerFrame) -> Bool) async throws -> Points_V1_ServerFrame? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let frame = self.serverFrames.first(where: match) { return frame }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// Waits (up to `seconds`) for the server to close the connection.
    func waitForClose(seconds: Double = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if !self.channel.isActive { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    func close() async {
        try? await self.channel.close()
    }
}

/// A call frame.
func callFrame(id: UInt64, method: String, payload: Data, timeoutMs: UInt32 = 0) -> Points_V1_ClientFrame {
    var frame = Points_V1_ClientFrame()
    frame.call.callID = id
    frame.call.method = method
    frame.call.payload = payload
    frame.call.timeoutMs = timeoutMs
    return frame
}
