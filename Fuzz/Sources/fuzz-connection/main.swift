import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOPosix
import PointsCore
import PointsProtocol
import PointsServer

/// The frame decoder and the connection handler, as a socket would feed them: the preface,
/// then the input as raw bytes. Work that would go to the thread pool is refused (the pool is
/// never started), so everything runs on the embedded loop.
private let server: PointsServer = {
    var configuration = ServerConfiguration()
    configuration.maxFrameBytes = 65_536
    var logger = Logger(label: "fuzz")
    logger.logLevel = .critical
    let service = PointsService(catalog: try! SchemeCatalog.builtIn(), today: { LocalDate(iso: "2025-06-01")! })
    return PointsServer(configuration: configuration, service: service, logger: logger, threadPool: NIOThreadPool(numberOfThreads: 1))
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let channel = EmbeddedChannel()
    try! server.serve(channel).wait()
    try! channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
    var input = Preface.buffer()
    input.writeBytes(UnsafeBufferPointer(start: start, count: count))
    _ = try? channel.writeInbound(input)
    channel.embeddedEventLoop.run()
    while let _ = try? channel.readOutbound(as: ByteBuffer.self) {}
    _ = try? channel.finish()
    return 0
}
