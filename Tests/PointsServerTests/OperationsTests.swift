import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PointsClient
import PointsCore
import PointsProtocol
import PointsServer
import PointsTestSupport
import Testing

/// The decision log, reloads under load, metrics and what the logs may not contain.
@Suite struct OperationsTests {
    @Test func everyAnswerIsRecordedAndFoundByItsApplicantReference() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let captured = CapturedLog()
        try await withSecuredServer(decisionLog: folder.appendingPathComponent("decisions.sqlite").path, logger: captured.logger) { _, port in
            let scorer = try await TestAgencies.connect(.scorer, port: port)
            let auditor = try await TestAgencies.connect(.auditor, port: port)
            defer { Task { await scorer.close(); await auditor.close() } }
            for ref in ["case-2025-000123", "case-2025-000124"] {
                var request = try scoreRequest()
                request.applicantRef = ref
                #expect(try await scorer.score(request).card.total == "200")
            }
            var batch = Points_V1_ScoreBatchRequest()
            batch.requests = [try scoreRequest(workedExample(permitMonths: 84))]
            _ = try await scorer.scoreBatch(batch)

            var query = Points_V1_ListDecisionsRequest()
            query.applicantRef = "case-2025-000123"
            let found = try await auditor.listDecisions(query).decisions
            #expect(found.count == 1)
            let decision = try #require(found.first)
            #expect(decision.agency == "scorer-agency" && decision.method == "Score" && decision.total == "200" && decision.qualified)
            #expect(decision.schemeID == "guangzhou-hukou" && decision.schemeVersion == "2023" && decision.contentHash.hasPrefix("sha256:"))
            #expect(decision.applicantHash == Digests.hmacSHA256Hex(key: Array(TestAgencies.decisionKey.utf8), message: Array("case-2025-000123".utf8)))
            #expect(try await auditor.getDecision(id: decision.id).decision == decision)
            let all = try await auditor.listDecisions(Points_V1_ListDecisionsRequest()).decisions
            #expect(all.map(\.method) == ["Score", "Score", "ScoreBatch"])
            await #expect { try await auditor.getDecision(id: 999) } throws: { ($0 as? RPCError)?.code == .notFound }
        }
        // No log line holds a token or an applicant reference.
        let lines = captured.lines.withLockedValue { $0 }
        #expect(lines.contains { $0.contains("call answered") && $0.contains("agency=scorer-agency") && $0.contains("method=Score") })
        for secret in Array(TestAgencies.tokens.values) + ["case-2025-000123", "case-2025-000124"] {
            #expect(!lines.contains { $0.contains(secret) }, "a log line contains \(secret)")
        }
    }

    @Test func reloadingInALoopWhileScoringFailsNoCall() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/PointsCore/Schemes/guangzhou-public-services-2018.yaml")
        let original = try String(contentsOf: shipped, encoding: .utf8)
        func text(_ version: Int) -> String {
            original.replacingOccurrences(of: "scheme: guangzhou-public-services\nversion: \"2018\"", with: "scheme: reload-test\nversion: \"v\(version)\"")
                .replacingOccurrences(of: "        points: 8\n", with: "        points: \(version % 5 + 1)\n")
        }
        let file = folder.appendingPathComponent("reload-test.yaml")
        try text(0).write(to: file, atomically: true, encoding: .utf8)
        var hashes = ["v0": "sha256:" + Digests.sha256Hex(Array(text(0).utf8))]
        try await withSecuredServer(schemeDirectory: folder.path) { server, port in
            let scorer = try await TestAgencies.connect(.scorer, port: port)
            let operatorClient = try await TestAgencies.connect(.operator, port: port)
            defer { Task { await scorer.close(); await operatorClient.close() } }
            var request = try scoreRequest()
            request.scheme = "reload-test"
            request.detail = .summary
            let reloading = NIOLockedValueBox(true)
            let scored = NIOLockedValueBox(0)
            let scoring = Task {
                var seen: [(String, String)] = [], failures: [String] = []
                // Score until the reloads are over (and at least 500 times).
                while reloading.withLockedValue({ $0 }) || seen.count + failures.count < 500 {
                    do {
                        let card = try await scorer.score(request, timeout: patience).card
                        seen.append((card.scheme.version, card.scheme.contentHash))
                    } catch {
                        failures.append("\(error)")
                    }
                    scored.withLockedValue { $0 += 1 }
                }
                return (seen, failures)
            }
            var rejected = 0
            for version in 1...30 {
                // Each version serves at least one call before the next reload: the call in flight
                // at the reload may still have started on the version before, the next one cannot.
                let before = scored.withLockedValue { $0 }
                let deadline = Date().addingTimeInterval(120)  // a guard; the loop ends on the event
                while scored.withLockedValue({ $0 }) < before + 2, Date() < deadline { try await Task.sleep(for: .milliseconds(1)) }
                if version % 10 == 0 {
                    // A broken file: the whole reload is rejected with its line, the old schemes stay.
                    try "scheme: reload-test\nversion: broken\ngroups: {}\n".write(to: file, atomically: true, encoding: .utf8)
                    await #expect { try await operatorClient.reloadSchemes() } throws: {
                        ($0 as? RPCError)?.code == .failedPrecondition && ($0 as? RPCError)?.message.contains("reload-test.yaml:") == true
                    }
                    rejected += 1
                }
                try text(version).write(to: file, atomically: true, encoding: .utf8)
                hashes["v\(version)"] = "sha256:" + Digests.sha256Hex(Array(text(version).utf8))
                let response = try await operatorClient.reloadSchemes()
                #expect(response.schemes.contains { $0.id == "reload-test" && $0.version == "v\(version)" })
            }
            try server.reloadSchemes(by: .signal("SIGHUP"))  // the SIGHUP path
            reloading.withLockedValue { $0 = false }
            let (seen, failures) = await scoring.value
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(seen.count >= 500)
            #expect(seen.allSatisfy { hashes[$0.0] == $0.1 }, "each card names the version (and file) that scored it")
            #expect(Set(seen.map(\.0)) == Set(hashes.keys), "every version served calls while reloads went on")
            #expect(rejected == 3)
            let metrics = server.metrics.render()
            #expect(metrics.contains(#"points_reloads_total{outcome="ok"} 31"#), "\(metrics)")
            #expect(metrics.contains(#"points_reloads_total{outcome="rejected"} 3"#))
        }
    }

    @Test func adminMethodsSayWhatIsMissing() async throws {
        try await withSecuredServer { _, port in
            let operatorClient = try await TestAgencies.connect(.operator, port: port)
            let auditor = try await TestAgencies.connect(.auditor, port: port)
            defer { Task { await operatorClient.close(); await auditor.close() } }
            await #expect { try await operatorClient.reloadSchemes() } throws: {
                ($0 as? RPCError)?.code == .failedPrecondition && ($0 as? RPCError)?.message.contains("without a scheme folder") == true
            }
            await #expect { try await auditor.getDecision(id: 1) } throws: {
                ($0 as? RPCError)?.code == .failedPrecondition && ($0 as? RPCError)?.message.contains("keeps no decision log") == true
            }
            await #expect { try await auditor.call("ListDecisions", payload: Data([0xFF, 0xFF, 0xFF])) } throws: {
                ($0 as? RPCError)?.code == .invalidArgument && ($0 as? RPCError)?.message.contains("points.v1.ListDecisionsRequest") == true
            }
        }
    }

    @Test func aCallOnAClosedConnectionFailsAtOnce() async throws {
        let client = try await withSecuredServer { _, port in try await TestAgencies.connect(.scorer, port: port) }
        // The server has shut down; no deadline is given, so only the client can end the call.
        await #expect { try await client.score(try scoreRequest()) } throws: { ($0 as? RPCError)?.code == .unavailable }
        await client.close()
    }

    @Test func metricsAreServedOnALoopbackHTTPPort() async throws {
        try await withSecuredServer { server, port in
            let http = try await MetricsHTTPServer(metrics: server.metrics, port: 0)
            defer { Task { await http.close() } }
            let scorer = try await TestAgencies.connect(.scorer, port: port)
            defer { Task { await scorer.close() } }
            for _ in 0..<3 { _ = try await scorer.score(try scoreRequest()) }
            _ = try? await scorer.call("GetDecision", payload: Data())
            let page = try await httpGet(port: http.port, path: "/metrics")
            #expect(page.hasPrefix("HTTP/1.1 200"), "\(page.prefix(200))")
            #expect(page.contains(#"points_calls_total{method="Score",status="OK"} 3"#), "\(page)")
            #expect(page.contains(#"points_calls_total{method="GetDecision",status="PERMISSION_DENIED"} 1"#))
            #expect(page.contains("points_call_duration_seconds_bucket{method=\"Score\""))
            #expect(page.contains("points_connections 1"))
            #expect(page.contains("points_calls_in_flight 0"))
            #expect(page.contains("points_scheme_versions_loaded \((try SchemeCatalog.builtIn()).schemes.count)"))
            #expect(try await httpGet(port: http.port, path: "/other").hasPrefix("HTTP/1.1 404"))
            let alive = try await httpGet(port: http.port, path: "/healthz"), ready = try await httpGet(port: http.port, path: "/readyz")
            #expect(alive.hasPrefix("HTTP/1.1 200") && alive.hasSuffix("ok\n") && ready.hasPrefix("HTTP/1.1 200") && ready.hasSuffix("ready\n"), "\(alive)\(ready)")
            let unready = try await MetricsHTTPServer(metrics: server.metrics, port: 0) { "the decision log /x cannot be written" }
            defer { Task { await unready.close() } }
            let refused = try await httpGet(port: unready.port, path: "/readyz")
            #expect(refused.hasPrefix("HTTP/1.1 503") && refused.hasSuffix("not ready: the decision log /x cannot be written\n"), "\(refused)")
        }
    }
}

/// A plain HTTP/1.1 GET over a socket, the whole response as text.
func httpGet(port: Int, path: String) async throws -> String {
    final class Collect: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let text = NIOLockedValueBoxString()
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            text.append(buffer.readString(length: buffer.readableBytes) ?? "")
        }
    }
    let collect = Collect()
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .channelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collect) } }
        .connect(host: "127.0.0.1", port: port).get()
    try await channel.writeAndFlush(ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
    try await channel.closeFuture.get()
    return collect.text.value
}

/// A string appended to from an event loop and read after.
final class NIOLockedValueBoxString: Sendable {
    private let box = NIOLockedValueBox("")
    func append(_ more: String) { box.withLockedValue { $0 += more } }
    var value: String { box.withLockedValue { $0 } }
}
