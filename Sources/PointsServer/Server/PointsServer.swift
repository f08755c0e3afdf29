import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PointsProtocol
import ServiceLifecycle

/// The pointsd server: listens on TCP (and optionally a Unix socket), speaks the framed
/// protocol of PROTOCOL.md, and scores on the event loops.
public final class PointsServer: Sendable {
    private struct State {
        var listeners: [Channel] = []
        var connections: [ObjectIdentifier: Channel] = [:]
        var shuttingDown = false
    }

    /// The limits and addresses.
    public let configuration: ServerConfiguration
    private let service: PointsService
    private let logger: Logger
    private let group: any EventLoopGroup
    private let threadPool: NIOThreadPool
    private let state = NIOLockedValueBox(State())

    /// Creates a server; `start()` binds it.
    public init(configuration: ServerConfiguration, service: PointsService, logger: Logger,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, threadPool: NIOThreadPool = .singleton) {
        self.configuration = configuration
        self.service = service
        self.logger = logger
        self.group = group
        self.threadPool = threadPool
    }

    /// Binds the listeners.
    ///
    /// - Returns: The bound addresses (TCP first), e.g. to learn the port chosen for port 0.
    @discardableResult
    public func start() async throws -> [SocketAddress] {
        let bootstrap = ServerBootstrap(group: self.group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in self.initialize(channel) }
        var listeners = [try await bootstrap.bind(host: self.configuration.host, port: self.configuration.port).get()]
        if let path = self.configuration.unixSocketPath {
            listeners.append(try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get())
        }
        self.state.withLockedValue { $0.listeners = listeners }
        let addresses = listeners.compactMap(\.localAddress)
        self.logger.info("pointsd listening", metadata: ["addresses": "\(addresses.map { "\($0)" }.joined(separator: ", "))"])
        return addresses
    }

    /// Says goodbye to every connection, lets calls in flight finish (at most `drain`), then
    /// closes the connections and the listeners.
    public func shutdownGracefully(drain: TimeAmount = .seconds(30)) async {
        let (listeners, connections) = self.state.withLockedValue { state -> ([Channel], [Channel]) in
            state.shuttingDown = true
            return (state.listeners, Array(state.connections.values))
        }
        self.logger.info("pointsd shutting down", metadata: ["connections": "\(connections.count)"])
        for listener in listeners { try? await listener.close() }
        for connection in connections { connection.pipeline.fireUserInboundEventTriggered(GoAwayEvent()) }
        let deadline = NIODeadline.now() + drain
        for connection in connections {
            let remaining = deadline - .now()
            if remaining > .zero {
                let timer = connection.eventLoop.scheduleTask(in: remaining) { connection.close(promise: nil) }
                try? await connection.closeFuture.get()
                timer.cancel()
            } else {
                try? await connection.close()
            }
        }
    }

    private func initialize(_ channel: Channel) -> EventLoopFuture<Void> {
        let accepted = self.state.withLockedValue { state -> RPCError? in
            if state.shuttingDown { return RPCError(.unavailable, "the server is shutting down") }
            guard state.connections.count < self.configuration.maxConnections else {
                return RPCError(.unavailable, "the server is at its limit of \(self.configuration.maxConnections) connections; retry later")
            }
            state.connections[ObjectIdentifier(channel)] = channel
            return nil
        }
        let id = ObjectIdentifier(channel)
        channel.closeFuture.whenComplete { _ in self.state.withLockedValue { _ = $0.connections.removeValue(forKey: id) } }
        return channel.eventLoop.makeCompletedFuture {
            if let rejection = accepted {
                self.logger.warning("refusing a connection", metadata: ["reason": "\(rejection.message)"])
                try channel.pipeline.syncOperations.addHandler(RejectingHandler(rejection))
                return
            }
            try channel.pipeline.syncOperations.addHandlers([
                IdleStateHandler(readTimeout: self.configuration.idleTimeout),
                ByteToMessageHandler(FrameDecoder(maxFrameBytes: self.configuration.maxFrameBytes)),
                ServerConnectionHandler(service: self.service, configuration: self.configuration,
                                        threadPool: self.threadPool, logger: self.logger),
            ])
        }
    }
}

extension PointsServer: Service {
    /// Binds, serves until a graceful shutdown is requested (SIGTERM through a ServiceGroup),
    /// then says goodbye and drains.
    public func run() async throws {
        try await self.start()
        try? await gracefulShutdown()
        await self.shutdownGracefully()
    }
}
