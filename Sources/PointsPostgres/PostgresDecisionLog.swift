import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PointsServer
import PostgresNIO

/// The decision log shared by several pointsd: PostgreSQL (postgres-nio). Each server commits
/// the decisions waiting for it in one transaction (group commit), and answers a call only
/// after that transaction is committed (PostgreSQL's `synchronous_commit` decides how durable
/// that is: keep it `on`). Ids come from one identity column, so they are unique across
/// servers, and every server reads every server's decisions. Every writer's transaction holds
/// `commitOrderLock`, so ids are handed out in commit order: an auditor paging by id never
/// passes a decision that commits later.
public final class PostgresDecisionLog: DecisionLog {
    /// Rows per INSERT statement (11 parameters a row, far below PostgreSQL's 65,535).
    private static let rowsPerStatement = 1_000

    /// The `pg_advisory_xact_lock` key every writer takes first in its transaction, so that
    /// no id is taken while another writer's smaller id is still uncommitted. A tool that
    /// writes decisions itself must take it too.
    public static let commitOrderLock: Int64 = PostgresSchema.migrationLock + 1

    /// Where the log is (without its password).
    public let location: PostgresLocation
    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let logger: Logger
    private let failure = NIOLockedValueBox<String?>(nil)
    private let queue: GroupCommitQueue

    /// Connects, creates or migrates the schema, and starts the writer.
    ///
    /// - Parameters:
    ///   - location: The database.
    ///   - queueLimit: Decisions that may wait for the next commit; `append` refuses more.
    ///   - lockTimeout: The longest a commit waits for `commitOrderLock`, and the longest a
    ///     writer's transaction may sit idle, so that a server cut off mid-commit (its session
    ///     holding the lock) stops the others' commits for no longer than this: they fail, and
    ///     `unavailability` says why.
    /// - Throws: `ConfigurationError` saying why the database cannot be used.
    public init(location: PostgresLocation, queueLimit: Int = 100_000, lockTimeout: TimeAmount = .seconds(10),
                logger: Logger) async throws(ConfigurationError) {
        self.location = location
        self.logger = logger
        let client: PostgresClient
        do {
            client = PostgresClient(configuration: try location.clientConfiguration, backgroundLogger: logger)
        } catch {
            throw ConfigurationError(problems: ["decision_log \(location.redacted): \(error)"])
        }
        do {
            let first = try await PostgresConnection.connect(configuration: try location.connectionConfiguration, id: 0, logger: logger)
            defer { Task { try? await first.close() } }
            let applied = try await PostgresSchema.migrate(first, logger: logger)
            if !applied.isEmpty { logger.notice("decision log schema migrated", metadata: ["versions": "\(applied.joined(separator: ", "))"]) }
        } catch {
            throw ConfigurationError(problems: ["decision_log \(location.redacted): \(Self.describe(error))"])
        }
        self.client = client
        self.running = Task { await client.run() }
        let failure = self.failure, milliseconds = String(max(1, lockTimeout.nanoseconds / 1_000_000))
        self.queue = GroupCommitQueue(name: "decision-log-postgres", limit: queueLimit) { records in
            do {
                try Self.blocking { try await Self.insert(records, into: client, lockTimeout: milliseconds, logger: logger) }
                failure.withLockedValue { $0 = nil }
            } catch {
                let reason = Self.describe(error)
                failure.withLockedValue { $0 = reason }
                throw DecisionLogError.unavailable(reason)
            }
        }
    }

    public func append(_ records: [DecisionRecord], on eventLoop: any EventLoop, within timeout: TimeAmount?) -> EventLoopFuture<Void> {
        queue.append(records, on: eventLoop, within: timeout)
    }

    public func close() {
        queue.close()
        running.cancel()
    }

    public var unavailability: String? {
        failure.withLockedValue { $0 }.map { "the PostgreSQL decision log \(location.redacted) failed its last commit: \($0)" }
    }

    public func decision(id: Int64) throws -> DecisionRecord? {
        try select("WHERE id = $1", [id], limit: 1).first
    }

    public func decisions(afterID: Int64, limit: Int, agency: String?, method: String?, applicantHash: String?) throws -> [DecisionRecord] {
        var conditions = ["id > $1"], values: [String] = []
        for (column, value) in [("agency", agency), ("method", method), ("applicant_hash", applicantHash)] {
            guard let value else { continue }
            values.append(value)
            conditions.append("\(column) = $\(values.count + 1)")
        }
        return try select("WHERE " + conditions.joined(separator: " AND "), [afterID], texts: values, limit: limit)
    }

    private func select(_ filter: String, _ ids: [Int64], texts: [String] = [], limit: Int) throws -> [DecisionRecord] {
        var binds = PostgresBindings()
        for id in ids { binds.append(id) }
        for text in texts { binds.append(text) }
        binds.append(limit)
        let sql = """
            SELECT id, time_ms, agency, method, applicant_hash, scheme_id, scheme_version, content_hash, as_of, total, qualified, tiers::text
            FROM decisions \(filter) ORDER BY id LIMIT $\(ids.count + texts.count + 1)
            """
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        let client = self.client, logger = self.logger
        do {
            return try Self.blocking {
                var records: [DecisionRecord] = []
                let rows = try await client.query(query, logger: logger)
                for try await (id, time, agency, method, applicant, scheme, version, hash, asOf, total, qualified, tiers)
                    in rows.decode((Int64, Int64, String, String, String?, String, String, String, String, String?, Bool?, String).self) {
                    records.append(DecisionRecord(id: id, timeMs: time, agency: agency, method: method, applicantHash: applicant, schemeID: scheme,
                                                  schemeVersion: version, contentHash: hash, asOf: asOf, total: total, qualified: qualified,
                                                  tiers: DecisionTiers.read(json: tiers)))
                }
                return records
            }
        } catch {
            throw DecisionLogError.unavailable(Self.describe(error))
        }
    }

    /// One transaction holding every record, in statements of `rowsPerStatement` rows, under
    /// `commitOrderLock` (released by the commit), waiting for it and idling at most
    /// `lockTimeout` milliseconds.
    private static func insert(_ records: [DecisionRecord], into client: PostgresClient, lockTimeout: String, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            // Read to the end: a statement's error arrives with its rows, not before.
            _ = try await connection.query("""
                SELECT set_config('lock_timeout', \(lockTimeout), true), set_config('idle_in_transaction_session_timeout', \(lockTimeout), true)
                """, logger: logger).collect()
            _ = try await connection.query("SELECT pg_advisory_xact_lock(\(commitOrderLock))", logger: logger).collect()
            var start = records.startIndex
            while start < records.endIndex {
                let end = min(start + rowsPerStatement, records.endIndex)
                try await connection.query(statement(records[start..<end]), logger: logger)
                start = end
            }
        }
    }

    private static func statement(_ records: ArraySlice<DecisionRecord>) -> PostgresQuery {
        var binds = PostgresBindings(capacity: records.count * 11)
        var rows: [String] = []
        rows.reserveCapacity(records.count)
        for (n, r) in records.enumerated() {
            let base = n * 11
            rows.append("(" + (1...10).map { "$\(base + $0)" }.joined(separator: ", ") + ", $\(base + 11)::jsonb)")
            binds.append(r.timeMs)
            binds.append(r.agency)
            binds.append(r.method)
            if let hash = r.applicantHash { binds.append(hash) } else { binds.appendNull() }
            binds.append(r.schemeID)
            binds.append(r.schemeVersion)
            binds.append(r.contentHash)
            binds.append(r.asOf)
            if let total = r.total { binds.append(total) } else { binds.appendNull() }
            if let qualified = r.qualified { binds.append(qualified) } else { binds.appendNull() }
            binds.append(DecisionTiers.json(r.tiers))
        }
        let sql = "INSERT INTO decisions (time_ms, agency, method, applicant_hash, scheme_id, scheme_version, content_hash, as_of, total, qualified, tiers) VALUES "
            + rows.joined(separator: ", ")
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// Waits on this (writer or thread-pool) thread for async database work.
    private static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = NIOLockedValueBox<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            outcome.withLockedValue { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLockedValue { $0! }.get()
    }

    /// What went wrong, in words: PostgreSQL's own message, or why it could not be reached.
    static func describe(_ error: any Error) -> String {
        if let transaction = error as? PostgresTransactionError,
           let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
            return describe(inner)
        }
        guard let error = error as? PSQLError else { return "\(error)" }
        if error.serverInfo?[.sqlState] == "55P03" {
            return "another server held the decision log's commit-order lock past lock_timeout (one cut off in the middle of a commit?); PostgreSQL ends that server's session after as long idle, and commits resume"
        }
        if let message = error.serverInfo?[.message] {
            return "PostgreSQL says: \(message)" + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        if error.code == .sslUnsupported { return "PostgreSQL does not accept TLS connections here; set ssl = on in its configuration, or sslmode=disable" }
        if let underlying = error.underlying {
            let raw = "\(underlying)"
            if raw.contains("CERTIFICATE_VERIFY_FAILED") {
                return "cannot reach PostgreSQL: its TLS certificate could not be verified (not signed by the sslrootcert CA, or expired)"
            }
            if raw.contains("failedToValidateHostname") {
                return "cannot reach PostgreSQL: its TLS certificate is not for this host name or address"
            }
            return "cannot reach PostgreSQL: \(underlying)"
        }
        return "PostgreSQL: \(error.code)"
    }
}
