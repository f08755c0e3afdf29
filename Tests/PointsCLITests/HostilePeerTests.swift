import Foundation
import NIOCore
import PointsClient
import PointsCore
import PointsProtocol
import PointsTestSupport
import SwiftProtobuf
import Testing

/// The inputs of a hostile peer, each against a real pointsd process: every one gets a clear
/// status, pointsd's memory stays under `rssLimitMiB`, and another connection is served.
@Suite(.serialized) struct HostilePeerTests {
    static let rssLimitMiB = 200

    private static func request() throws -> Points_V1_ScoreRequest {
        let facts = try String(contentsOf: PointsRunner.packageRoot.appendingPathComponent("Examples/bachelor-renting.yaml"), encoding: .utf8)
        return try Points_V1_ScoreRequest(document: try DocumentNode.parse(yaml: facts), scheme: "guangzhou-hukou", asOf: LocalDate(iso: "2025-06-01")!)
    }

    /// A well-behaved caller still gets the right card, and pointsd is within its memory bound.
    private func expectServing(_ pointsd: RunningPointsd) async throws {
        let client = try await PointsClient.connect(host: "127.0.0.1", port: pointsd.port)
        defer { Task { await client.close() } }
        #expect(try await client.score(try Self.request(), timeout: patience).card.total == "200")
        #expect(pointsd.residentMiB < Self.rssLimitMiB, "pointsd uses \(pointsd.residentMiB) MiB")
    }

    /// Runs `body` against a fresh pointsd with a well-behaved client, then checks it still serves.
    private func withPointsd(_ arguments: [String] = [], _ body: (RunningPointsd, PointsClient) async throws -> Void) async throws {
        let pointsd = try RunningPointsd(arguments + ["--metrics-port", "0"])
        let client = try await PointsClient.connect(host: "127.0.0.1", port: pointsd.port)
        defer { Task { await client.close() } }
        try await body(pointsd, client)
        try await expectServing(pointsd)
    }

    /// The call's status, and what it cost the server (reported, not asserted: tests never
    /// time anything; the README's table of attacks comes from these lines).
    private func status(_ pointsd: RunningPointsd, _ client: PointsClient, _ method: String, _ message: some SwiftProtobuf.Message,
                        _ function: String = #function) async throws -> RPCError? {
        let payload: Data = try message.serializedData()
        let before = try pointsd.serverMilliseconds(of: method)
        defer {
            if let after = try? pointsd.serverMilliseconds(of: method), after.isFinite {
                print("server time, \(function), \(method): \(String(format: "%.2f", after - before)) ms")
            }
        }
        do {
            _ = try await client.call(method, payload: payload, timeout: patience)
            return nil
        } catch {
            return error
        }
    }

    @Test func nestedAliasesInAnExtraFactAreRefusedAtOnce() async throws {
        try await withPointsd { pointsd, client in
            // 10 levels of 10 aliases: 10^10 values once expanded, in 403 bytes.
            var levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
            for level in 1...9 { levels.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]") }
            var request = try Self.request()
            request.facts.extra["no_such_fact"] = "{" + levels.joined(separator: ", ") + "}"
            let error = try await status(pointsd, client, "Score", request)
            #expect(error?.code == .invalidArgument && error?.message.contains("anchors (&a0) are not allowed") == true, "\(String(describing: error))")
        }
    }

    @Test func aMegabyteFactNameGetsNoSuggestionAndIsNotEchoed() async throws {
        try await withPointsd { pointsd, client in
            var request = try Self.request()
            request.facts.extra[String(repeating: "x", count: 1 << 20)] = "1"
            let error = try await status(pointsd, client, "Score", request)
            #expect(error?.code == .invalidArgument && error?.message.contains("(a name of 1048576 bytes): unknown fact") == true)
            #expect((error?.message.utf8.count ?? .max) < 1_000)
        }
    }

    @Test func impossibleSeatCountsAndControlCharactersInIdsAreRefused() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withPointsd(["--decision-log", folder.appendingPathComponent("decisions.sqlite").path]) { pointsd, client in
            var allocation = Points_V1_AllocateSeatsRequest()
            allocation.scheme = "panyu-school-points"
            allocation.asOf = "2016-05-01"
            var school = Points_V1_School()
            school.id = "S1"
            school.seats = 4_000_000_000
            var other = school
            other.id = "S2"
            allocation.schools = [school, other]
            let seats = try await status(pointsd, client, "AllocateSeats", allocation)
            #expect(seats?.code == .invalidArgument && seats?.message.contains("seats must be a whole number from 0 to 1000000") == true, "\(String(describing: seats))")
            school.seats = 10
            school.id = "evil\n=school"
            allocation.schools = [school]
            let id = try await status(pointsd, client, "AllocateSeats", allocation)
            #expect(id?.code == .invalidArgument && id?.message.contains("control characters") == true, "\(String(describing: id))")
        }
    }

    @Test func batchesAreBoundedByWorkAndTheirAnswersByTheFrameLimit() async throws {
        try await withPointsd { pointsd, client in
            var tooMany = Points_V1_ScoreBatchRequest()
            tooMany.requests = Array(repeating: try Self.request(), count: 37_108)
            let count = try await status(pointsd, client, "ScoreBatch", tooMany)
            #expect(count?.code == .resourceExhausted && count?.message.contains("more than the 10000") == true, "\(String(describing: count))")
            var tooBig = Points_V1_ScoreBatchRequest()
            tooBig.requests = Array(repeating: try Self.request(), count: 3_000)
            let size = try await status(pointsd, client, "ScoreBatch", tooBig)
            #expect(size?.code == .resourceExhausted && size?.message.contains("frame limit") == true, "\(String(describing: size))")
            var empty = Points_V1_ScoreBatchRequest()
            empty.requests = Array(repeating: Points_V1_ScoreRequest(), count: 1_024)
            let answer = try await client.scoreBatch(empty, timeout: patience)
            #expect(answer.results.count == 1_024 && answer.results.allSatisfy { $0.status.code == .invalidArgument })
            #expect(answer.results.allSatisfy { $0.status.factIssues.contains { $0.fact == "birth_date" && $0.kind == .factIssueMissing } })
        }
    }

    @Test func expiringHeavyCallsInALoopHoldTheirSlotsAndGetAStatusEach() async throws {
        let pointsd = try RunningPointsd(["--max-calls-per-connection", "8"])
        let raw = try await RawConnection.connect(port: pointsd.port)
        defer { Task { await raw.close() } }
        try await raw.sendPreface()
        var batch = Points_V1_ScoreBatchRequest()
        batch.requests = Array(repeating: try Self.request(), count: 200)
        let payload: Data = try batch.serializedData()
        let calls = 1_000
        // One write: each read batch holds more calls than slots, whatever the machine's load.
        try await raw.send((1...calls).map { callFrame(id: UInt64($0), method: "ScoreBatch", payload: payload, timeoutMs: 1) })
        _ = try await raw.waitForFrame { $0.response.callID == UInt64(calls) }
        let codes = Dictionary(grouping: raw.serverFrames.filter { $0.response.callID > 0 }, by: \.response.status.code).mapValues(\.count)
        #expect(codes.values.reduce(0, +) == calls, "every call is answered once: \(codes)")
        #expect(Set(codes.keys).isSubset(of: [.ok, .deadlineExceeded, .resourceExhausted]), "\(codes)")
        #expect(codes[.resourceExhausted, default: 0] > 0, "slots stay taken while expired work runs: \(codes)")
        try await expectServing(pointsd)
    }

    @Test func aClientThatNeverReadsCannotGrowTheServer() async throws {
        let pointsd = try RunningPointsd()
        let greedy = try await RawConnection.connect(port: pointsd.port, reading: false)
        defer { Task { await greedy.close() } }
        try await greedy.sendPreface()
        var request = Points_V1_GetSchemeRequest()
        request.id = "guangzhou-hukou"
        var frames = ByteBuffer()
        // 20,000 answers of ~14 KB: 280 MB if the server kept writing them.
        for id in 1...20_000 { try frames.writeFrame(callFrame(id: UInt64(id), method: "GetScheme", payload: try request.serializedData())) }
        greedy.channel.writeAndFlush(frames, promise: nil)
        let client = try await PointsClient.connect(host: "127.0.0.1", port: pointsd.port)
        defer { Task { await client.close() } }
        for _ in 0..<200 { #expect(try await client.health(timeout: patience).status == .serving) }
        try await expectServing(pointsd)
    }

    @Test func aSlowLorisIsClosedByTheIdleTimeout() async throws {
        let pointsd = try RunningPointsd(["--idle-timeout-seconds", "1"])
        let loris = try await RawConnection.connect(port: pointsd.port)
        try await loris.sendPreface()
        try await loris.send([0x00, 0x00])  // the start of a frame header, and then nothing
        #expect(await loris.waitForClose())
        try await expectServing(pointsd)
    }

    @Test func aDecisionLogWithoutAKeyIsKeyedPerRunAndSaysSo() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pointsd = try RunningPointsd(["--decision-log", folder.appendingPathComponent("decisions.sqlite").path])
        pointsd.stop()
        #expect(pointsd.startupLog.contains("random key of this run"), "\(pointsd.startupLog)")
    }
}
