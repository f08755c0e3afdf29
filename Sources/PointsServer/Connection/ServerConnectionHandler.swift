import Foundation
import Logging
import NIOCore
import NIOPosix
import PointsCore
import PointsProtocol
import SwiftProtobuf

/// Asks a connection to say goodbye: send `GoAway`, refuse new calls, close once drained.
struct GoAwayEvent: Sendable {}

/// The I/O of one connection: it turns reads, timers and finished work into events for its
/// `ConnectionStateMachine` and carries out what the machine decides.
///
/// Everything happens on the channel's event loop. Small calls are answered while the read
/// batch is processed and flushed once at the end of the batch; costly calls run on the
/// thread pool and are written when they finish. While the peer does not read its answers
/// (the channel is not writable), frames already read wait and no more are read.
final class ServerConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = InboundFrame
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    typealias Work = @Sendable () -> Result<(Data, [DecisionRecord]), RPCError>

    let environment: ServerEnvironment
    let configuration: ServerConfiguration
    let logger: Logger
    var machine: ConnectionStateMachine
    /// The client certificate the TLS handshake verified, if any.
    var peer: PeerIdentity?
    private var firstFrameTimer: Scheduled<Void>?
    private var idleTimer: Scheduled<Void>?
    /// Per call serial: its deadline timer and its cancellation flag.
    var deadlines: [UInt64: Scheduled<Void>] = [:]
    var cancellations: [UInt64: CallCancellation] = [:]
    /// The metrics this connection's answers were recorded in, by method and status.
    var callMetrics: [CallMetricKey: CallMetric] = [:]
    /// Frames read while the peer was not reading its answers, and whether a read is held.
    private var waitingFrames = CircularBuffer<InboundFrame>()
    private var readHeld = false
    private var needsFlush = false

    init(environment: ServerEnvironment) {
        self.environment = environment
        self.configuration = environment.configuration
        self.logger = environment.logger
        self.machine = ConnectionStateMachine(maxCalls: environment.configuration.maxCallsPerConnection,
                                              maxAuthenticationFailures: environment.configuration.maxAuthenticationFailures,
                                              idleTimeout: environment.configuration.idleTimeout, now: .now())
    }

    /// The handler and its context, for callbacks that run on the same event loop.
    func bound(_ context: ChannelHandlerContext) -> NIOLoopBound<(ServerConnectionHandler, ChannelHandlerContext)> {
        NIOLoopBound((self, context), eventLoop: context.eventLoop)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let bound = self.bound(context)
        self.firstFrameTimer = context.eventLoop.scheduleTask(in: self.configuration.firstFrameTimeout) {
            let (handler, context) = bound.value
            handler.logger.info("closing a connection that sent no preface in time")
            handler.closeWithError(context: context, RPCError(.deadlineExceeded, "no connection preface within the first-frame timeout"))
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.firstFrameTimer?.cancel()
        self.idleTimer?.cancel()
        for timer in self.deadlines.values { timer.cancel() }
        for cancellation in self.cancellations.values { cancellation.cancel() }
        for _ in self.machine.removeAll() { self.environment.metrics.inFlight(-1) }
        _ = self.machine.close()
    }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard self.machine.phase != .closed else { return }
        // Idleness counts complete frames: a byte now and then does not keep a connection open.
        self.machine.frameReceived(now: context.eventLoop.now)
        let frame = self.unwrapInboundIn(data)
        guard context.channel.isWritable, self.waitingFrames.isEmpty else {
            self.waitingFrames.append(frame)
            return
        }
        self.handle(frame, context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.flushIfNeeded(context: context)
    }

    /// Holds the next read while answers wait to be read by the peer or frames wait here.
    func read(context: ChannelHandlerContext) {
        if context.channel.isWritable, self.waitingFrames.isEmpty {
            context.read()
        } else {
            self.readHeld = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        while context.channel.isWritable, self.machine.phase != .closed, let frame = self.waitingFrames.popFirst() {
            self.handle(frame, context: context)
        }
        self.flushIfNeeded(context: context)
        if self.readHeld, context.channel.isWritable, self.waitingFrames.isEmpty {
            self.readHeld = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    private func handle(_ frame: InboundFrame, context: ChannelHandlerContext) {
        switch frame {
        case .preface:
            guard self.machine.prefaceReceived(now: context.eventLoop.now) else { return }
            self.firstFrameTimer?.cancel()
            self.firstFrameTimer = nil
            self.scheduleIdleCheck(context: context, at: context.eventLoop.now + self.configuration.idleTimeout)
            self.send(context: context, Preface.buffer(allocator: context.channel.allocator))
        case .message(let body):
            let frame: Points_V1_ClientFrame
            do {
                frame = try Points_V1_ClientFrame(serializedBytes: Array(body.readableBytesView))
            } catch {
                self.closeWithError(context: context, RPCError(.invalidArgument, "a frame is not a valid ClientFrame: \(error)"))
                return
            }
            switch frame.kind {
            case .call(let call): self.start(call, context: context)
            case .cancel(let cancel):
                self.finish(context: context, callID: cancel.callID, serial: nil, .failure(RPCError(.cancelled, "cancelled by the client")), flush: false)
            case nil: self.closeWithError(context: context, RPCError(.invalidArgument, "a ClientFrame must hold a call or a cancel"))
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        switch error {
        case let frameError as FrameError:
            let code: Points_V1_Code
            switch frameError {
            case .frameTooLarge: code = .resourceExhausted
            case .unsupportedVersion: code = .unimplemented
            case .badMagic, .reservedFlags, .truncated: code = .invalidArgument
            }
            self.logger.info("closing a connection after a protocol error", metadata: ["error": "\(frameError)"])
            self.closeWithError(context: context, RPCError(code, frameError.description))
        default:
            self.logger.debug("connection error", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let identity = event as? PeerIdentity {
            self.peer = identity
            return
        }
        if event is GoAwayEvent {
            self.goAway(context: context, reason: "server shutting down")
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func scheduleIdleCheck(context: ChannelHandlerContext, at deadline: NIODeadline) {
        let bound = self.bound(context)
        self.idleTimer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = bound.value
            switch handler.machine.idleCheck(now: context.eventLoop.now) {
            case .checkAgain(let next): handler.scheduleIdleCheck(context: context, at: next)
            case .goAway:
                handler.logger.debug("closing an idle connection")
                handler.goAway(context: context, reason: "idle timeout")
            case .none: break
            }
        }
    }

    // MARK: Output and closing

    func send(context: ChannelHandlerContext, _ frame: Points_V1_ServerFrame) {
        var buffer = context.channel.allocator.buffer(capacity: 256)
        do {
            try buffer.writeFrame(frame)
        } catch {
            self.logger.error("could not encode a response frame", metadata: ["error": "\(error)"])
            return
        }
        self.send(context: context, buffer)
    }

    func send(context: ChannelHandlerContext, _ buffer: ByteBuffer) {
        context.write(self.wrapOutboundOut(buffer), promise: nil)
        self.needsFlush = true
    }

    func flushIfNeeded(context: ChannelHandlerContext) {
        if self.needsFlush {
            self.needsFlush = false
            context.flush()
        }
    }

    private func goAway(context: ChannelHandlerContext, reason: String) {
        guard let (sendGoAway, closeNow) = self.machine.goAway() else { return }
        if sendGoAway {
            var frame = Points_V1_ServerFrame()
            frame.goAway.lastCallID = self.machine.lastCallID
            frame.goAway.reason = reason
            self.send(context: context, frame)
        }
        if closeNow { self.closeAfterFlush(context: context) } else { self.flushIfNeeded(context: context) }
    }

    func closeWithError(context: ChannelHandlerContext, _ error: RPCError) {
        guard self.machine.phase != .closed else { return }
        if self.machine.phase == .awaitingPreface { self.send(context: context, Preface.buffer(allocator: context.channel.allocator)) }
        var frame = Points_V1_ServerFrame()
        frame.connectionError = error.status
        self.send(context: context, frame)
        self.closeAfterFlush(context: context)
    }

    /// Closes once what was written is sent, or after the first-frame timeout when the peer
    /// does not read (a client that never reads cannot hold a connection open).
    func closeAfterFlush(context: ChannelHandlerContext) {
        guard self.machine.close() else { return }
        self.needsFlush = false
        self.idleTimer?.cancel()
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(self.wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: promise)
        let channel = context.channel
        let forced = context.eventLoop.scheduleTask(in: self.configuration.firstFrameTimeout) { channel.close(promise: nil) }
        promise.futureResult.whenComplete { _ in
            forced.cancel()
            channel.close(promise: nil)
        }
    }
}
