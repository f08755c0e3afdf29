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
    // `waiting` and `stopped` are guarded by `condition`.
    private let condition = NSCondition()
    private var waiting: [Waiting] = []
    private var stopped = false
    private var writer: Thread?

    /// Opens (or creates) the log at `path` and starts its writer.
    ///
    /// - Throws: GRDB's error when the file cannot be opened or migrated.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        self.pool = try DatabasePool(path: path, configuration: configuration)
        try self.pool.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS decisions (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  time_ms INTEGER NOT NULL,
                  agency TEXT NOT NULL,
                  method TEXT NOT NULL,
                  applicant_hash TEXT,
                  scheme_id TEXT NOT NULL,
                  scheme_version TEXT NOT NULL,
                  content_hash TEXT NOT NULL,
                  as_of TEXT NOT NULL,
                  total TEXT,
                  qualified INTEGER,
                  tiers TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS decisions_applicant ON decisions(applicant_hash);
                CREATE INDEX IF NOT EXISTS decisions_agency ON decisions(agency, id);
                """)
        }
        // The writer keeps the log alive until `close()` stops it.
        let thread = Thread { self.writeLoop() }
        thread.name = "decision-log"
        self.writer = thread
        thread.start()
    }

    /// Queues decisions for the next group commit; the future succeeds once they are durable.
    public func append(_ records: [DecisionRecord], on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        condition.lock()
        if stopped {
            condition.unlock()
            promise.fail(DecisionLogError.closed)
            return promise.futureResult
        }
        waiting.append(Waiting(records: records, promise: promise))
        condition.signal()
        condition.unlock()
        return promise.futureResult
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
            INSERT INTO decisions (time_ms, agency, method, applicant_hash, scheme_id, scheme_version, content_hash, as_of, total, qualified, tiers)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [r.timeMs, r.agency, r.method, r.applicantHash, r.schemeID, r.schemeVersion, r.contentHash, r.asOf,
                             r.total, r.qualified.map { $0 ? 1 : 0 }, r.tiersText])
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
                       total: row["total"], qualified: (row["qualified"] as Int?).map { $0 != 0 }, tiers: DecisionRecord.tiers(from: row["tiers"]))
    }
}

/// Why a decision could not be recorded.
public enum DecisionLogError: Error, Sendable {
    /// The log is closed (the server is stopping).
    case closed
}
