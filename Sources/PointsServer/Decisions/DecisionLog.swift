import Foundation
import GRDB
import NIOCore

/// The durable decision log: SQLite in WAL mode with `synchronous = FULL`, written by one
/// thread that commits every waiting decision in one transaction (group commit).
///
/// A call's answer is sent only when `append` succeeds, that is after the transaction holding
/// its decisions is on disk: an answer a caller received is never lost by a crash.
public final class DecisionLog: @unchecked Sendable {
    private struct Waiting {
        var records: [DecisionRecord]
        let promise: EventLoopPromise<Void>
    }

    private let pool: DatabasePool
    private let queueLimit: Int
    // `waiting`, `waitingRecords` and `stopped` are guarded by `condition`.
    private let condition = NSCondition()
    private var waiting: [Waiting] = []
    private var waitingRecords = 0
    private var stopped = false
    private var writer: Thread?

    /// Opens (or creates, or migrates) the log at `path` and starts its writer.
    ///
    /// - Parameters:
    ///   - path: The SQLite file.
    ///   - queueLimit: Decisions that may wait for the next commit; `append` refuses more.
    /// - Throws: GRDB's error when the file cannot be opened or migrated.
    public init(path: String, queueLimit: Int = 100_000) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        self.pool = try DatabasePool(path: path, configuration: configuration)
        self.queueLimit = queueLimit
        try DecisionLogSchema.migrator.migrate(self.pool)
        // The writer keeps the log alive until `close()` stops it.
        let thread = Thread { self.writeLoop() }
        thread.name = "decision-log"
        self.writer = thread
        thread.start()
    }

    /// Queues decisions for the next group commit; the future succeeds once they are durable.
    ///
    /// - Parameters:
    ///   - records: The decisions of one call.
    ///   - eventLoop: Where the future completes.
    ///   - timeout: How long the caller waits: past it the future fails with
    ///     `DecisionLogError.timedOut` (the decisions may still be committed later).
    /// - Returns: A future failing at once with `DecisionLogError.full` when the queue holds
    ///   `queueLimit` decisions, or `.closed` when the log is closed.
    public func append(_ records: [DecisionRecord], on eventLoop: any EventLoop, within timeout: TimeAmount? = nil) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        condition.lock()
        if stopped || waitingRecords + records.count > queueLimit {
            let error: DecisionLogError = stopped ? .closed : records.count > queueLimit ? .tooLarge(queueLimit) : .full(queueLimit)
            condition.unlock()
            promise.fail(error)
            return promise.futureResult
        }
        waiting.append(Waiting(records: records, promise: promise))
        waitingRecords += records.count
        condition.signal()
        condition.unlock()
        guard let timeout else { return promise.futureResult }
        // Whichever comes first, the commit or the timeout, completes the relay.
        let relay = eventLoop.makePromise(of: Void.self)
        let timer = eventLoop.scheduleTask(in: timeout) { relay.fail(DecisionLogError.timedOut(timeout)) }
        promise.futureResult.whenComplete { result in
            timer.cancel()
            relay.completeWith(result)
        }
        return relay.futureResult
    }

    /// Writes what is queued and stops the writer.
    public func close() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
        while writer?.isFinished == false { Thread.sleep(forTimeInterval: 0.005) }
    }

    private func writeLoop() {
        while true {
            condition.lock()
            while waiting.isEmpty && !stopped { condition.wait() }
            let batch = waiting
            waiting.removeAll(keepingCapacity: true)
            waitingRecords = 0
            let done = stopped && batch.isEmpty
            condition.unlock()
            if done { return }
            do {
                try pool.write { db in
                    for group in batch {
                        for record in group.records { try Self.insert(record, db) }
                    }
                }
                for group in batch { group.promise.succeed(()) }
            } catch {
                for group in batch { group.promise.fail(error) }
            }
        }
    }

    private static func insert(_ r: DecisionRecord, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO decisions (time_ms, agency, method, applicant_hash, scheme_id, scheme_version, content_hash, as_of, total, qualified, tiers, tiers_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?)
            """, arguments: [r.timeMs, r.agency, r.method, r.applicantHash, r.schemeID, r.schemeVersion, r.contentHash, r.asOf,
                             r.total, r.qualified.map { $0 ? 1 : 0 }, DecisionTiers.json(r.tiers)])
    }

    /// One decision by id.
    public func decision(id: Int64) throws -> DecisionRecord? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM decisions WHERE id = ?", arguments: [id]).map(Self.record) }
    }

    /// Decisions after an id, oldest first, filtered by agency, method and applicant hash.
    public func decisions(afterID: Int64, limit: Int, agency: String?, method: String?, applicantHash: String?) throws -> [DecisionRecord] {
        var sql = "SELECT * FROM decisions WHERE id > ?"
        var arguments: [any DatabaseValueConvertible] = [afterID]
        if let agency { sql += " AND agency = ?"; arguments.append(agency) }
        if let method { sql += " AND method = ?"; arguments.append(method) }
        if let applicantHash { sql += " AND applicant_hash = ?"; arguments.append(applicantHash) }
        sql += " ORDER BY id LIMIT ?"
        arguments.append(limit)
        let statementArguments = StatementArguments(arguments.map { $0.databaseValue })
        return try pool.read { db in try Row.fetchAll(db, sql: sql, arguments: statementArguments).map(Self.record) }
    }

    private static func record(_ row: Row) -> DecisionRecord {
        DecisionRecord(id: row["id"], timeMs: row["time_ms"], agency: row["agency"], method: row["method"], applicantHash: row["applicant_hash"],
                       schemeID: row["scheme_id"], schemeVersion: row["scheme_version"], contentHash: row["content_hash"], asOf: row["as_of"],
                       total: row["total"], qualified: (row["qualified"] as Int?).map { $0 != 0 }, tiers: Self.tiers(row))
    }

    /// The JSON tiers; a row written by an older pointsd sharing the file still has lines.
    private static func tiers(_ row: Row) -> [(service: String, tier: String)] {
        let tiers = DecisionTiers.read(json: row["tiers_json"])
        return tiers.isEmpty ? DecisionTiers.read(lines: row["tiers"]) : tiers
    }
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

    public var description: String {
        switch self {
        case .closed: return "the decision log is closed"
        case .full(let limit): return "the decision log's queue is full (\(limit) decisions wait for a commit)"
        case .tooLarge(let limit): return "one call may record at most \(limit) decisions; ask for less per call"
        case .timedOut(let timeout): return "the decision log did not commit within \(timeout.nanoseconds / 1_000_000) ms"
        }
    }
}
