import Foundation
import PointsTestSupport
import Testing

/// pointsd as an operator runs it: a real process, the CLI talking to it, SIGTERM to stop.
@Suite struct DaemonTests {
    /// Starts `pointsd --port 0` (with more arguments) and reads the bound port from its log.
    func startDaemon(_ arguments: [String] = []) throws -> (Process, Int, Pipe) {
        let started = try RunningPointsd.launch(arguments)
        return (started.process, started.port, started.log)
    }

    @Test func theCLIScoresRemotelyWithIdenticalOutputAndSIGTERMStopsCleanly() throws {
        let (daemon, port, _) = try startDaemon()
        for format in ["json", "text"] {
            let local = try PointsRunner.run(["score", "Examples/bachelor-renting.yaml", "--as-of", "2025-06-01", "--format", format])
            let remote = try PointsRunner.run(["score", "Examples/bachelor-renting.yaml", "--as-of", "2025-06-01", "--format", format,
                                               "--server", "127.0.0.1:\(port)"])
            #expect(remote.status == 0, "\(remote.stderr)")
            #expect(remote.stdout == local.stdout)
        }
        let missingLocal = try PointsRunner.run(["score", PointsRunner.fixture("missing-birth-date.yaml"), "--as-of", "2025-06-01"])
        let missingRemote = try PointsRunner.run(["score", PointsRunner.fixture("missing-birth-date.yaml"), "--as-of", "2025-06-01",
                                                  "--server", "127.0.0.1:\(port)"])
        #expect(missingRemote.status != 0 && missingRemote.stderr == missingLocal.stderr)
        for format in ["json", "text"] {
            let tier = ["tier", "Examples/panyu-parent.yaml", "--scheme", "panyu-school-points", "--as-of", "2016-05-01", "--stage", "primary", "--format", format]
            let local = try PointsRunner.run(tier), remote = try PointsRunner.run(tier + ["--server", "127.0.0.1:\(port)"])
            #expect(remote.status == 0 && remote.stdout == local.stdout, "\(remote.stderr)")
        }
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 0)
    }

    @Test func anAppealScoresUnderTheRulesKnownOnItsDayLocallyAndRemotely() throws {
        // A re-issue of the 2023 table published on 2025-10-01 (permit 10 points a year), served beside it.
        let shipped = try String(contentsOf: PointsRunner.packageRoot.appendingPathComponent("Sources/PointsCore/Schemes/guangzhou-hukou-2023.yaml"), encoding: .utf8)
        let reissue = FileManager.default.temporaryDirectory.appendingPathComponent("reissue-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: reissue) }
        try shipped.replacingOccurrences(of: "version: \"2023\"", with: "version: \"2023-reissue\"\npublished_on: 2025-10-01")
            .replacingOccurrences(of: "        unit: year\n        points: 8\n", with: "        unit: year\n        points: 10\n")
            .write(to: reissue, atomically: true, encoding: .utf8)
        let (daemon, port, _) = try startDaemon(["--scheme-file", reissue.path])
        defer { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() }
        for (known, version, total) in [(nil, "2023-reissue", "212"), ("2025-09-30", "2023", "200")] {
            let score = ["score", "Examples/bachelor-renting.yaml", "--as-of", "2025-06-01", "--format", "json", "--scheme-file", reissue.path]
                + (known.map { ["--rules-known-on", $0] } ?? [])
            let local = try PointsRunner.run(score)
            #expect(local.status == 0 && local.stdout.contains("\"version\" : \"\(version)\"") && local.stdout.contains("\"total\" : \"\(total)\""),
                    "\(local.stdout.prefix(300))\(local.stderr)")
            #expect(local.stdout.contains("\"rules_known_on\" : \"2025-09-30\"") == (known != nil))
            let remote = try PointsRunner.run(score.filter { $0 != reissue.path && $0 != "--scheme-file" } + ["--server", "127.0.0.1:\(port)"])
            #expect(remote.status == 0 && remote.stdout == local.stdout, "\(remote.stderr)")
        }
        for format in ["json", "text"] {  // the education bureau's answer names the day too
            let tier = ["tier", "Examples/panyu-parent.yaml", "--scheme", "panyu-school-points", "--as-of", "2016-05-01", "--rules-known-on", "2016-05-01",
                        "--stage", "primary", "--format", format]
            let local = try PointsRunner.run(tier), remote = try PointsRunner.run(tier + ["--server", "127.0.0.1:\(port)"])
            #expect(local.status == 0 && remote.stdout == local.stdout && local.stdout.contains(format == "json" ? "\"rules_known_on\" : \"2016-05-01\"" : "rules known on 2016-05-01"),
                    "\(local.stdout)\(local.stderr)\(remote.stderr)")
        }
        let early = try PointsRunner.run(["score", "Examples/bachelor-renting.yaml", "--as-of", "2025-06-01", "--rules-known-on", "2022-12-01",
                                          "--server", "127.0.0.1:\(port)"])
        #expect(early.status != 0 && early.stderr.contains("no version of guangzhou-hukou known on 2022-12-01 is in force on 2025-06-01"), "\(early.stderr)")
    }

    @Test func aChildsTierAndAnUndeterminedCardReadTheSameLocallyAndRemotely() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let parent = folder.appendingPathComponent("parent.yaml"), worker = folder.appendingPathComponent("worker.yaml")
        try "stable_employment: true\nchildren:\n  - {birth_date: 2011-03-01, school_stage: junior_secondary, local_junior_high_record: true}\n"
            .write(to: parent, atomically: true, encoding: .utf8)
        try "stable_employment: true\nhousing: rented_registered\npension_insurance_months: 30\nresidence_months: 40\nholds_residence_permit: true\n"
            .write(to: worker, atomically: true, encoding: .utf8)
        let (daemon, port, _) = try startDaemon([])
        defer { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() }
        do {
            for format in ["text", "json"] {
                let tier = ["tier", parent.path, "--scheme", "henan-migrant-children", "--as-of", "2025-06-01", "--format", format]
                let local = try PointsRunner.run(tier), remote = try PointsRunner.run(tier + ["--server", "127.0.0.1:\(port)"])
                #expect(local.status == 0 && local.stdout.contains("local_exam") && remote.stdout == local.stdout, "\(local.stdout)\(local.stderr)\(remote.stderr)")
                let score = ["score", worker.path, "--scheme", "chongqing-settlement", "--as-of", "2025-06-01", "--format", format]
                let card = try PointsRunner.run(score), served = try PointsRunner.run(score + ["--server", "127.0.0.1:\(port)"])
                #expect(card.stdout.contains(format == "json" ? "\"undetermined\" : [" : "UNDETERMINED") && served.stdout == card.stdout, "\(served.stdout)\(served.stderr)")
            }
        }
    }

    @Test func twoChildrenAtOneStageAreNeverGuessedBetween() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let parent = folder.appendingPathComponent("parent.yaml")
        try """
            stable_employment: true
            children:
              - {birth_date: 2011-03-01, school_stage: junior_secondary, local_junior_high_record: true}
              - {birth_date: 2012-09-01, school_stage: junior_secondary, local_junior_high_record: false}
            """.write(to: parent, atomically: true, encoding: .utf8)
        let (daemon, port, _) = try startDaemon([])
        defer { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() }
        let tier = ["tier", parent.path, "--scheme", "henan-migrant-children", "--as-of", "2025-06-01"]
        for server in [[], ["--server", "127.0.0.1:\(port)"]] {
            let guessed = try PointsRunner.run(tier + server)
            #expect(guessed.status != 0 && guessed.stderr.contains("the facts list 2 children with a school stage (1, 2); give --child N\n"), "\(guessed.stderr)")
            let atStage = try PointsRunner.run(tier + ["--stage", "junior_secondary"] + server)
            #expect(atStage.status != 0 && atStage.stderr.contains("the facts list 2 children at junior_secondary (1, 2); give --child N"), "\(atStage.stderr)")
            let beyond = try PointsRunner.run(tier + ["--child", "3"] + server)
            #expect(beyond.status != 0 && beyond.stderr.contains("--child 3: the facts list 2 children; count from 1"), "\(beyond.stderr)")
            let wrongStage = try PointsRunner.run(tier + ["--child", "2", "--stage", "primary"] + server)
            #expect(wrongStage.status != 0 && wrongStage.stderr.contains("--stage primary, but child 2 of the facts is at junior_secondary"), "\(wrongStage.stderr)")
        }
        let first = try PointsRunner.run(tier + ["--child", "1"]), second = try PointsRunner.run(tier + ["--child", "2"])
        #expect(first.status == 0 && first.stdout.contains("local_exam"), "\(first.stdout)\(first.stderr)")
        #expect(second.status == 0 && !second.stdout.contains("local_exam") && second.stdout != first.stdout, "each child's own facts: \(second.stdout)\(second.stderr)")
        #expect(try PointsRunner.run(tier + ["--child", "2", "--server", "127.0.0.1:\(port)"]).stdout == second.stdout)
    }
}
