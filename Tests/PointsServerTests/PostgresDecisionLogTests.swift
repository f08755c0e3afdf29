import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PointsClient
import PointsCore
@testable import PointsPostgres
import PointsProtocol
import PointsServer
import PointsTestSupport
import PostgresNIO
import Testing

extension PostgresDecisionLog {
    /// `decisions`, read on NIO's thread pool: a read blocks its thread until the database
    /// answers, and blocking two of Swift concurrency's threads at once (tests run in
    /// parallel) would leave none to answer.
    func page(after: Int64 = 0, limit: Int = 10, agency: String? = nil, method: String? = nil, applicantHash: String? = nil) async throws -> [DecisionRecord] {
        try await NIOThreadPool.singleton.runIfActive { try self.decisions(afterID: after, limit: limit, agency: agency, method: method, applicantHash: applicantHash) }
    }

    /// `decision(id:)`, read on NIO's thread pool.
    func found(id: Int64) async throws -> DecisionRecord? {
        try await NIOThreadPool.singleton.runIfActive { try self.decision(id: id) }
    }
}

extension TestPostgres {
    /// Errors only.
    static let logger: Logger = {
        var logger = Logger(label: "postgres-test")
        logger.logLevel = .error
        return logger
    }()

    static func log(_ url: String, lockTimeout: TimeAmount = .seconds(10)) async throws -> PostgresDecisionLog {
        try await PostgresDecisionLog(location: try PostgresLocation(url: url), lockTimeout: lockTimeout, logger: logger)
    }

    /// A connection of its own to the database, as another server's.
    static func connect(_ url: String) async throws -> PostgresConnection {
        try await PostgresConnection.connect(configuration: try PostgresLocation(url: url).connectionConfiguration, id: 1, logger: logger)
    }

    /// Another writer in the middle of a commit: a transaction holding the commit-order lock.
    static func writerMidCommit(_ url: String) async throws -> PostgresConnection {
        let other = try await connect(url)
        try await other.query("BEGIN", logger: logger)
        _ = try await other.query("SELECT pg_advisory_xact_lock(\(PostgresDecisionLog.commitOrderLock))", logger: logger).collect()
        return other
    }
}

@Suite(.enabled(if: TestPostgres.available, "Scripts/test.sh starts PostgreSQL and sets POINTS_TEST_POSTGRES"))
struct PostgresDecisionLogTests {
    static func record(_ n: Int, agency: String) -> DecisionRecord {
        DecisionRecord(timeMs: 1_750_000_000_000 + Int64(n), agency: agency, method: "Score", applicantHash: n % 3 == 0 ? nil : "hash-\(n)",
                       schemeID: "guangzhou-hukou", schemeVersion: "2023", contentHash: "sha256:00", asOf: "2025-06-01",
                       total: n % 5 == 0 ? nil : "\(n)", qualified: n % 2 == 0 ? nil : n % 4 == 1,
                       tiers: [("school", "tier-\(n)"), ("\"quoted\"\nservice", "=")])
    }

    @Test func twoServersShareOneLogWithIdsUniqueAcrossThem() async throws {
        let url = try TestPostgres.freshDatabase()
        let (a, b) = (try await TestPostgres.log(url), try await TestPostgres.log(url))  // the second finds the schema current
        defer { a.close(); b.close() }
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        // Many calls at once from each: group commits of several calls each, interleaved.
        var commits: [EventLoopFuture<Void>] = []
        for n in 0..<400 {
            commits.append((n % 2 == 0 ? a : b).append([Self.record(n, agency: n % 2 == 0 ? "a" : "b")], on: loop, within: .seconds(60)))
        }
        commits.append(a.append((400..<2_500).map { Self.record($0, agency: "a") }, on: loop, within: .seconds(60)))  // more than one statement
        for commit in commits { try await commit.get() }
        for log in [a, b] {
            var seen: [DecisionRecord] = [], after: Int64 = 0
            while true {
                let page = try await log.page(after: after, limit: 1000)
                guard let last = page.last else { break }
                seen += page
                after = last.id
            }
            #expect(seen.count == 2_500 && Set(seen.map(\.id)).count == 2_500, "every server sees every decision once")
            let sevens = seen.filter { $0.total == "7" }
            #expect(sevens.count == 1 && sevens[0].agency == "b" && sevens[0].applicantHash == "hash-7" && sevens[0].qualified == false)
            let original = Self.record(7, agency: "b")
            #expect(sevens[0].tiers.map { "\($0.service)|\($0.tier)" } == original.tiers.map { "\($0.service)|\($0.tier)" })
        }
        let byHash = try await b.page(agency: "a", method: "Score", applicantHash: "hash-1001")
        #expect(byHash.count == 1 && byHash[0].timeMs == 1_750_000_001_001)
        #expect(try await a.found(id: byHash[0].id)?.total == "1001")
        #expect(try await a.found(id: 999_999) == nil)
        #expect(a.unavailability == nil)
    }

    @Test func idsAreHandedOutInCommitOrder() async throws {
        let url = try TestPostgres.freshDatabase()
        let log = try await TestPostgres.log(url)
        defer { log.close() }
        let logger = TestPostgres.logger
        // Another writer, mid-transaction: it has taken id 1 and not committed it yet.
        let other = try await TestPostgres.writerMidCommit(url)
        defer { Task { try? await other.close() } }
        try await other.query("""
            INSERT INTO decisions (time_ms, agency, method, scheme_id, scheme_version, content_hash, as_of)
            VALUES (1, 'other', 'Score', 'guangzhou-hukou', '2023', 'sha256:00', '2025-06-01')
            """, logger: logger)
        let committed = NIOLockedValueBox(false)
        let commit = log.append([Self.record(1, agency: "a")], on: MultiThreadedEventLoopGroup.singleton.any(), within: .seconds(60))
        commit.whenComplete { _ in committed.withLockedValue { $0 = true } }
        // The log's writer must wait for the lock, not take id 2 and commit it before id 1.
        let waiting: PostgresQuery = """
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """
        while try await other.query(waiting, logger: logger).collect().first?.decode(Int64.self) == 0 {
            if committed.withLockedValue({ $0 }) { Issue.record("the log committed while another writer held a smaller id"); break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try await log.page().isEmpty, "nothing is visible past an uncommitted id")
        try await other.query("COMMIT", logger: logger)
        try await commit.get()
        let page = try await log.page()
        #expect(page.map(\.agency) == ["other", "a"], "ids in commit order: \(page.map { "\($0.id) \($0.agency)" })")
    }

    @Test func aServerCutOffMidCommitHoldsTheOthersBackNoLongerThanTheLockTimeout() async throws {
        let url = try TestPostgres.freshDatabase()
        let log = try await TestPostgres.log(url, lockTimeout: .milliseconds(300))
        defer { log.close() }
        let logger = TestPostgres.logger
        // Another server, cut off in the middle of a commit: its session holds the lock.
        let other = try await TestPostgres.writerMidCommit(url)
        defer { Task { try? await other.close() } }
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        await expectFailure("another server held the decision log's commit-order lock past lock_timeout") {
            try await log.append([Self.record(1, agency: "a")], on: loop, within: .seconds(60)).get()
        }
        #expect(log.unavailability?.contains("commit-order lock") == true, "/readyz says why: \(String(describing: log.unavailability))")
        // Once that session ends, commits resume.
        try await other.query("ROLLBACK", logger: logger)
        try await log.append([Self.record(2, agency: "a")], on: loop, within: .seconds(60)).get()
        #expect(log.unavailability == nil)
    }

    @Test func theLogSpeaksTLSToTheDatabaseAndVerifiesItsCertificate() async throws {
        let url = try TestPostgres.freshDatabase()
        let ca = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("TLS")
        let verified = "\(url)?sslmode=verify-full&sslrootcert=\(ca.appendingPathComponent("ca.pem").path)"
        let log = try await TestPostgres.log(verified)
        defer { log.close() }
        try await log.append([Self.record(1, agency: "a")], on: MultiThreadedEventLoopGroup.singleton.any(), within: .seconds(60)).get()
        #expect(try await log.page().map(\.agency) == ["a"])
        // The connection is encrypted, as PostgreSQL itself reports.
        let connection = try await TestPostgres.connect(verified)
        defer { Task { try? await connection.close() } }
        let ssl = try await connection.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: TestPostgres.logger).collect().first?.decode(Bool.self)
        #expect(ssl == true)
        // A server whose certificate another CA signed is refused, saying so.
        await expectFailure("cannot reach PostgreSQL: its TLS certificate could not be verified (not signed by the sslrootcert CA, or expired)") {
            _ = try await TestPostgres.log("\(url)?sslmode=verify-full&sslrootcert=\(ca.appendingPathComponent("other-ca.pem").path)")
        }
    }

    @Test func twoPointsdSeeEachOthersDecisions() async throws {
        let url = try TestPostgres.freshDatabase()
        let (a, b) = (try await TestPostgres.log(url), try await TestPostgres.log(url))
        defer { a.close(); b.close() }
        try await withSecuredServer(sharedLog: a) { _, portA in
            try await withSecuredServer(sharedLog: b) { _, portB in
                let scorer = try await TestAgencies.connect(.scorer, port: portA)
                var request = try scoreRequest()
                request.applicantRef = "applicant-on-a"
                _ = try await scorer.score(request, timeout: .seconds(60))
                await scorer.close()
                let auditor = try await TestAgencies.connect(.auditor, port: portB)
                defer { Task { await auditor.close() } }
                var query = Points_V1_ListDecisionsRequest()
                query.applicantRef = "applicant-on-a"
                let found = try await auditor.listDecisions(query, timeout: .seconds(60)).decisions
                #expect(found.count == 1 && found[0].agency == "scorer-agency")
                #expect(try await auditor.getDecision(id: found[0].id, timeout: .seconds(60)).decision.total == "200")
            }
        }
    }

    @Test func anUnreachableDatabaseAndABadURLAreClearErrors() async throws {
        await expectFailure("decision_log postgresql://points@127.0.0.1:1/points: cannot reach PostgreSQL") {
            _ = try await TestPostgres.log("postgresql://points:secret-password@127.0.0.1:1/points")
        }
        for (url, problem) in [("postgresql://127.0.0.1/points", "no user"), ("postgresql://u@127.0.0.1", "no database"),
                               ("postgresql://u@h/db?sslmode=maybe", "sslmode must be disable, require or verify-full"),
                               ("postgresql://u@h/db?pool=9", "unknown parameter 'pool'")] {
            let error = #expect(throws: ConfigurationError.self) { try PostgresLocation(url: url) }
            #expect(error?.description.hasPrefix("decision_log: \(problem);") == true, "\(String(describing: error))")
        }
        let location = try PostgresLocation(url: "postgresql://pointsd:hunter2@db.internal:6543/points?sslmode=require")
        #expect(location.redacted == "postgresql://pointsd@db.internal:6543/points")
    }
}
