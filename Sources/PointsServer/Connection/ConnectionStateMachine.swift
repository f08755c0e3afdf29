import NIOCore
import PointsProtocol

/// One connection's protocol state as a value: the handler feeds it events (a preface, a call,
/// an answer ready, work ended, a deadline, a timer) and does the I/O it asks for. No event
/// loop, no channel: tests drive it with plain values.
///
/// Calls are known by a serial of their own as well as by their call id, because a client may
/// reuse an id once its call is answered: late work of the old call must never reach the new
/// one. A call that waits (thread pool, decision log) holds one of `maxCalls` slots until its
/// work has really ended, even when a deadline or a cancel answered it first.
struct ConnectionStateMachine {
    /// Where the connection is.
    enum Phase: Equatable {
        /// Waiting for the client's preface.
        case awaitingPreface
        /// Serving calls.
        case open
        /// `GoAway` sent: answering the calls in flight, refusing new ones.
        case goingAway
        /// Closing; nothing more is read or answered.
        case closed
    }

    /// A call waiting for its answer.
    struct Call: Equatable {
        let serial: UInt64
        let method: String
        let agency: String
        let started: NIODeadline
        /// Whether thread-pool work for it has not ended yet.
        var working: Bool
    }

    /// Whether a call may start.
    enum Admission: Equatable {
        /// Start it; answers and ends of its work carry this serial.
        case start(serial: UInt64)
        /// Answer it with this status at once.
        case refuse(RPCError)
    }

    /// What to do when the idle timer fires.
    enum IdleAction: Equatable {
        /// Say goodbye: nothing has happened for the idle timeout.
        case goAway
        /// Look again then.
        case checkAgain(at: NIODeadline)
        /// Nothing: the connection is already closing.
        case none
    }

    let maxCalls: Int
    let maxAuthenticationFailures: Int
    let idleTimeout: TimeAmount

    private(set) var phase = Phase.awaitingPreface
    /// The highest call id accepted, for `GoAway`.
    private(set) var lastCallID: UInt64 = 0
    private var calls: [UInt64: Call] = [:]
    /// Serials of calls answered while their work still runs: they keep their slot.
    private var abandoned = Set<UInt64>()
    private var nextSerial: UInt64 = 1
    private var authenticationFailures = 0
    /// The last complete frame read, or the last answer that left no call in flight.
    private var lastActivity: NIODeadline

    init(maxCalls: Int, maxAuthenticationFailures: Int, idleTimeout: TimeAmount, now: NIODeadline) {
        self.maxCalls = maxCalls
        self.maxAuthenticationFailures = maxAuthenticationFailures
        self.idleTimeout = idleTimeout
        self.lastActivity = now
    }

    /// Slots taken: calls waiting for an answer and answered calls whose work still runs.
    var slotsInUse: Int { calls.count + abandoned.count }

    /// The preface arrived.
    ///
    /// - Returns: Whether it is the first (send ours and start the idle timer).
    mutating func prefaceReceived(now: NIODeadline) -> Bool {
        guard phase == .awaitingPreface else { return false }
        phase = .open
        lastActivity = now
        return true
    }

    /// A complete frame arrived: the connection is not idle.
    mutating func frameReceived(now: NIODeadline) {
        lastActivity = now
    }

    /// Whether a call with this id waits for its answer: a call sent with the id again is a
    /// protocol error (its answer could not be told from the first one's).
    func isInFlight(callID: UInt64) -> Bool { calls[callID] != nil }

    /// Decides whether a call starts. The handler has closed a connection that sent an id in
    /// flight again (`isInFlight`) before it gets here.
    ///
    /// - Parameters:
    ///   - waits: Whether it waits for its answer (thread pool or decision log) and so takes a
    ///     slot; a call answered at once takes none.
    ///   - working: Whether thread-pool work starts for it.
    mutating func admit(callID: UInt64, method: String, agency: String, started: NIODeadline, waits: Bool, working: Bool) -> Admission {
        switch phase {
        case .goingAway, .closed: return .refuse(RPCError(.unavailable, "the server is shutting down; reconnect"))
        case .awaitingPreface, .open: break
        }
        if waits, slotsInUse >= maxCalls {
            return .refuse(RPCError(.resourceExhausted, "more than \(maxCalls) calls in flight on this connection; wait for answers"))
        }
        lastCallID = max(lastCallID, callID)
        let serial = nextSerial
        nextSerial += 1
        if waits { calls[callID] = Call(serial: serial, method: method, agency: agency, started: started, working: working) }
        return .start(serial: serial)
    }

    /// Whether the call with this id and serial still waits for its answer.
    func isWaiting(callID: UInt64, serial: UInt64) -> Bool {
        calls[callID]?.serial == serial
    }

    /// The call's answer is ready (a result, a deadline, a cancel).
    ///
    /// - Parameter serial: The call's serial, or nil for "whichever call has this id" (a
    ///   client's cancel).
    /// - Returns: The call to answer, or nil when it was answered already (or the id belongs
    ///   to a newer call): then nothing is sent. A call whose work still runs keeps its slot.
    mutating func answer(callID: UInt64, serial: UInt64?, now: NIODeadline) -> Call? {
        guard let call = calls[callID], serial == nil || call.serial == serial else { return nil }
        calls[callID] = nil
        if call.working { abandoned.insert(call.serial) }
        if calls.isEmpty { lastActivity = now }
        return call
    }

    /// The thread-pool work of the call with this serial ended: its slot is free once it is
    /// answered.
    mutating func workEnded(callID: UInt64, serial: UInt64) {
        if abandoned.remove(serial) == nil, calls[callID]?.serial == serial {
            calls[callID]?.working = false
        }
    }

    /// A call failed authentication.
    ///
    /// - Returns: Whether the connection must now be closed.
    mutating func authenticationFailed() -> Bool {
        authenticationFailures += 1
        return authenticationFailures >= maxAuthenticationFailures
    }

    /// The idle timer fired.
    func idleCheck(now: NIODeadline) -> IdleAction {
        guard phase == .open else { return .none }
        let due = lastActivity + idleTimeout
        if due > now { return .checkAgain(at: due) }
        return calls.isEmpty ? .goAway : .checkAgain(at: now + idleTimeout)
    }

    /// Says goodbye.
    ///
    /// - Returns: Whether `GoAway` is to be sent (nil when already going away or closed);
    ///   it is sent only after a preface.
    mutating func goAway() -> (sendGoAway: Bool, closeNow: Bool)? {
        switch phase {
        case .goingAway, .closed: return nil
        case .awaitingPreface, .open:
            let sendGoAway = phase == .open
            phase = .goingAway
            return (sendGoAway, calls.isEmpty)
        }
    }

    /// Whether the connection is going away and has answered everything.
    var isDrained: Bool { phase == .goingAway && calls.isEmpty }

    /// The connection is closing.
    ///
    /// - Returns: Whether this is the first time (do the closing I/O once).
    mutating func close() -> Bool {
        guard phase != .closed else { return false }
        phase = .closed
        return true
    }

    /// The calls still waiting when the connection goes: their work is asked to stop.
    mutating func removeAll() -> [Call] {
        defer { calls.removeAll() }
        return Array(calls.values)
    }
}
