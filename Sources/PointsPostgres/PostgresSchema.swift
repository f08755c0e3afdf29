import Logging
import PostgresNIO

/// The decision log's tables in PostgreSQL and their migrations, applied by whichever pointsd
/// starts first (under an advisory lock, so servers starting together never race).
enum PostgresSchema {
    /// Migrations in order: a version and its statements. Never edit one that shipped; add one.
    static let migrations: [(version: String, statements: [String])] = [
        ("v1", [
            """
            CREATE TABLE decisions (
              id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              time_ms BIGINT NOT NULL,
              agency TEXT NOT NULL,
              method TEXT NOT NULL,
              applicant_hash TEXT,
              scheme_id TEXT NOT NULL,
              scheme_version TEXT NOT NULL,
              content_hash TEXT NOT NULL,
              as_of TEXT NOT NULL,
              total TEXT,
              qualified BOOLEAN,
              tiers JSONB NOT NULL DEFAULT '[]'
            )
            """,
            "CREATE INDEX decisions_applicant ON decisions (applicant_hash)",
            "CREATE INDEX decisions_agency ON decisions (agency, id)",
        ]),
    ]

    /// The `pg_advisory_xact_lock` key migrations run under: one no other application is likely to use.
    static let migrationLock: Int64 = 0x504F_494E_5453  // "POINTS"

    /// Applies the migrations this database lacks.
    ///
    /// - Returns: The versions applied now (empty when the schema was current).
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.withTransaction(logger: logger) { connection in
            _ = try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger).collect()
            try await connection.query("CREATE TABLE IF NOT EXISTS points_schema_migrations (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", logger: logger)
            var applied: Set<String> = []
            for try await version in try await connection.query("SELECT version FROM points_schema_migrations", logger: logger).decode(String.self) {
                applied.insert(version)
            }
            var now: [String] = []
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO points_schema_migrations (version) VALUES (\(migration.version))", logger: logger)
                now.append(migration.version)
            }
            return now
        }
    }
}
