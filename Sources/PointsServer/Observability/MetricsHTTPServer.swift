import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// A loopback HTTP listener answering `GET /metrics` with the Prometheus text, `/healthz`
/// (alive: 200) and `/readyz` (200 when ready to serve, else 503 and why); anything else is
/// 404. Separate from the protocol port, so scrapers and probes never speak the framed protocol.
public final class MetricsHTTPServer: Sendable {
    private let metrics: ServerMetrics
    private let channel: Channel

    /// Binds `127.0.0.1:port` (0 picks a free one).
    ///
    /// - Parameter readiness: Why the server is not ready (no schemes, a decision log it
    ///   cannot write), or nil when it is: `/readyz` asks it on every probe.
    public init(metrics: ServerMetrics, port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                readiness: @escaping @Sendable () -> String? = { nil }) async throws {
        self.metrics = metrics
        self.channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(metrics: metrics, readiness: readiness))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
    }

    /// The bound port.
    public var port: Int { channel.localAddress?.port ?? 0 }

    /// Stops listening.
    public func close() async {
        try? await channel.close()
    }
}

private final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let metrics: ServerMetrics
    private let readiness: @Sendable () -> String?
    private var head: HTTPRequestHead?

    init(metrics: ServerMetrics, readiness: @escaping @Sendable () -> String?) {
        self.metrics = metrics
        self.readiness = readiness
    }

    /// The status, content type and body for a path.
    private func answer(_ path: String) -> (HTTPResponseStatus, String, String) {
        let plain = "text/plain; charset=utf-8"
        switch path {
        case "/metrics": return (.ok, "text/plain; version=0.0.4; charset=utf-8", metrics.render())
        case "/healthz": return (.ok, plain, "ok\n")
        case "/readyz":
            guard let reason = readiness() else { return (.ok, plain, "ready\n") }
            return (.serviceUnavailable, plain, "not ready: \(reason)\n")
        default: return (.notFound, plain, "not found; the paths are /metrics, /healthz and /readyz\n")
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            let path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
            let (status, type, body) = head.method == .GET ? answer(path) : (.notFound, "text/plain; charset=utf-8", "only GET\n")
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: type)
            headers.add(name: "Content-Length", value: "\(body.utf8.count)")
            headers.add(name: "Connection", value: "close")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
            self.head = nil
        }
    }
}
