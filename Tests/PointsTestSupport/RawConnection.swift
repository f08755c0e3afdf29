import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PointsProtocol

/// A hand-driven connection for sending arbitrary bytes and reading what the server answers,
/// frame by frame, without the well-behaved client in between.
public final class RawConnection: Sendable {
    /// What has arrived, and who waits for more.
    private struct Inbox {
        var frames: [InboundFrame] = []
        var closed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = InboundFrame
        let inbox = NIOLockedValueBox(Inbox())

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = self.unwrapInboundIn(data)
            self.update { $0.frames.append(frame) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            self.update { $0.closed = true }
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            context.close(promise: nil)
        }

        private func update(_ change: (inout Inbox) -> Void) {
            let waiters = self.inbox.withLockedValue { inbox in
                change(&inbox)
                defer { inbox.waiters.removeAll() }
                return inbox.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    /// The connection.
    public let channel: Channel
    private let collector: Collector

    private init(channel: Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    /// Connects to 127.0.0.1:`port`; with `reading: false` the connection never reads what
    /// the server sends (a hostile peer that only writes).
    public static func connect(port: Int, reading: Bool = true) async throws -> RawConnection {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.autoRead, value: reading)
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

    public func send(_ bytes: [UInt8]) async throws {
        try await self.channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    public func sendPreface() async throws {
        try await self.send(Array(Preface.buffer().readableBytesView))
    }

    /// Sends frames in one write, so the server reads them in one batch: nothing it finishes
    /// in between can be answered before it has seen them all.
    public func send(_ frames: [Points_V1_ClientFrame]) async throws {
        var buffer = ByteBuffer()
        for frame in frames { try buffer.writeFrame(frame) }
        try await self.channel.writeAndFlush(buffer)
    }

    public func send(_ frame: Points_V1_ClientFrame) async throws {
        var buffer = ByteBuffer()
        try buffer.writeFrame(frame)
        try await self.channel.writeAndFlush(buffer)
    }

    /// The server frames received so far (the preface left out).
    public var serverFrames: [Points_V1_ServerFrame] {
        Self.serverFrames(self.collector.inbox.withLockedValue { $0.frames })
    }

    private static func serverFrames(_ frames: [InboundFrame]) -> [Points_V1_ServerFrame] {
        frames.compactMap { frame in
            guard case .message(let body) = frame else { return nil }
            return try? Points_V1_ServerFrame(serializedBytes: Array(body.readableBytesView))
        }
    }

    /// Waits until `ready` holds for what has arrived, or the connection closes: an event,
    /// never a duration, so a loaded machine only makes it slower. (A guard of two minutes
    /// only keeps a broken server from hanging the suite.)
    private func waitUntil(_ ready: @escaping @Sendable (_ frames: [InboundFrame], _ closed: Bool) -> Bool) async {
        let guardTimer = self.channel.eventLoop.scheduleTask(in: .minutes(2)) { [collector] in
            let waiters = collector.inbox.withLockedValue { inbox in
                defer { inbox.waiters.removeAll() }
                inbox.closed = true
                return inbox.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
        defer { guardTimer.cancel() }
        while true {
            if self.collector.inbox.withLockedValue({ $0.closed || ready($0.frames, $0.closed) }) { return }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = self.collector.inbox.withLockedValue { inbox -> Bool in
                    if inbox.closed || ready(inbox.frames, inbox.closed) { return true }
                    inbox.waiters.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        }
    }

    /// The first server frame matching `match`, or nil once the connection closes without one.
    public func waitForFrame(_ match: @escaping @Sendable (Points_V1_ServerFrame) -> Bool) async throws -> Points_V1_ServerFrame? {
        await self.waitUntil { frames, _ in Self.serverFrames(frames).contains(where: match) }
        return self.serverFrames.first(where: match)
    }

    /// The connection error the server sent, or nil once the connection closes without one.
    public func connectionError() async throws -> Points_V1_Status? {
        try await self.waitForFrame { if case .connectionError = $0.kind { return true } else { return false } }?.connectionError
    }

    /// Waits for the server to close the connection.
    public func waitForClose() async -> Bool {
        // The guard marks the inbox closed too; only the channel's own close counts.
        await self.waitUntil { _, closed in closed }
        return !self.channel.isActive
    }

    public func close() async {
        try? await self.channel.close()
    }
}

/// A call frame.
public func callFrame(id: UInt64, method: String, payload: Data, timeoutMs: UInt32 = 0) -> Points_V1_ClientFrame {
    var frame = Points_V1_ClientFrame()
    frame.call.callID = id
    frame.call.method = method
    frame.call.payload = payload
    frame.call.timeoutMs = timeoutMs
    return frame
}
