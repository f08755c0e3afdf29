import Foundation
import Logging
import NIOCore
import NIOPosix
import PointsProtocol
import SwiftProtobuf

/// Asks a connection to say goodbye: send `GoAway`, refuse new calls, close once drained.
struct GoAwayEvent: Sendable {}

/// One connection's protocol state: preface, calls, deadlines, cancellation, limits.
///
/// Everything happens on the channel's event loop. Inline calls are answered while the read
/// batch is processed and flushed once at the end of the batch; offloaded calls (big batches)
/// run on the thread pool and are written when they finish.
final class ServerConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = InboundFrame
    typealias OutboundOut = ByteBuffer

    private struct PendingCall {
        var deadline: Scheduled<Void>?
        let method: String
        let agency: String
        let started: NIODeadline
    }

    private let environment: ServerEnvironment
    private let configuration: ServerConfiguration
    private let logger: Logger
    private var prefaceReceived = false
    private var firstFrameTimer: Scheduled<Void>?
    private var pending: [UInt64: PendingCall] = [:]
    private var lastCallID: UInt64 = 0
    private var goingAway = false
    private var closing = false
    private var needsFlush = false

    init(environment: ServerEnvironment) {
        self.environment = environment
        self.configuration = environment.configuration
        self.logger = environment.logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let bound = self.bound(context)
        self.firstFrameTimer = context.eventLoop.scheduleTask(in: self.configuration.firstFrameTimeout) {
            let (handler, context) = bound.value
            handler.logger.info("closing a connection that sent no preface in time")
            handler.closeWithError(context: context, RPCError(.deadlineExceeded, "no connection preface within the first-frame timeout"))
        }
    }

    /// The handler and its context, for callbacks that run on the same event loop.
    private func bound(_ context: ChannelHandlerContext) -> NIOLoopBound<(ServerConnectionHandler, ChannelHandlerContext)> {
        NIOLoopBound((self, context), eventLoop: context.eventLoop)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.firstFrameTimer?.cancel()
        for call in self.pending.values {
            call.deadline?.cancel()
            self.environment.metrics.inFlight(-1)
        }
        self.pending.removeAll()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.closing else { return }
        switch self.unwrapInboundIn(data) {
        case .preface:
            self.prefaceReceived = true
            self.firstFrameTimer?.cancel()
            self.firstFrameTimer = nil
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
            case .cancel(let cancel): self.cancel(cancel.callID, context: context)
            case nil: self.closeWithError(context: context, RPCError(.invalidArgument, "a ClientFrame must hold a call or a cancel"))
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if self.needsFlush {
            self.needsFlush = false
            context.flush()
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
        // Before the preface the first-frame timeout governs; after it, idleness.
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read, self.prefaceReceived, self.pending.isEmpty {
            self.logger.debug("closing an idle connection")
            self.goAway(context: context, reason: "idle timeout")
            return
        }
        if event is GoAwayEvent {
            self.goAway(context: context, reason: "server shutting down")
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Calls

    private func start(_ call: Points_V1_Call, context: ChannelHandlerContext) {
        let started = NIODeadline.now()
        if self.goingAway {
            self.answer(context: context, callID: call.callID, method: call.method, agency: "-", started: started,
                        .failure(RPCError(.unavailable, "the server is shutting down; reconnect")))
            return
        }
        if self.pending[call.callID] != nil {
            self.answer(context: context, callID: call.callID, method: call.method, agency: "-", started: started,
                        .failure(RPCError(.invalidArgument, "call id \(call.callID) is already in flight on this connection")))
            return
        }
        self.lastCallID = max(self.lastCallID, call.callID)
        let caller: Caller
        switch self.configuration.access.authorize(method: call.method, metadata: call.metadata) {
        case .success(let who): caller = who
        case .failure(let error):
            self.answer(context: context, callID: call.callID, method: call.method, agency: "-", started: started, .failure(error))
            return
        }
        if AdminService.methods.contains(call.method) {
            let admin = self.environment.admin
            let method = call.method, payload = call.payload, agency = caller.agency
            self.offload(call, caller: caller, started: started, context: context) {
                do throws(RPCError) {
                    return .success((try admin.handle(method, payload: payload, agency: agency), []))
                } catch {
                    return .failure(error)
                }
            }
            return
        }
        let service = self.environment.store.service
        guard let route = service.route(call.method, payloadSize: call.payload.count) else {
            self.answer(context: context, callID: call.callID, method: call.method, agency: caller.agency, started: started,
                        .failure(RPCError(.unimplemented, "unknown method '\(call.method)'; methods are \(PointsService.methods.joined(separator: ", "))")))
            return
        }
        let recording = self.environment.log != nil
        let hasher = self.environment.hasher
        let method = call.method, payload = call.payload, agency = caller.agency
        let work: @Sendable () -> Result<(Data, [DecisionRecord]), RPCError> = {
            var recorder: DecisionRecorder? = recording ? DecisionRecorder(agency: agency, hasher: hasher) : nil
            do throws(RPCError) {
                let data = try service.handle(method, payload: payload, recorder: &recorder)
                return .success((data, recorder?.records ?? []))
            } catch {
                return .failure(error)
            }
        }
        switch route {
        case .inline:
            let result = work()
            if case .success(let (data, records)) = result, !records.isEmpty, let log = self.environment.log {
                // The answer waits until its decisions are durable.
                self.pending[call.callID] = PendingCall(deadline: nil, method: method, agency: agency, started: started)
                self.environment.metrics.inFlight(1)
                self.awaitLog(log, records, data: data, callID: call.callID, context: context)
            } else {
                self.answer(context: context, callID: call.callID, method: method, agency: agency, started: started, result.map(\.0))
            }
        case .offloaded:
            guard self.pending.count < self.configuration.maxCallsPerConnection else {
                self.answer(context: context, callID: call.callID, method: method, agency: agency, started: started,
                            .failure(RPCError(.resourceExhausted, "more than \(self.configuration.maxCallsPerConnection) calls in flight on this connection; wait for answers")))
                return
            }
            self.offload(call, caller: caller, started: started, context: context, work)
        }
    }

    private func offload(_ call: Points_V1_Call, caller: Caller, started: NIODeadline, context: ChannelHandlerContext,
                         _ work: @escaping @Sendable () -> Result<(Data, [DecisionRecord]), RPCError>) {
        let bound = self.bound(context)
        let callID = call.callID, timeout = call.timeoutMs
        var entry = PendingCall(deadline: nil, method: call.method, agency: caller.agency, started: started)
        if timeout > 0 {
            entry.deadline = context.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout))) {
                let (handler, context) = bound.value
                handler.finish(context: context, callID: callID, .failure(RPCError(.deadlineExceeded, "no answer within \(timeout) ms")), flush: true)
            }
        }
        self.pending[callID] = entry
        self.environment.metrics.inFlight(1)
        let log = self.environment.log
        self.environment.threadPool.runIfActive(eventLoop: context.eventLoop) { work() }.whenComplete { result in
            let (handler, context) = bound.value
            let outcome = result.mapError { _ in RPCError(.unavailable, "the server is shutting down") }.flatMap { $0 }
            if case .success(let (data, records)) = outcome, !records.isEmpty, let log {
                handler.awaitLog(log, records, data: data, callID: callID, context: context)
            } else {
                handler.finish(context: context, callID: callID, outcome.map(\.0), flush: true)
            }
        }
    }

    /// Answers once the call's decisions are durable; if they cannot be recorded, the call fails.
    private func awaitLog(_ log: DecisionLog, _ records: [DecisionRecord], data: Data, callID: UInt64, context: ChannelHandlerContext) {
        let bound = self.bound(context)
        log.append(records, on: context.eventLoop).whenComplete { result in
            let (handler, context) = bound.value
            switch result {
            case .success: handler.finish(context: context, callID: callID, .success(data), flush: true)
            case .failure:
                handler.logger.error("a decision could not be recorded; the call fails")
                handler.finish(context: context, callID: callID, .failure(RPCError(.unavailable, "the decision could not be recorded; retry")), flush: true)
            }
        }
    }

    private func cancel(_ callID: UInt64, context: ChannelHandlerContext) {
        self.finish(context: context, callID: callID, .failure(RPCError(.cancelled, "cancelled by the client")), flush: false)
    }

    /// Answers a pending call once; later outcomes for it (a late result after a deadline) are dropped.
    private func finish(context: ChannelHandlerContext, callID: UInt64, _ result: Result<Data, RPCError>, flush: Bool) {
        guard let entry = self.pending.removeValue(forKey: callID) else { return }
        entry.deadline?.cancel()
        self.environment.metrics.inFlight(-1)
        self.answer(context: context, callID: callID, method: entry.method, agency: entry.agency, started: entry.started, result)
        if flush, self.needsFlush {
            self.needsFlush = false
            context.flush()
        }
        if self.goingAway, self.pending.isEmpty { self.closeAfterFlush(context: context) }
    }

    /// Writes the answer, counts it and logs it (call id, method, agency, status, latency:
    /// never a token or anything about the applicant).
    private func answer(context: ChannelHandlerContext, callID: UInt64, method: String, agency: String, started: NIODeadline,
                        _ result: Result<Data, RPCError>) {
        self.respond(context: context, callID: callID, result)
        let code: Points_V1_Code
        switch result {
        case .success: code = .ok
        case .failure(let error): code = error.code
        }
        let nanoseconds = (NIODeadline.now() - started).nanoseconds
        self.environment.metrics.call(method: method, code: code, nanoseconds: nanoseconds)
        self.logger.debug("call answered", metadata: [
            "call_id": "\(callID)", "method": "\(AccessPolicy.label(of: method))", "agency": "\(agency)",
            "status": "\(code)", "latency_us": "\(nanoseconds / 1000)",
        ])
    }

    private func respond(context: ChannelHandlerContext, callID: UInt64, _ result: Result<Data, RPCError>) {
        switch result {
        case .success(let payload):
            var buffer = context.channel.allocator.buffer(capacity: payload.count + 24)
            buffer.writeOKResponseFrame(callID: callID, payload: payload)
            self.send(context: context, buffer)
        case .failure(let error):
            var frame = Points_V1_ServerFrame()
            frame.response.callID = callID
            frame.response.status = error.status
            self.send(context: context, frame)
        }
    }

    // MARK: Output and closing

    private func send(context: ChannelHandlerContext, _ frame: Points_V1_ServerFrame) {
        var buffer = context.channel.allocator.buffer(capacity: 256)
        do {
            try buffer.writeFrame(frame)
        } catch {
            self.logger.error("could not encode a response frame", metadata: ["error": "\(error)"])
            return
        }
        self.send(context: context, buffer)
    }

    private func send(context: ChannelHandlerContext, _ buffer: ByteBuffer) {
        context.write(self.wrapOutboundOut(buffer), promise: nil)
        self.needsFlush = true
    }

    private func goAway(context: ChannelHandlerContext, reason: String) {
        guard !self.goingAway, !self.closing else { return }
        self.goingAway = true
        if self.prefaceReceived {
            var frame = Points_V1_ServerFrame()
            frame.goAway.lastCallID = self.lastCallID
            frame.goAway.reason = reason
            self.send(context: context, frame)
        }
        if self.pending.isEmpty { self.closeAfterFlush(context: context) } else { context.flush(); self.needsFlush = false }
    }

    private func closeWithError(context: ChannelHandlerContext, _ error: RPCError) {
        guard !self.closing else { return }
        if !self.prefaceReceived { self.send(context: context, Preface.buffer(allocator: context.channel.allocator)) }
        var frame = Points_V1_ServerFrame()
        frame.connectionError = error.status
        self.send(context: context, frame)
        self.closeAfterFlush(context: context)
    }

    private func closeAfterFlush(context: ChannelHandlerContext) {
        guard !self.closing else { return }
        self.closing = true
        self.needsFlush = false
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(self.wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: promise)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        promise.futureResult.whenComplete { _ in bound.value.close(promise: nil) }
    }
}
