import Foundation
import Logging
import NIOCore
import NIOPosix
import PointsCore
import PointsProtocol
import SwiftProtobuf

/// Asks a connection to say goodbye: send `GoAway`, refuse new calls, close once drained.
struct GoAwayEvent: Sendable {}

/// One connection's protocol state: preface, calls, deadlines, cancellation, limits.
///
/// Everything happens on the channel's event loop. Small calls are answered while the read
/// batch is processed and flushed once at the end of the batch; costly calls run on the
/// thread pool and are written when they finish. A call holds its slot of the connection's
/// limit until its work really ends, even when its answer (a deadline, a cancel) went first.
final class ServerConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = InboundFrame
    typealias OutboundOut = ByteBuffer

    private struct PendingCall {
        var deadline: Scheduled<Void>?
        let method: String
        let agency: String
        let started: NIODeadline
        let cancellation = CallCancellation()
        /// Whether thread-pool work for it has not ended yet.
        var working = false
    }

    private let environment: ServerEnvironment
    private let configuration: ServerConfiguration
    private let logger: Logger
    private var prefaceReceived = false
    private var firstFrameTimer: Scheduled<Void>?
    private var idleTimer: Scheduled<Void>?
    private var lastFrame = NIODeadline.now()
    private var pending: [UInt64: PendingCall] = [:]
    /// Calls answered early (deadline, cancel) whose work still runs: they keep their slot.
    private var abandoned = 0
    private var authenticationFailures = 0
    private var lastCallID: UInt64 = 0
    private var goingAway = false
    private var closing = false
    private var needsFlush = false
    /// Frames read while the peer was not reading its answers: handled once it reads again.
    /// `BackPressureHandler` stops further reads meanwhile, so this holds one read at most.
    private var waitingFrames = CircularBuffer<InboundFrame>()

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
        self.idleTimer?.cancel()
        for call in self.pending.values {
            call.deadline?.cancel()
            call.cancellation.cancel()
            self.environment.metrics.inFlight(-1)
        }
        self.pending.removeAll()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.closing else { return }
        // Idleness counts complete frames: a byte now and then does not keep a connection open.
        self.lastFrame = context.eventLoop.now
        let frame = self.unwrapInboundIn(data)
        guard context.channel.isWritable, self.waitingFrames.isEmpty else {
            self.waitingFrames.append(frame)
            self.flushIfNeeded(context: context)
            return
        }
        self.handle(frame, context: context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        while context.channel.isWritable, !self.closing, let frame = self.waitingFrames.popFirst() {
            self.handle(frame, context: context)
        }
        self.flushIfNeeded(context: context)
        context.fireChannelWritabilityChanged()
    }

    private func handle(_ frame: InboundFrame, context: ChannelHandlerContext) {
        switch frame {
        case .preface:
            self.prefaceReceived = true
            self.firstFrameTimer?.cancel()
            self.firstFrameTimer = nil
            self.scheduleIdleCheck(context: context, at: self.lastFrame + self.configuration.idleTimeout)
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
        self.flushIfNeeded(context: context)
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
        if event is GoAwayEvent {
            self.goAway(context: context, reason: "server shutting down")
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Closes the connection once no complete frame has arrived for the idle timeout and no
    /// call is in flight; otherwise looks again when the timeout would next run out.
    private func scheduleIdleCheck(context: ChannelHandlerContext, at deadline: NIODeadline) {
        let bound = self.bound(context)
        self.idleTimer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = bound.value
            let due = handler.lastFrame + handler.configuration.idleTimeout, now = context.eventLoop.now
            if due > now || !handler.pending.isEmpty {
                handler.scheduleIdleCheck(context: context, at: due > now ? due : now + handler.configuration.idleTimeout)
                return
            }
            handler.logger.debug("closing an idle connection")
            handler.goAway(context: context, reason: "idle timeout")
        }
    }

    // MARK: Calls

    private func start(_ call: Points_V1_Call, context: ChannelHandlerContext) {
        let started = NIODeadline.now()
        let method = call.method, callID = call.callID
        func refuse(_ error: RPCError, agency: String = "-") {
            self.answer(context: context, callID: callID, method: method, agency: agency, started: started, .failure(error))
        }
        if self.goingAway { return refuse(RPCError(.unavailable, "the server is shutting down; reconnect")) }
        if self.pending[callID] != nil { return refuse(RPCError(.invalidArgument, "call id \(callID) is already in flight on this connection")) }
        self.lastCallID = max(self.lastCallID, callID)
        let caller: Caller
        switch self.configuration.access.authorize(method: method, metadata: call.metadata) {
        case .success(let who): caller = who
        case .failure(let error):
            refuse(error)
            if error.code == .unauthenticated { self.countAuthenticationFailure(context: context) }
            return
        }
        let isAdmin = AdminService.methods.contains(method)
        let prepared: PreparedCall?
        do throws(RPCError) {
            prepared = isAdmin ? nil : try self.environment.store.service.prepare(method, payload: call.payload, answerLimit: self.answerLimit)
        } catch {
            return refuse(error, agency: caller.agency)
        }
        if !isAdmin, prepared == nil {
            return refuse(RPCError(.unimplemented, "unknown method '\(method.shownName)'; methods are \(PointsService.methods.joined(separator: ", "))"),
                          agency: caller.agency)
        }
        let offloaded = isAdmin || (prepared?.cost ?? 0) > PointsService.inlineCostLimit
        // Every call that may wait (thread pool, decision log) takes a slot of the connection's limit.
        if offloaded || self.environment.log != nil, self.pending.count + self.abandoned >= self.configuration.maxCallsPerConnection {
            return refuse(RPCError(.resourceExhausted, "more than \(self.configuration.maxCallsPerConnection) calls in flight on this connection; wait for answers"),
                          agency: caller.agency)
        }
        var entry = PendingCall(deadline: nil, method: method, agency: caller.agency, started: started)
        let cancellation = entry.cancellation
        let work: @Sendable () -> Result<(Data, [DecisionRecord]), RPCError>
        if let prepared {
            let recording = self.environment.log != nil
            let hasher = self.environment.hasher
            let agency = caller.agency
            work = {
                var recorder: DecisionRecorder? = recording ? DecisionRecorder(agency: agency, hasher: hasher) : nil
                do throws(RPCError) {
                    let data = try prepared.run(recorder: &recorder, cancellation: cancellation)
                    return .success((data, recorder?.records ?? []))
                } catch {
                    return .failure(error)
                }
            }
        } else {
            let admin = self.environment.admin, payload = call.payload, agency = caller.agency
            work = {
                do throws(RPCError) {
                    return .success((try admin.handle(method, payload: payload, agency: agency), []))
                } catch {
                    return .failure(error)
                }
            }
        }
        guard offloaded else {
            let result = work()
            if case .success(let (data, records)) = result, !records.isEmpty, let log = self.environment.log {
                self.track(entry, callID: callID, timeoutMs: call.timeoutMs, context: context)
                self.awaitLog(log, records, data: data, callID: callID, context: context)
            } else {
                self.answer(context: context, callID: callID, method: method, agency: caller.agency, started: started, result.map(\.0))
            }
            return
        }
        guard self.environment.work.tryAcquire() else {
            return refuse(RPCError(.resourceExhausted, "the server's work queue is full (\(self.configuration.maxQueuedCalls) calls); retry later"),
                          agency: caller.agency)
        }
        entry.working = true
        self.track(entry, callID: callID, timeoutMs: call.timeoutMs, context: context)
        self.offload(work, callID: callID, context: context)
    }

    /// Counts a call that waits for its answer, with its deadline.
    private func track(_ call: PendingCall, callID: UInt64, timeoutMs: UInt32, context: ChannelHandlerContext) {
        var call = call
        if timeoutMs > 0 {
            let bound = self.bound(context)
            call.deadline = context.eventLoop.scheduleTask(in: .milliseconds(Int64(timeoutMs))) {
                let (handler, context) = bound.value
                handler.finish(context: context, callID: callID, .failure(RPCError(.deadlineExceeded, "no answer within \(timeoutMs) ms")), flush: true)
            }
        }
        self.pending[callID] = call
        self.environment.metrics.inFlight(1)
    }

    private func offload(_ work: @escaping @Sendable () -> Result<(Data, [DecisionRecord]), RPCError>, callID: UInt64, context: ChannelHandlerContext) {
        let bound = self.bound(context)
        let log = self.environment.log
        let slots = self.environment.work
        self.environment.threadPool.runIfActive(eventLoop: context.eventLoop) { work() }.whenComplete { result in
            slots.release()
            let (handler, context) = bound.value
            handler.workEnded(callID: callID)
            let outcome = result.mapError { _ in RPCError(.unavailable, "the server is shutting down") }.flatMap { $0 }
            if case .success(let (data, records)) = outcome, !records.isEmpty, let log, handler.pending[callID] != nil {
                handler.awaitLog(log, records, data: data, callID: callID, context: context)
            } else {
                handler.finish(context: context, callID: callID, outcome.map(\.0), flush: true)
            }
        }
    }

    /// Frees the slot of a call whose answer went before its work ended.
    private func workEnded(callID: UInt64) {
        if self.pending[callID] != nil {
            self.pending[callID]?.working = false
        } else {
            self.abandoned -= 1
        }
    }

    /// Answers once the call's decisions are durable; if they cannot be recorded in time, the call fails.
    private func awaitLog(_ log: DecisionLog, _ records: [DecisionRecord], data: Data, callID: UInt64, context: ChannelHandlerContext) {
        let bound = self.bound(context)
        log.append(records, on: context.eventLoop, within: self.configuration.decisionLogTimeout).whenComplete { result in
            let (handler, context) = bound.value
            switch result {
            case .success: handler.finish(context: context, callID: callID, .success(data), flush: true)
            case .failure(let error):
                handler.logger.error("a decision could not be recorded; the call fails", metadata: ["error": "\(error)"])
                handler.finish(context: context, callID: callID, .failure(RPCError(.unavailable, "the decision could not be recorded (\(error)); retry")), flush: true)
            }
        }
    }

    private func cancel(_ callID: UInt64, context: ChannelHandlerContext) {
        self.finish(context: context, callID: callID, .failure(RPCError(.cancelled, "cancelled by the client")), flush: false)
    }

    private func countAuthenticationFailure(context: ChannelHandlerContext) {
        self.authenticationFailures += 1
        guard self.authenticationFailures >= self.configuration.maxAuthenticationFailures else { return }
        self.logger.info("closing a connection after repeated failed authentication")
        self.closeWithError(context: context, RPCError(.unauthenticated, "\(self.authenticationFailures) calls failed authentication on this connection; it is closed"))
    }

    /// Answers a pending call once; later outcomes for it (a late result after a deadline) are
    /// dropped. A call answered while its work runs is asked to stop and keeps its slot.
    private func finish(context: ChannelHandlerContext, callID: UInt64, _ result: Result<Data, RPCError>, flush: Bool) {
        guard let entry = self.pending.removeValue(forKey: callID) else { return }
        entry.deadline?.cancel()
        if entry.working {
            entry.cancellation.cancel()
            self.abandoned += 1
        }
        self.environment.metrics.inFlight(-1)
        self.answer(context: context, callID: callID, method: entry.method, agency: entry.agency, started: entry.started, result)
        if flush { self.flushIfNeeded(context: context) }
        if self.goingAway, self.pending.isEmpty { self.closeAfterFlush(context: context) }
    }

    /// The largest answer payload that fits a frame of the limit (its envelope included).
    private var answerLimit: Int { self.configuration.maxFrameBytes - 64 }

    /// Writes the answer, counts it and logs it (call id, method, agency, status, latency:
    /// never a token or anything about the applicant).
    private func answer(context: ChannelHandlerContext, callID: UInt64, method: String, agency: String, started: NIODeadline,
                        _ result: Result<Data, RPCError>) {
        var result = result
        if case .success(let payload) = result, payload.count > self.answerLimit {
            result = .failure(RPCError(.resourceExhausted, "the answer of \(payload.count) bytes would pass the \(self.configuration.maxFrameBytes)-byte frame limit; ask for less per call"))
        }
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
            frame.response.status = error.bounded(to: self.answerLimit).status
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

    private func flushIfNeeded(context: ChannelHandlerContext) {
        if self.needsFlush {
            self.needsFlush = false
            context.flush()
        }
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
        if self.pending.isEmpty { self.closeAfterFlush(context: context) } else { self.flushIfNeeded(context: context) }
    }

    private func closeWithError(context: ChannelHandlerContext, _ error: RPCError) {
        guard !self.closing else { return }
        if !self.prefaceReceived { self.send(context: context, Preface.buffer(allocator: context.channel.allocator)) }
        var frame = Points_V1_ServerFrame()
        frame.connectionError = error.status
        self.send(context: context, frame)
        self.closeAfterFlush(context: context)
    }

    /// Closes once what was written is sent, or after the first-frame timeout when the peer
    /// does not read (a client that never reads cannot hold a connection open).
    private func closeAfterFlush(context: ChannelHandlerContext) {
        guard !self.closing else { return }
        self.closing = true
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
