import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOPosix
@testable import PointsServer
import PointsCore
import PointsProtocol
import PointsTestSupport
import Testing

/// The connection handler on an `EmbeddedChannel` with virtual time: idleness counts frames,
/// not bytes. No sockets, no sleeps.
@Suite struct ConnectionHygieneTests {
    private static let idle = TimeAmount.seconds(10)

    private func channel() throws -> EmbeddedChannel {
        var configuration = ServerConfiguration()
        configuration.idleTimeout = Self.idle
        var logger = Logger(label: "hygiene-test")
        logger.logLevel = .critical
        let service = PointsService(catalog: try SchemeCatalog.builtIn(), today: { LocalDate(iso: "2025-06-01")! })
        let environment = ServerEnvironment(store: SchemeStore(service: service), configuration: configuration, log: nil,
                                            hasher: ApplicantHasher(key: "test"), metrics: ServerMetrics(), threadPool: .singleton,
                                            work: WorkQueue(limit: 8), logger: logger)
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(FrameDecoder(maxFrameBytes: configuration.maxFrameBytes)),
            ServerConnectionHandler(environment: environment),
        ])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try channel.writeInbound(Preface.buffer())
        return channel
    }

    private func health(_ id: UInt64) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        try buffer.writeFrame(callFrame(id: id, method: "Health", payload: Data()))
        return buffer
    }

    @Test func bytesThatNeverMakeAFrameDoNotKeepAConnectionOpen() throws {
        let channel = try self.channel()
        for _ in 0..<4 {
            (channel.eventLoop as! EmbeddedEventLoop).advanceTime(by: .seconds(3))
            try channel.writeInbound(ByteBuffer(bytes: [0x00]))
        }
        #expect(!channel.isActive, "12 s of single bytes after a 10 s idle timeout")
    }

    @Test func completeFramesKeepAConnectionOpen() throws {
        let channel = try self.channel()
        for id in 1...4 {
            (channel.eventLoop as! EmbeddedEventLoop).advanceTime(by: .seconds(6))
            try channel.writeInbound(try self.health(UInt64(id)))
        }
        #expect(channel.isActive, "a call every 6 s under a 10 s idle timeout")
        (channel.eventLoop as! EmbeddedEventLoop).advanceTime(by: .seconds(11))
        #expect(!channel.isActive)
    }
}
