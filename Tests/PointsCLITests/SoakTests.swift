import Foundation
import NIOCore
import PointsClient
import PointsCore
import PointsProtocol
import PointsTestSupport
import Testing

/// Many peers at once, most of them hostile, against a real pointsd: the well-behaved caller
/// keeps getting correct cards and pointsd stays under its memory bound. An end-to-end test,
/// not a benchmark: it asserts outcomes, never durations.
@Suite struct SoakTests {
    static let idle = 1_000, lorises = 100, nonReaders = 100, abrupt = 100, calls = 300

    @Test func aThousandConnectionsAndHostilePeersDoNotStopAWellBehavedCaller() async throws {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max  // pointsd inherits it: ~1,300 sockets each side
        setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        // Timeouts are not what this test is about: on a loaded machine a peer may take seconds
        // between connecting and sending its preface, and must not be closed for it.
        let pointsd = try RunningPointsd(["--max-connections", "4000", "--max-connections-per-peer", "4000",
                                          "--first-frame-timeout-seconds", "3600", "--idle-timeout-seconds", "3600"])
        let facts = try String(contentsOf: PointsRunner.packageRoot.appendingPathComponent("Examples/bachelor-renting.yaml"), encoding: .utf8)
        let request = try Points_V1_ScoreRequest(document: try DocumentNode.parse(yaml: facts), scheme: "guangzhou-hukou", asOf: LocalDate(iso: "2025-06-01")!)
        let client = try await PointsClient.connect(host: "127.0.0.1", port: pointsd.port)
        let wellBehaved = Task {
            var correct = 0
            for _ in 0..<Self.calls where try await client.score(request, timeout: patience).card.total == "200" { correct += 1 }
            return correct
        }

        var peers: [RawConnection] = []
        var health = ByteBuffer()
        try health.writeFrame(callFrame(id: 1, method: "Health", payload: Data()))
        for _ in 0..<Self.idle {
            let peer = try await RawConnection.connect(port: pointsd.port)
            try await peer.sendPreface()
            try await peer.channel.writeAndFlush(health)
            peers.append(peer)
        }
        for _ in 0..<Self.lorises {
            let loris = try await RawConnection.connect(port: pointsd.port)
            try await loris.sendPreface()
            try await loris.send([0x00, 0x00, 0x01])  // a frame header cut short, then nothing
            peers.append(loris)
        }
        var getScheme = Points_V1_GetSchemeRequest()
        getScheme.id = "guangzhou-hukou"
        var flood = ByteBuffer()
        for id in 1...2_000 { try flood.writeFrame(callFrame(id: UInt64(id), method: "GetScheme", payload: try getScheme.serializedData())) }
        for _ in 0..<Self.nonReaders {
            let greedy = try await RawConnection.connect(port: pointsd.port, reading: false)
            try await greedy.sendPreface()
            greedy.channel.writeAndFlush(flood, promise: nil)
            peers.append(greedy)
        }
        for _ in 0..<Self.abrupt {
            let quitter = try await RawConnection.connect(port: pointsd.port)
            try await quitter.sendPreface()
            try await quitter.send([0x00, 0x00, 0x00, 0x01, 0x00, 0x0a])  // half a frame, then gone
            await quitter.close()
        }
        // Every idle peer's Health call is answered while the rest goes on.
        for peer in peers.prefix(Self.idle) {
            #expect(try await peer.waitForFrame { $0.response.callID == 1 }?.response.status.code == .ok)
        }

        #expect(try await wellBehaved.value == Self.calls)
        #expect(try await client.health(timeout: patience).status == .serving)
        #expect(pointsd.residentMiB < HostilePeerTests.rssLimitMiB, "pointsd uses \(pointsd.residentMiB) MiB")
        for peer in peers { await peer.close() }
        await client.close()
    }
}
