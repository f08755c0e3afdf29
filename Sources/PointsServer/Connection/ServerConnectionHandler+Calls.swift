import Foundation
import NIOCore
import PointsCore
import PointsProtocol

/// Calls: authorise, cost, admit (the state machine), run inline or on the thread pool,
/// record the decisions, answer.
extension ServerConnectionHandler {
    func start(_ call: Points_V1_Call, context: ChannelHandlerContext) {
        let started = NIODeadline.now()
        let method = call.method, callID = call.callID
        guard !self.machine.isInFlight(callID: callID) else {
            // Any answer with this id would reach the first call's waiter: close instead.
            return self.closeWithError(context: context, RPCError(.invalidArgument, "call id \(callID) was sent again while its call is in flight; each call in flight needs an id of its own"))
        }
        func refuse(_ error: RPCError, agency: String = "-") {
            self.answer(context: context, callID: callID, method: method, agency: agency, started: started, .failure(error))
        }
        let caller: Caller
        switch self.configuration.access.authorize(method: method, metadata: call.metadata, peer: self.peer) {
        case .success(let who): caller = who
        case .failure(let error):
            refuse(error)
            if error.code == .unauthenticated, self.machine.authenticationFailed() {
                self.logger.info("closing a connection after repeated failed authentication")
                self.closeWithError(context: context, RPCError(.unauthenticated, "\(self.configuration.maxAuthenticationFailures) calls failed authentication on this connection; it is closed"))
            }
            return
        }
        let work: Work, cancellation: CallCancellation?
        do throws(RPCError) {
            (work, cancellation) = try self.work(for: call, agency: caller.agency)
        } catch {
            return refuse(error, agency: caller.agency)
        }
        let offloaded = cancellation != nil
        // A call that may wait (thread pool, decision log) takes a slot of the connection's limit.
        let waits = offloaded || self.environment.log != nil
        // Thread-pool work takes a place in the server-wide queue first; refused, it gives it back.
        guard !offloaded || self.environment.work.tryAcquire() else {
            return refuse(RPCError(.resourceExhausted, "the server's work queue is full (\(self.configuration.maxQueuedCalls) calls); retry later"), agency: caller.agency)
        }
        let serial: UInt64
        switch self.machine.admit(callID: callID, method: method, agency: caller.agency, started: started, waits: waits, working: offloaded) {
        case .start(let admitted): serial = admitted
        case .refuse(let error):
            if offloaded { self.environment.work.release() }
            return refuse(error, agency: caller.agency)
        }
        guard waits else {
            return self.answer(context: context, callID: callID, method: method, agency: caller.agency, started: started, work().map(\.0))
        }
        self.environment.metrics.inFlight(1)
        if call.timeoutMs > 0 { self.scheduleDeadline(context: context, callID: callID, serial: serial, milliseconds: call.timeoutMs) }
        guard offloaded else { return self.recordThenAnswer(work(), callID: callID, serial: serial, context: context) }
        self.cancellations[serial] = cancellation!
        self.offload(work, callID: callID, serial: serial, context: context)
    }

    /// The call's work, and the cancellation of work that runs on the thread pool (admin
    /// calls, and calls costing more than `PointsService.inlineCostLimit`); nil for work that
    /// runs inline.
    ///
    /// - Throws: `RPCError` for an unknown method or a request that cannot be decoded or passes a bound.
    private func work(for call: Points_V1_Call, agency: String) throws(RPCError) -> (Work, CallCancellation?) {
        let method = call.method
        guard let known = PointsMethod(rawValue: method) else { throw PointsMethod.unknown(method) }
        if known.isAdministrative {
            let admin = self.environment.admin, payload = call.payload
            return ({
                do throws(RPCError) {
                    return .success((try admin.handle(known, payload: payload, agency: agency), []))
                } catch {
                    return .failure(error)
                }
            }, CallCancellation())
        }
        let service = self.environment.store.service, payload = call.payload, answerLimit = self.answerLimit
        @Sendable func prepare() throws(RPCError) -> PreparedCall {
            guard let prepared = try service.prepare(method, payload: payload, answerLimit: answerLimit) else { throw PointsMethod.unknown(method) }
            return prepared
        }
        let recording = self.environment.log != nil
        let hasher = self.environment.hasher
        /// Runs the call, recording its decisions when there is a log.
        @Sendable func outcome(_ prepared: () throws(RPCError) -> PreparedCall, _ cancellation: CallCancellation)
            -> Result<(Data, [DecisionRecord]), RPCError> {
            var recorder: DecisionRecorder? = recording ? DecisionRecorder(agency: agency, hasher: hasher) : nil
            do throws(RPCError) {
                let data = try prepared().run(recorder: &recorder, cancellation: cancellation)
                return .success((data, recorder?.records ?? []))
            } catch {
                return .failure(error)
            }
        }
        // A big payload is decoded on the thread pool too: decoding it is work.
        if payload.count > PointsService.inlinePayloadBytes {
            let cancellation = CallCancellation()
            return ({ outcome(prepare, cancellation) }, cancellation)
        }
        let prepared = try prepare()
        guard prepared.cost > PointsService.inlineCostLimit else { return ({ outcome({ prepared }, .never) }, nil) }
        let cancellation = CallCancellation()
        return ({ outcome({ prepared }, cancellation) }, cancellation)
    }

    private func scheduleDeadline(context: ChannelHandlerContext, callID: UInt64, serial: UInt64, milliseconds: UInt32) {
        let bound = self.bound(context)
        self.deadlines[serial] = context.eventLoop.scheduleTask(in: .milliseconds(Int64(milliseconds))) {
            let (handler, context) = bound.value
            handler.finish(context: context, callID: callID, serial: serial,
                           .failure(RPCError(.deadlineExceeded, "no answer within \(milliseconds) ms")), flush: true)
        }
    }

    private func offload(_ work: @escaping Work, callID: UInt64, serial: UInt64, context: ChannelHandlerContext) {
        let bound = self.bound(context)
        let slots = self.environment.work
        self.environment.threadPool.runIfActive(eventLoop: context.eventLoop) { work() }.whenComplete { result in
            slots.release()
            let (handler, context) = bound.value
            handler.cancellations[serial] = nil
            handler.machine.workEnded(callID: callID, serial: serial)
            let outcome = result.mapError { _ in RPCError(.unavailable, "the server is shutting down") }.flatMap { $0 }
            handler.recordThenAnswer(outcome, callID: callID, serial: serial, context: context)
        }
    }

    /// Answers once the call's decisions are durable; if they cannot be recorded in time, the
    /// call fails. An answer that cannot be sent (too big, or the call was answered already)
    /// records nothing.
    private func recordThenAnswer(_ outcome: Result<(Data, [DecisionRecord]), RPCError>, callID: UInt64, serial: UInt64, context: ChannelHandlerContext) {
        guard case .success(let (data, records)) = outcome, !records.isEmpty, let log = self.environment.log,
              data.count <= self.answerLimit, self.machine.isWaiting(callID: callID, serial: serial) else {
            return self.finish(context: context, callID: callID, serial: serial, outcome.map(\.0), flush: true)
        }
        let bound = self.bound(context)
        log.append(records, on: context.eventLoop, within: self.configuration.decisionLogTimeout).whenComplete { result in
            let (handler, context) = bound.value
            switch result {
            case .success: handler.finish(context: context, callID: callID, serial: serial, .success(data), flush: true)
            case .failure(let error):
                handler.logger.error("a decision could not be recorded; the call fails", metadata: ["error": "\(error)"])
                let code: Points_V1_Code = if case .tooLarge = error as? DecisionLogError { .resourceExhausted } else { .unavailable }
                handler.finish(context: context, callID: callID, serial: serial,
                               .failure(RPCError(code, "the decision could not be recorded (\(error))\(code == .unavailable ? "; retry" : "")")), flush: true)
            }
        }
    }

    /// Answers a waiting call once; later outcomes for it (a late result after a deadline, work
    /// of an older call with the same id) are dropped. Work still running is asked to stop.
    func finish(context: ChannelHandlerContext, callID: UInt64, serial: UInt64?, _ result: Result<Data, RPCError>, flush: Bool) {
        guard let call = self.machine.answer(callID: callID, serial: serial, now: context.eventLoop.now) else { return }
        self.deadlines.removeValue(forKey: call.serial)?.cancel()
        if call.working { self.cancellations[call.serial]?.cancel() }
        self.environment.metrics.inFlight(-1)
        self.answer(context: context, callID: callID, method: call.method, agency: call.agency, started: call.started, result)
        if flush { self.flushIfNeeded(context: context) }
        if self.machine.isDrained { self.closeAfterFlush(context: context) }
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
        let code: Points_V1_Code
        switch result {
        case .success: code = .ok
        case .failure(let error): code = error.code
        }
        let nanoseconds = (NIODeadline.now() - started).nanoseconds
        // Keyed by the method served (nil: any other name), never by the caller's text, which
        // may be as long as a frame.
        let key = CallMetricKey(method: PointsMethod(rawValue: method), code: code)
        if self.callMetrics[key] == nil {
            if self.callMetrics.count >= 64 { self.callMetrics.removeAll() }
            self.callMetrics[key] = self.environment.metrics.callMetric(method: method, code: code)
        }
        self.callMetrics[key]!.record(nanoseconds: nanoseconds)
        self.logger.debug("call answered", metadata: [
            "call_id": "\(callID)", "method": "\(PointsMethod.label(of: method))", "agency": "\(agency)",
            "status": "\(code.name)", "latency_us": "\(nanoseconds / 1000)",
        ])
    }
}

/// A method served (nil for a name that is not one) and an answer's status.
struct CallMetricKey: Hashable {
    let method: PointsMethod?
    let code: Points_V1_Code
}
