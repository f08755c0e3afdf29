import Foundation
import GRDB
import NIOCore

/// The decision log of one server: SQLite in WAL mode with `synchronous = FULL`, written by
/// one thread that commits every waiting decision in one transaction (group commit).
///
/// A call's answer is sent only when `append` succeeds, that is after the transaction holding
/// its decisions is on disk: an answer a caller received is never lost by a crash.
public final class SQLiteDecisionLog: DecisionLog, @unchecked Sendable {
    private let pool: DatabasePool
    private let path: String
    private let queue: GroupCommitQueue

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
        let pool = try DatabasePool(path: path, configuration: configuration)
        try DecisionLogSchema.migrator.migrate(pool)
        self.pool = pool
        self.path = path
        self.queue = GroupCommitQueue(name: "decision-log", limit: queueLimit) { records in
            try pool.write { db in
                for record in records { try Self.insert(record, db) }
            }
        }
    }

    public func append(_ records: [DecisionRecord], on eventLoop: any EventLoop, within timeout: TimeAmount? = nil) -> EventLoopFuture<Void> {
        queue.append(records, on: eventLoop, within: timeout)
    }

    public func close() {
        queue.close()
    }

    public var unavailability: String? {
        FileManager.default.isWritableFile(atPath: path) ? nil : "the decision log \(path) cannot be written"
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
