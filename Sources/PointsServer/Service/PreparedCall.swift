import Foundation
import NIOConcurrencyHelpers
import PointsProtocol

/// A call decoded, checked against the request bounds and costed, ready to run.
///
/// Deciding where a call runs needs what it asks for, not its byte size: 2,048 empty
/// requests are 4 KB and 2,048 cards of work. `cost` counts the cards (or applicants and
/// their choices) the call will evaluate.
public struct PreparedCall: Sendable {
    /// The work the call asks for, in cards evaluated (1 for a lookup).
    public let cost: Int
    private let body: @Sendable (inout DecisionRecorder?, CallCancellation) throws(RPCError) -> Data

    init(cost: Int, _ body: @escaping @Sendable (inout DecisionRecorder?, CallCancellation) throws(RPCError) -> Data) {
        self.cost = cost
        self.body = body
    }

    /// Runs the call.
    ///
    /// - Parameters:
    ///   - recorder: Collects the decisions made when the server keeps a decision log.
    ///   - cancellation: Checked between items: a cancelled call stops at its next item.
    /// - Returns: The serialised response message.
    /// - Throws: `RPCError` with the status to answer.
    public func run(recorder: inout DecisionRecorder?, cancellation: CallCancellation = CallCancellation()) throws(RPCError) -> Data {
        try body(&recorder, cancellation)
    }
}

/// Set when a call's answer is no longer wanted (cancelled, past its deadline, connection
/// gone); long calls check it between items and stop.
public final class CallCancellation: Sendable {
    /// Nil for `never`.
    private let flag: NIOLockedValueBox<Bool>?

    /// A call not (yet) cancelled.
    public init() { flag = NIOLockedValueBox(false) }

    private init(never: Void) { flag = nil }

    /// The cancellation of calls that run start to end on the event loop, which nothing can
    /// cancel: shared, and free of locks.
    static let never = CallCancellation(never: ())

    /// Asks the call to stop.
    public func cancel() { flag?.withLockedValue { $0 = true } }

    /// Whether the call was asked to stop.
    public var isCancelled: Bool { flag?.withLockedValue { $0 } ?? false }

    /// Throws `CANCELLED` when the call was asked to stop.
    func check() throws(RPCError) {
        if isCancelled { throw RPCError(.cancelled, "the call was cancelled or passed its deadline") }
    }
}
