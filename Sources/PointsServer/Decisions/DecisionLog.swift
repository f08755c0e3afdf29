import NIOCore

/// Where decisions are recorded before they are answered: SQLite for one server
/// (`SQLiteDecisionLog`), PostgreSQL for several sharing one log (`PointsPostgres`).
///
/// Every implementation keeps the same guarantee: the future `append` returns succeeds only
/// once the decisions are committed durably, and the answer waits for it.
public protocol DecisionLog: AnyObject, Sendable {
    /// Queues decisions for the next group commit; the future succeeds once they are durable.
    ///
    /// - Parameters:
    ///   - records: The decisions of one call.
    ///   - eventLoop: Where the future completes.
    ///   - timeout: How long the caller waits: past it the future fails with
    ///     `DecisionLogError.timedOut` (the decisions may still be committed later).
    /// - Returns: A future failing at once with `DecisionLogError.full` when the queue is full,
    ///   `.tooLarge` when one call made more decisions than it holds, `.closed` once closed.
    func append(_ records: [DecisionRecord], on eventLoop: any EventLoop, within timeout: TimeAmount?) -> EventLoopFuture<Void>

    /// One decision by id (ids are unique across every server writing the log). Reads block
    /// the calling thread until the database answers: call them from a thread pool, never
    /// from Swift concurrency's few threads.
    func decision(id: Int64) throws -> DecisionRecord?

    /// Decisions after an id, oldest first, filtered by agency, method and applicant hash.
    func decisions(afterID: Int64, limit: Int, agency: String?, method: String?, applicantHash: String?) throws -> [DecisionRecord]

    /// Commits what is queued and stops writing; later appends fail with `.closed`.
    func close()

    /// Why decisions cannot be recorded now (for `/readyz`), or nil.
    var unavailability: String? { get }
}

/// Why a decision could not be recorded.
public enum DecisionLogError: Error, Sendable, CustomStringConvertible {
    /// The log is closed (the server is stopping).
    case closed
    /// This many decisions already wait for the next commit.
    case full(Int)
    /// One call made more decisions than the queue holds: retrying cannot help.
    case tooLarge(Int)
    /// The commit did not happen within this time.
    case timedOut(TimeAmount)
    /// The database could not be written or read (the reason, never a secret).
    case unavailable(String)

    public var description: String {
        switch self {
        case .closed: return "the decision log is closed"
        case .full(let limit): return "the decision log's queue is full (\(limit) decisions wait for a commit)"
        case .tooLarge(let limit): return "one call may record at most \(limit) decisions; ask for less per call"
        case .timedOut(let timeout): return "the decision log did not commit within \(timeout.nanoseconds / 1_000_000) ms"
        case .unavailable(let reason): return "the decision log is unavailable: \(reason)"
        }
    }
}
