import Foundation
import GRDB

/// The decision log's tables and their migrations.
enum DecisionLogSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
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
        // Tiers were `service=tier` lines, which a school id holding "\n" or "=" could break;
        // they are a JSON array of [service, tier] pairs now.
        migrator.registerMigration("v2-tiers-json") { db in
            try db.execute(sql: "ALTER TABLE decisions ADD COLUMN tiers_json TEXT NOT NULL DEFAULT '[]'")
            let rows = try Row.fetchCursor(db, sql: "SELECT id, tiers FROM decisions WHERE tiers <> ''")
            while let row = try rows.next() {
                let tiers = DecisionTiers.read(lines: row["tiers"])
                try db.execute(sql: "UPDATE decisions SET tiers_json = ? WHERE id = ?", arguments: [DecisionTiers.json(tiers), row["id"] as Int64])
            }
            try db.execute(sql: "UPDATE decisions SET tiers = ''")
        }
        return migrator
    }
}

/// A decision's tiers as stored: a JSON array of `[service, tier]` pairs.
public enum DecisionTiers {
    /// The JSON text of `tiers`.
    public static func json(_ tiers: [(service: String, tier: String)]) -> String {
        let pairs = tiers.map { [$0.service, $0.tier] }
        guard let data = try? JSONSerialization.data(withJSONObject: pairs) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The tiers of stored JSON; anything that is not pairs of text is skipped, never a trap.
    public static func read(json text: String?) -> [(service: String, tier: String)] {
        guard let text, let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)), let pairs = value as? [Any] else { return [] }
        return pairs.compactMap { pair in
            guard let pair = pair as? [Any], pair.count == 2, let service = pair[0] as? String, let tier = pair[1] as? String else { return nil }
            return (service, tier)
        }
    }

    /// The tiers of the first schema's `service=tier` lines.
    static func read(lines text: String?) -> [(service: String, tier: String)] {
        (text ?? "").split(separator: "\n").map { line in
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts.first ?? ""), parts.count > 1 ? String(parts[1]) : "")
        }
    }
}
