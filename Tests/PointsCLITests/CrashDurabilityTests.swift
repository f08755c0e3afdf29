import Foundation
import NIOConcurrencyHelpers
import PointsClient
import PointsCore
import PointsProtocol
import Testing

/// The decision log survives `kill -9`: every call that got an OK answer is in the log after
/// a restart, because an answer is sent only after its decision is on disk.
@Suite struct CrashDurabilityTests {
    static let scorerToken = "crash-test-scorer-4c1f9e"
    static let auditorToken = "crash-test-auditor-8b2d7a"
    static let key = "crash-test-decision-key-0123456789"

    @Test func everyAnsweredCallIsInTheLogAfterKillNine() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("points-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("pointsd.yaml")
        try """
            decision_log: \(folder.appendingPathComponent("decisions.sqlite").path)
            decision_key: \(Self.key)
            agencies:
              - {name: hr-bureau, token_sha256: \(Digests.sha256Hex(Array(Self.scorerToken.utf8))), roles: [scorer]}
              - {name: audit-office, token_sha256: \(Digests.sha256Hex(Array(Self.auditorToken.utf8))), roles: [auditor]}
            """.write(to: config, atomically: true, encoding: .utf8)
        let facts = try String(contentsOf: PointsRunner.packageRoot.appendingPathComponent("Examples/bachelor-renting.yaml"), encoding: .utf8)
        let request = try Points_V1_ScoreRequest(document: try DocumentNode.parse(yaml: facts), scheme: "guangzhou-hukou", asOf: LocalDate(iso: "2025-06-01")!)

        let (daemon, port, _) = try DaemonTests().startDaemon(["--config", config.path])
        let answered = NIOLockedValueBox<[String]>([])
        let client = try await PointsClient.connect(host: "127.0.0.1", port: port, token: Self.scorerToken)
        // The kill comes once 300 calls are answered (or every stream has stopped): an event, not a pause.
        let (enough, signal) = AsyncStream<Void>.makeStream()
        let streams = (0..<8).map { stream in
            Task {
                defer { signal.yield() }
                for i in 0..<100_000 {
                    var call = request
                    call.applicantRef = "ref-\(stream)-\(i)"
                    do {
                        _ = try await client.score(call, timeout: patience)
                        if answered.withLockedValue({ $0.append(call.applicantRef); return $0.count }) == 300 { signal.finish() }
                    } catch {
                        return
                    }
                }
            }
        }
        var stopped = 0
        for await _ in enough {
            stopped += 1
            if stopped == streams.count { break }
        }
        kill(daemon.processIdentifier, SIGKILL)
        for stream in streams { await stream.value }
        daemon.waitUntilExit()
        await client.close()
        let okRefs = answered.withLockedValue { $0 }
        #expect(okRefs.count >= 300)

        let (restarted, newPort, _) = try DaemonTests().startDaemon(["--config", config.path])
        defer { kill(restarted.processIdentifier, SIGTERM); restarted.waitUntilExit() }
        let hashes = try await loggedDecisions(port: newPort, auditorToken: Self.auditorToken).hashes
        let missing = okRefs.filter { !hashes.contains(Digests.hmacSHA256Hex(key: Array(Self.key.utf8), message: Array($0.utf8))) }
        #expect(missing.isEmpty, "\(missing.count) of \(okRefs.count) answered calls are not in the log, e.g. \(missing.prefix(3))")

        // The auditor's command line finds an applicant's decision by reference; a scorer's token may not.
        guard let firstRef = okRefs.first else { return }
        let audit = ["audit", "--server", "127.0.0.1:\(newPort)", "--applicant-ref", firstRef]
        let found = try PointsRunner.run(audit, environment: ["POINTS_TOKEN": Self.auditorToken])
        #expect(found.status == 0, "\(found.stderr)")
        let rows = found.stdout.split(separator: "\n")
        #expect(rows.count == 2 && rows[1].contains("\thr-bureau\tScore\tguangzhou-hukou\t2023\tsha256:") && rows[1].contains("\t200\ttrue\t"), "\(found.stdout)")
        #expect(!found.stdout.contains(firstRef))
        let refused = try PointsRunner.run(audit, environment: ["POINTS_TOKEN": Self.scorerToken])
        #expect(refused.status != 0 && refused.stderr.contains("PERMISSION_DENIED"), "\(refused.stderr)")
        // A method named in lower case finds the same decisions; one the log does not record is refused.
        let byMethod = ["audit", "--server", "127.0.0.1:\(newPort)", "--limit", "5", "--method"]
        let upper = try PointsRunner.run(byMethod + ["Score"], environment: ["POINTS_TOKEN": Self.auditorToken])
        let lower = try PointsRunner.run(byMethod + ["score"], environment: ["POINTS_TOKEN": Self.auditorToken])
        #expect(lower.status == 0 && lower.stdout == upper.stdout && lower.stdout.split(separator: "\n").count == 6, "\(lower.stdout)\(lower.stderr)")
        let unknown = try PointsRunner.run(byMethod + ["Scor"], environment: ["POINTS_TOKEN": Self.auditorToken])
        #expect(unknown.status != 0 && unknown.stderr.contains("--method: 'Scor' is not a method the decision log records; use one of Score, ScoreBatch"), "\(unknown.stderr)")
    }
}
