import Foundation
import NIOConcurrencyHelpers
import PointsClient
import PointsCore
import PointsProtocol
import PointsTestSupport
import Testing

/// Two pointsd behind HAProxy sharing one PostgreSQL decision log: a server killed with
/// `kill -9` loses no answered call and the other serves on; a reload of both under load fails
/// no call.
@Suite(.serialized, .enabled(if: TestPostgres.available && Balancer.available, "Scripts/test.sh starts PostgreSQL and installs HAProxy"))
struct ScaleOutTests {
    static let scorerToken = "scale-out-scorer-5d1e"
    static let auditorToken = "scale-out-auditor-9c4b"
    static let key = "scale-out-decision-key-0123456789"

    /// A config for servers sharing the log at `url`.
    static func config(logURL url: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("pointsd.yaml")
        try """
            decision_log: \(url)
            decision_key: \(key)
            agencies:
              - {name: hr-bureau, token_sha256: \(Digests.sha256Hex(Array(scorerToken.utf8))), roles: [scorer]}
              - {name: audit-office, token_sha256: \(Digests.sha256Hex(Array(auditorToken.utf8))), roles: [auditor]}
            """.write(to: path, atomically: true, encoding: .utf8)
        return path.path
    }

    /// Clients scoring through the balancer, each on its own connection, reconnecting when
    /// it breaks; `waitFor(n)` returns once `n` calls in all got OK.
    final class Load: Sendable {
        let answered = NIOLockedValueBox<[String]>([])
        let failures = NIOLockedValueBox<[String]>([])
        let reconnects = NIOLockedValueBox(0)
        private let stopped = NIOLockedValueBox(false)
        private let progress: AsyncStream<Int>
        private let report: AsyncStream<Int>.Continuation
        private let tasks = NIOLockedValueBox<[Task<Void, Never>]>([])

        init(port: Int, clients: Int) throws {
            (progress, report) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
            let facts = try String(contentsOf: PointsRunner.packageRoot.appendingPathComponent("Examples/bachelor-renting.yaml"), encoding: .utf8)
            let request = try Points_V1_ScoreRequest(document: try DocumentNode.parse(yaml: facts), scheme: "guangzhou-hukou", asOf: LocalDate(iso: "2025-06-01")!)
            tasks.withLockedValue { $0 = (0..<clients).map { stream in
                Task { [self] in
                    var client: PointsClient?
                    var i = 0
                    while !stopped.withLockedValue({ $0 }) {
                        do {
                            if client == nil { client = try await PointsClient.connect(host: "127.0.0.1", port: port, token: ScaleOutTests.scorerToken) }
                            var call = request
                            call.applicantRef = "ref-\(stream)-\(i)"
                            i += 1
                            _ = try await client!.score(call, timeout: patience)
                            report.yield(answered.withLockedValue { $0.append(call.applicantRef); return $0.count })
                        } catch {
                            failures.withLockedValue { $0.append("\(error)") }
                            await client?.close()
                            client = nil
                            reconnects.withLockedValue { $0 += 1 }
                        }
                    }
                    await client?.close()
                }
            } }
        }

        /// Waits until `count` calls in all have been answered OK.
        func waitFor(_ count: Int) async {
            for await answered in progress where answered >= count { return }
        }

        /// Stops the clients and waits for them.
        func stop() async {
            stopped.withLockedValue { $0 = true }
            for task in tasks.withLockedValue({ $0 }) { await task.value }
            report.finish()
        }
    }

    @Test func killingOneServerBehindTheBalancerLosesNoAnsweredCall() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try Self.config(logURL: try TestPostgres.freshDatabase(), in: folder)
        var first: RunningPointsd? = try RunningPointsd(["--config", config])
        let second = try RunningPointsd(["--config", config])
        let firstPort = first!.port
        let balancer = try Balancer(backends: [firstPort, second.port])
        let load = try Load(port: balancer.port, clients: 6)
        await load.waitFor(300)
        kill(first!.process.processIdentifier, SIGKILL)
        first!.process.waitUntilExit()
        first = nil
        // The survivor serves on: 300 more answers with one server down.
        let beforeRestart = load.answered.withLockedValue { $0.count }
        await load.waitFor(beforeRestart + 300)
        let restarted = try RunningPointsd(["--config", config], port: firstPort)
        let afterRestart = load.answered.withLockedValue { $0.count }
        await load.waitFor(afterRestart + 300)
        await load.stop()

        let answered = load.answered.withLockedValue { $0 }
        #expect(load.reconnects.withLockedValue { $0 } >= 1, "the clients on the killed server reconnected through the balancer")
        let (hashes, count) = try await loggedDecisions(port: second.port, auditorToken: Self.auditorToken)
        let missing = answered.filter { !hashes.contains(Digests.hmacSHA256Hex(key: Array(Self.key.utf8), message: Array($0.utf8))) }
        #expect(missing.isEmpty, "\(missing.count) of \(answered.count) answered calls are not in the log, e.g. \(missing.prefix(3))")
        #expect(count >= answered.count)
        // The restarted server reads the same log, the survivor's decisions included.
        #expect(try await loggedDecisions(port: restarted.port, auditorToken: Self.auditorToken).count == count)
        _ = balancer
    }

    @Test func aReloadOfBothServersUnderLoadFailsNoCall() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let schemes = folder.appendingPathComponent("schemes")
        try FileManager.default.createDirectory(at: schemes, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: PointsRunner.packageRoot.appendingPathComponent("Examples/settlement-channels.yaml"),
                                         to: schemes.appendingPathComponent("settlement-channels.yaml"))
        let config = try Self.config(logURL: try TestPostgres.freshDatabase(), in: folder)
        let servers = [try RunningPointsd(["--config", config, "--scheme-dir", schemes.path]),
                       try RunningPointsd(["--config", config, "--scheme-dir", schemes.path])]
        let balancer = try Balancer(backends: servers.map(\.port))
        let load = try Load(port: balancer.port, clients: 6)
        await load.waitFor(200)
        for round in 1...3 {
            for server in servers { kill(server.process.processIdentifier, SIGHUP) }
            for server in servers { #expect(waitForLog(server.log, containing: "schemes reloaded"), "reload \(round)") }
        }
        let afterReloads = load.answered.withLockedValue { $0.count }
        await load.waitFor(afterReloads + 200)
        await load.stop()
        #expect(load.failures.withLockedValue { $0 }.isEmpty, "\(load.failures.withLockedValue { $0.prefix(3) })")
        #expect(servers.allSatisfy { $0.process.isRunning })
        _ = balancer
    }
}
