import Foundation
import NIOCore
import PointsClient
import PointsProtocol
import PointsServer
import PointsTestSupport
import Testing

/// Bad input closes only the offending connection, with the documented status, and the
/// server keeps answering everyone else.
@Suite struct ServerBadInputTests {
    private func connectionError(_ raw: RawConnection) async throws -> Points_V1_Status? {
        try await raw.waitForFrame { if case .connectionError = $0.kind { return true } else { return false } }?.connectionError
    }

    @Test func anAnnounced4GiBFrameIsRefusedAndClosed() async throws {
        try await withServer { port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.sendPreface()
            try await raw.send([0x00, 0xff, 0xff, 0xff, 0xff])
            #expect(try await raw.connectionError()?.code == .resourceExhausted)
            #expect(await raw.waitForClose())
            #expect(try await expectHealthy(port))
        }
    }

    @Test func aFrameOverTheConfiguredLimitIsRefused() async throws {
        try await withServer({ $0.maxFrameBytes = 16_384 }) { port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.sendPreface()
            try await raw.send(callFrame(id: 1, method: "Score", payload: Data(repeating: 1, count: 20_000)))
            #expect(try await raw.connectionError()?.code == .resourceExhausted)
            #expect(await raw.waitForClose())
            #expect(try await expectHealthy(port))
        }
    }

    @Test func anIDSentAgainWhileItsCallIsInFlightClosesTheConnection() async throws {
        try await withServer { port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.sendPreface()
            // The batch runs on the thread pool: its id is in flight when the second frame is read.
            try await raw.send([callFrame(id: 1, method: "ScoreBatch", payload: try heavyBatch().serializedData()),
                                callFrame(id: 1, method: "Score", payload: try scoreRequest().serializedData())])
            let error = try await raw.connectionError()
            #expect(error?.code == .invalidArgument && error?.message.contains("call id 1 was sent again while its call is in flight") == true, "\(String(describing: error))")
            #expect(await raw.waitForClose())
            #expect(try await expectHealthy(port))
        }
    }

    @Test func anEmptyFrameIsAProtocolError() async throws {
        try await withServer { port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.sendPreface()
            try await raw.send([0x00, 0x00, 0x00, 0x00, 0x00])
            let error = try await raw.connectionError()
            #expect(error?.code == .invalidArgument && error?.message.contains("a ClientFrame must hold a call or a cancel") == true, "\(String(describing: error))")
            #expect(await raw.waitForClose())
        }
    }

    @Test func randomGarbageIsRefusedAndClosed() async throws {
        try await withServer { port in
            let raw = try await RawConnection.connect(port: port)
            var generator = SystemRandomNumberGenerator()
            try await raw.send((0..<512).map { _ in UInt8.random(in: 0...255, using: &generator) | 0x80 })
            #expect(try await raw.connectionError()?.code == .invalidArgument)
            #expect(await raw.waitForClose())
            #expect(try await expectHealthy(port))
        }
    }

    @Test func aWrongVersionIsUnimplemented() async throws {
        try await withServer { port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.send([0x52, 0x50, 0x54, 0x53, 0x00, 0x02, 0x00, 0x00])
            let error = try await raw.connectionError()
            #expect(error?.code == .unimplemented)
            #expect(error?.message.contains("version 2") == true)
            #expect(await raw.waitForClose())
        }
    }

    @Test func aBodyThatIsNotAClientFrameClosesTheConnection() async throws {
        try await withServer { port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.sendPreface()
            try await raw.send([0x00, 0x00, 0x00, 0x00, 0x03, 0xff, 0xff, 0xff])
            #expect(try await raw.connectionError()?.code == .invalidArgument)
            #expect(await raw.waitForClose())
            #expect(try await expectHealthy(port))
        }
    }

    @Test func aTruncatedFrameThenCloseLeavesTheServerServing() async throws {
        try await withServer { port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.sendPreface()
            try await raw.send([0x00, 0x00, 0x00, 0x01, 0x00, 0x0a, 0x0b])
            await raw.close()
            #expect(try await expectHealthy(port))
        }
    }

    @Test func aSilentClientIsClosedAfterTheFirstFrameTimeout() async throws {
        try await withServer({ $0.firstFrameTimeout = .seconds(1) }) { port in
            let raw = try await RawConnection.connect(port: port)
            #expect(try await raw.connectionError()?.code == .deadlineExceeded)
            #expect(await raw.waitForClose())
            #expect(try await expectHealthy(port))
        }
    }

    @Test func anIdleConnectionIsToldGoodbyeAndClosed() async throws {
        try await withServer({ $0.idleTimeout = .milliseconds(300) }) { port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.sendPreface()
            let goAway = try await raw.waitForFrame { if case .goAway = $0.kind { return true } else { return false } }
            #expect(goAway?.goAway.reason == "idle timeout")
            #expect(await raw.waitForClose())
        }
    }

    @Test func connectionsOverTheLimitAreRefused() async throws {
        try await withServer({ $0.maxConnections = 1 }) { port in
            let first = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await first.close() } }
            #expect(try await first.health().status == .serving)
            let second = try await RawConnection.connect(port: port)
            #expect(try await second.connectionError()?.code == .unavailable)
            #expect(await second.waitForClose())
            #expect(try await first.score(try scoreRequest()).card.total == "200")
        }
    }

    @Test func shutdownSaysGoodbyeAndFinishesCallsInFlight() async throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.firstFrameTimeout = .seconds(3600)  // as in `withServer`
        let server = PointsServer(configuration: configuration,
                                  service: PointsService(catalog: try .builtIn(), today: { .init(iso: "2025-06-01")! }),
                                  logger: .init(label: "test"))
        let port = try await server.start()[0].port!
        let raw = try await RawConnection.connect(port: port)
        try await raw.sendPreface()
        try await raw.send(callFrame(id: 5, method: "ScoreBatch", payload: try heavyBatch(2_000).serializedBytes()))
        try await raw.send(callFrame(id: 6, method: "Health", payload: Data()))
        _ = try await raw.waitForFrame { $0.response.callID == 6 }  // so call 5 has been read too
        await server.shutdownGracefully(drain: .seconds(60))
        let goAway = try await raw.waitForFrame { if case .goAway = $0.kind { return true } else { return false } }
        #expect(goAway?.goAway.lastCallID == 6)
        let answer = try await raw.waitForFrame { $0.response.callID == 5 }
        #expect(answer?.response.status.code == .ok, "\(answer?.response.status.message ?? "no answer")")
        #expect(await raw.waitForClose())
    }

    @Test func aUnixSocketServesTheSameCards() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pointsd-\(UUID().uuidString.prefix(8)).sock").path
        try await withServer({ $0.unixSocketPath = path }) { _ in
            let client = try await PointsClient.connect(unixSocketPath: path)
            defer { Task { await client.close() } }
            #expect(try await client.score(try scoreRequest()).card.total == "200")
        }
    }
}
