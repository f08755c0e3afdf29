import Foundation
import PointsTestSupport
import Testing

/// What a new user met (issue 14): errors that keep their lines over the wire, rank's refusals
/// of files that are no population, and the headings and messages that name the right thing.
@Suite final class NewcomerTests {
    /// Each test's own folder for the files it writes, removed when the test ends.
    let folder: URL

    init() throws { folder = try temporaryFolder() }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func write(_ text: String, _ name: String) throws -> URL {
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func scoringThroughTheServerPrintsEveryErrorAtItsLineAsLocally() throws {
        let both = try write("birth_date: 1990-13-01\nstable_employment: true\nhousing: owned\nresidense_permit_months: 12\n", "typo.yaml")
        let alone = try write("stable_employment: true\nresidense_permit_months: 12\n", "alone.yaml")
        let (daemon, port, _) = try DaemonTests().startDaemon()
        defer { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() }
        for file in [both, alone] {
            let local = try PointsRunner.run(["score", file.path, "--as-of", "2025-06-01"])
            let remote = try PointsRunner.run(["score", file.path, "--as-of", "2025-06-01", "--server", "127.0.0.1:\(port)"])
            #expect(local.status != 0 && remote.status != 0 && remote.stderr == local.stderr, "\(local.stderr)---\(remote.stderr)")
        }
        let remote = try PointsRunner.run(["score", both.path, "--as-of", "2025-06-01", "--server", "127.0.0.1:\(port)"])
        #expect(remote.stderr.contains("typo.yaml:1: birth_date: expected a date") && remote.stderr.contains("typo.yaml:4: residense_permit_months: unknown fact"), "\(remote.stderr)")
    }

    @Test func aConsistencyErrorIsAtTheLineOfTheFactThatCannotBe() throws {
        let file = try write("birth_date: 1990-01-01\nstable_employment: true\nresidence_permit_months: 60\nresidence_permit_continuous_months: 80\n", "permit.yaml")
        let result = try PointsRunner.run(["score", file.path, "--as-of", "2025-06-01"])
        #expect(result.stderr.contains("permit.yaml:4: residence_permit_continuous_months: 80 months is more than residence_permit_months (60)"), "\(result.stderr)")
    }

    @Test func rankRefusesOnceWhatIsNoPopulation() throws {
        let header = try write("applicant_id,birth_date,stable_employment,residense_permit_months\na,1990-01-01,true,12\nb,1990-01-01,true,12\n", "header.csv")
        let misspelt = try PointsRunner.run(["rank", header.path, "--as-of", "2025-06-01", "--quota", "5"])
        #expect(misspelt.status != 0 && misspelt.stdout.isEmpty)
        #expect(misspelt.stderr.contains("header.csv:1: header column 4 'residense_permit_months' is not a fact of the scheme; did you mean 'residence_permit_months'?"), "\(misspelt.stderr)")
        let empty = try write("", "empty.csv")
        let nothing = try PointsRunner.run(["rank", empty.path, "--as-of", "2025-06-01", "--quota", "5"])
        #expect(nothing.status != 0 && nothing.stderr.contains("empty.csv: the file is empty"), "\(nothing.stderr)")
        // The summary names the cut-off score and how many share it; a pipe gets no progress bar.
        let population = try PointsRunner.python("Scripts/gen-applicants.py", ["--count", "2000", "--seed", "7"])
        let file = try write(population.stdout, "population.csv")
        let ranked = try PointsRunner.run(["rank", file.path, "--as-of", "2025-06-01", "--quota", "50", "--output", file.path + ".out"])
        #expect(ranked.status == 0 && ranked.stderr.contains(" admitted (quota 50); cut-off score ") && ranked.stderr.contains(", shared by ")
                && !ranked.stderr.contains("\r"), "\(ranked.stderr)")
        let twice = try write("applicant_id,birth_date,stable_employment\na,1990-01-01,true\nb,1990-01-01,true\na,1991-01-01,true\n", "twice.csv")
        let duplicate = try PointsRunner.run(["rank", twice.path, "--as-of", "2025-06-01", "--quota", "5"])
        #expect(duplicate.status != 0 && duplicate.stderr.contains("twice.csv:4: applicant_id 'a' is here again (first on line 2)"), "\(duplicate.stderr)")
    }

    @Test func schemesAreHeadedByTheVersionInForce() throws {
        let result = try PointsRunner.run(["schemes"])
        #expect(result.stdout.contains("guangzhou-hukou  广州市积分制入户 / Guangzhou points-based household registration\n"), "\(result.stdout)")
    }

    @Test func messagesNameTheCauseAndTheFlag() throws {
        let missing = try PointsRunner.run(["score", "/nonexistent/facts.yaml"])
        #expect(missing.stderr.contains("cannot read /nonexistent/facts.yaml: no such file"), "\(missing.stderr)")
        let validateMissing = try PointsRunner.run(["validate", "/nonexistent/scheme.yaml"])
        #expect(validateMissing.stderr.contains("/nonexistent/scheme.yaml: cannot read the file: no such file") && !validateMissing.stderr.contains(":0:"), "\(validateMissing.stderr)")
        let facts = PointsRunner.packageRoot.appendingPathComponent("Examples/bachelor-renting.yaml").path
        let notAScheme = try PointsRunner.run(["validate", facts])
        #expect(notAScheme.stderr.contains("this is a facts document (it states birth_date") && notAScheme.stderr.contains("1 error(s)"), "\(notAScheme.stderr)")
        let parent = PointsRunner.packageRoot.appendingPathComponent("Examples/panyu-parent.yaml").path
        let noScheme = try PointsRunner.run(["tier", parent, "--stage", "primary"])
        #expect(noScheme.stderr.contains("has no school service for primary; give --scheme with a school service (built in: ") && noScheme.stderr.contains("panyu-school-points"), "\(noScheme.stderr)")
        let stage = try PointsRunner.run(["tier", parent, "--scheme", "panyu-school-points", "--stage", "kindergarten"])
        #expect(stage.stderr.contains("--stage: 'kindergarten' is not a school stage; use one of primary, junior_secondary, senior_secondary"), "\(stage.stderr)")
        let quota = try PointsRunner.run(["rank", facts, "--quota", "-1"])
        #expect(quota.stderr.contains("--quota must be 0 or more, got -1"), "\(quota.stderr)")
        let seats = try write("school_id,seats,kind\nS1,-1,public\nS2,3,private\nS3,3,public\n", "seats.csv")
        let applicants = try write("applicant_id,preferences\n", "applicants.csv")
        let plan = try PointsRunner.run(["allocate", applicants.path, "--seats", seats.path, "--scheme", "panyu-school-points", "--as-of", "2016-05-01"])
        #expect(plan.stderr.contains("seats.csv:2: seats must be a whole number") && plan.stderr.contains("seats.csv:3: kind must be public or subsidised, got 'private'"), "\(plan.stderr)")
    }

    @Test func aCallWithoutATokenSaysWhereTheTokenGoes() throws {
        let config = try write("agencies:\n  - {name: a, token_sha256: \(String(repeating: "ab", count: 32)), roles: [scorer]}\n", "secured.yaml")
        let (daemon, port, _) = try DaemonTests().startDaemon(["--config", config.path])
        defer { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() }
        let facts = PointsRunner.packageRoot.appendingPathComponent("Examples/bachelor-renting.yaml").path
        let result = try PointsRunner.run(["score", facts, "--as-of", "2025-06-01", "--server", "127.0.0.1:\(port)"], environment: ["POINTS_TOKEN": ""])
        #expect(result.status != 0 && result.stderr.contains("UNAUTHENTICATED") && result.stderr.contains("set POINTS_TOKEN (or POINTS_TOKEN_FILE"), "\(result.stderr)")
    }

    @Test func aTakenPortAndAMisspeltConfigKeySayWhat() throws {
        let (daemon, port, _) = try DaemonTests().startDaemon()
        defer { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() }
        let second = try PointsRunner.runPointsd(["--port", "\(port)"])
        #expect(second.status != 0 && second.stderr.contains("cannot listen on 127.0.0.1:\(port): address already in use; stop what holds it or give another --port") && !second.stderr.contains(")"), "\(second.stderr)")
        let config = try write("metrics_prot: 9100\n", "typo.yaml")
        let typo = try PointsRunner.runPointsd(["--config", config.path])
        #expect(typo.stderr.contains("unknown key 'metrics_prot'; did you mean 'metrics_port'?"), "\(typo.stderr)")
    }

    @Test func theChineseCardIsChineseThroughout() throws {
        let facts = PointsRunner.packageRoot.appendingPathComponent("Examples/bachelor-renting.yaml").path
        let card = try PointsRunner.run(["score", facts, "--as-of", "2025-06-01"]).stdout
        for phrase in ["最高学历：本科 → 30分", "择优（自有合法产权住所 0分，登记租赁住所或单位宿舍 20分）", "→ 合计60分", "→ total 60", "          合法稳定就业为是"] {
            #expect(card.contains(phrase), "\(phrase): \(card)")
        }
        #expect(!card.contains("60 = 60") && !card.contains("最高学历：bachelor"))
    }

    @Test func theCommandsOperatorsReachFor() throws {
        let schemes = folder.appendingPathComponent("schemes")
        try FileManager.default.createDirectory(at: schemes, withIntermediateDirectories: true)
        let (daemon, port, _) = try DaemonTests().startDaemon(["--decision-log", folder.appendingPathComponent("decisions.sqlite").path, "--scheme-dir", schemes.path])
        defer { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() }
        let server = ["--server", "127.0.0.1:\(port)"]
        let health = try PointsRunner.run(["health"] + server)
        #expect(health.status == 0 && health.stdout == "SERVING\n", "\(health.stdout)\(health.stderr)")
        let listed = try PointsRunner.run(["schemes"] + server)
        #expect(listed.stdout.contains("chongqing-settlement  重庆市非户籍人口在城市落户") && listed.stdout.contains("  2023  2023-01-11…2026-12-31"), "\(listed.stdout)")
        let heads = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix(" ") } }
        #expect(heads(listed.stdout) == heads(try PointsRunner.run(["schemes"]).stdout), "each id headed by the same version's title as locally")
        let reloaded = try PointsRunner.run(["reload"] + server)
        #expect(reloaded.status == 0 && reloaded.stdout.hasPrefix("reloaded: 12 scheme version(s) served"), "\(reloaded.stdout)\(reloaded.stderr)")
        let facts = PointsRunner.packageRoot.appendingPathComponent("Examples/bachelor-renting.yaml").path
        let scored = try PointsRunner.run(["score", facts, "--as-of", "2025-06-01", "--applicant-ref", "case-2025-001"] + server)
        #expect(scored.status == 0, "\(scored.stderr)")
        let lines = try PointsRunner.run(["audit", "--applicant-ref", "case-2025-001", "--format", "jsonl"] + server)
        #expect(lines.stdout.split(separator: "\n").count == 1 && lines.stdout.contains("\"as_of\":\"2025-06-01\"") && lines.stdout.contains("\"total\":\"200\""),
                "\(lines.stdout)\(lines.stderr)")
        let csv = try PointsRunner.run(["audit", "--applicant-ref", "case-2025-001", "--format", "csv"] + server)
        #expect(csv.stdout.hasPrefix("id,time,agency,method,scheme,version,content_hash,as_of,total,qualified,tiers,applicant_hash\n") && csv.stdout.contains(",2025-06-01,200,true,"),
                "\(csv.stdout)")
        let local = try PointsRunner.run(["score", facts, "--applicant-ref", "x"])
        #expect(local.status != 0 && local.stderr.contains("--applicant-ref goes with --server"), "\(local.stderr)")
    }
}
