import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PointsCore
import PointsProtocol
import ServiceLifecycle

/// The pointsd server: listens on TCP (and optionally a Unix socket), speaks the framed
/// protocol of PROTOCOL.md, and scores on the event loops.
public final class PointsServer: Sendable {
    private struct State {
        var listeners: [Channel] = []
        var connections: [ObjectIdentifier: Channel] = [:]
        var connectionsByPeer: [String: Int] = [:]
        var shuttingDown = false
    }

    /// The limits and addresses.
    public let configuration: ServerConfiguration
    /// The schemes served (reloadable).
    public let store: SchemeStore
    /// The server's metrics (render them, or serve them with `MetricsHTTPServer`).
    public let metrics: ServerMetrics
    /// TLS for TCP connections, when configured.
    public let security: (any ConnectionSecurity)?
    private let environment: ServerEnvironment
    private let logger: Logger
    private let group: any EventLoopGroup
    private let state = NIOLockedValueBox(State())

    /// What the system said of a failed bind, in words (`address already in use`).
    private static func reason(_ error: IOError) -> String {
        String(cString: strerror(error.errnoCode)).lowercased()
    }

    /// Creates a server; `start()` binds it.
    ///
    /// - Parameters:
    ///   - log: Where answers are recorded before they are sent; nil records none.
    ///   - decisionKey: The secret keying the applicant-reference hashes of the log.
    ///   - security: TLS for TCP connections (`PointsTLS`); required when `configuration.tls` is set.
    public init(configuration: ServerConfiguration, store: SchemeStore, log: (any DecisionLog)? = nil, decisionKey: String = "",
                security: (any ConnectionSecurity)? = nil, metrics: ServerMetrics = ServerMetrics(), logger: Logger,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, threadPool: NIOThreadPool = .singleton) {
        self.configuration = configuration
        self.security = security
        self.store = store
        self.metrics = metrics
        self.logger = logger
        self.group = group
        self.environment = ServerEnvironment(store: store, configuration: configuration, log: log, hasher: ApplicantHasher(key: decisionKey),
                                             metrics: metrics, threadPool: threadPool,
                                             work: WorkQueue(limit: configuration.maxQueuedCalls), logger: logger)
        metrics.schemesLoaded(store.service.catalog.schemes.count)
    }

    /// A server over a fixed set of schemes, without a decision log.
    public convenience init(configuration: ServerConfiguration, service: PointsService, logger: Logger,
                            group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, threadPool: NIOThreadPool = .singleton) {
        self.init(configuration: configuration, store: SchemeStore(service: service), logger: logger, group: group, threadPool: threadPool)
    }

    /// Re-reads the scheme folder and swaps it in whole, or leaves the schemes as they are.
    ///
    /// - Throws: `RPCError` (`FAILED_PRECONDITION`) with the validator's `file:line` errors.
    @discardableResult
    public func reloadSchemes(by trigger: ReloadTrigger) throws(RPCError) -> SchemeCatalog {
        try self.environment.admin.reload(by: trigger)
    }

    /// Re-reads the TLS certificate, key and client CA (new connections use them), or keeps
    /// the old ones and says why. Without TLS, nothing to do.
    public func reloadCertificates(by trigger: ReloadTrigger) throws(RPCError) {
        guard let security else { return }
        do {
            try security.reload()
            self.logger.notice("TLS certificates reloaded", metadata: [trigger.key: "\(trigger.name)"])
        } catch {
            self.logger.error("TLS certificate reload rejected; the certificates in use stay", metadata: [trigger.key: "\(trigger.name)", "problem": "\(error)"])
            throw RPCError(.failedPrecondition, "TLS certificate reload rejected, the certificates in use stay: \(error)")
        }
    }

    /// Binds the listeners.
    ///
    /// - Returns: The bound addresses (TCP first), e.g. to learn the port chosen for port 0.
    @discardableResult
    public func start() async throws -> [SocketAddress] {
        if self.configuration.access.isLocalDevelopment {
            guard self.configuration.bindsLoopbackOnly else {
                throw ConfigurationError(problems: ["no agencies are configured, so pointsd runs in local-development mode, which binds loopback only; give a config file with agencies (tokens and roles) to listen on \(self.configuration.host)"])
            }
            self.logger.warning("local-development mode: no agencies configured, every caller may call every method; listening on loopback only")
        }
        if self.configuration.tls != nil, self.security == nil {
            throw ConfigurationError(problems: ["tls: configured, but this server was created without its TLS layer (PointsTLS)"])
        }
        if let security = self.security {
            self.logger.notice("TCP connections use TLS", metadata: ["tls": "\(security.summary)"])
        } else if !self.configuration.access.isLocalDevelopment, !self.configuration.bindsLoopbackOnly {
            self.logger.warning("serving agencies WITHOUT TLS on a non-loopback address (allow_plaintext: true): tokens and applicants' facts cross the network in clear text unless a balancer on this host encrypts them")
        }
        let bootstrap = ServerBootstrap(group: self.group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            // Past 256 KiB of unsent answers the connection stops reading (ServerConnectionHandler.read).
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 64 * 1024, high: 256 * 1024))
            .childChannelInitializer { channel in self.serve(channel) }
        var listeners: [Channel] = []
        do {
            listeners.append(try await bootstrap.bind(host: self.configuration.host, port: self.configuration.port).get())
        } catch let error as IOError {
            throw ConfigurationError(problems: ["cannot listen on \(self.configuration.host):\(self.configuration.port): \(Self.reason(error)); stop what holds it or give another --port"])
        }
        if let path = self.configuration.unixSocketPath {
            do {
                listeners.append(try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get())
            } catch let error as IOError {
                throw ConfigurationError(problems: ["cannot listen on the Unix socket \(path): \(Self.reason(error))"])
            }
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

    /// Adds the protocol's handlers to a channel accepted elsewhere (the listeners use it; so
    /// do the fuzzer and tests on an `EmbeddedChannel`), counting it against the limits.
    ///
    /// - Returns: A future that succeeds once the handlers are in place.
    public func serve(_ channel: Channel) -> EventLoopFuture<Void> {
        let peer = Self.peerKey(channel.remoteAddress)
        let accepted = self.state.withLockedValue { state -> RPCError? in
            if state.shuttingDown { return RPCError(.unavailable, "the server is shutting down") }
            guard state.connections.count < self.configuration.maxConnections else {
                return RPCError(.unavailable, "the server is at its limit of \(self.configuration.maxConnections) connections; retry later")
            }
            guard state.connectionsByPeer[peer, default: 0] < self.configuration.maxConnectionsPerPeer else {
                return RPCError(.unavailable, "this address already has \(self.configuration.maxConnectionsPerPeer) connections open, the most one peer may; reuse them")
            }
            state.connections[ObjectIdentifier(channel)] = channel
            state.connectionsByPeer[peer, default: 0] += 1
            return nil
        }
        let id = ObjectIdentifier(channel)
        if accepted == nil { self.metrics.connection(1) }
        channel.closeFuture.whenComplete { _ in
            let removed = self.state.withLockedValue { state -> Bool in
                guard state.connections.removeValue(forKey: id) != nil else { return false }
                state.connectionsByPeer[peer, default: 1] -= 1
                if state.connectionsByPeer[peer] == 0 { state.connectionsByPeer[peer] = nil }
                return true
            }
            if removed { self.metrics.connection(-1) }
        }
        return channel.eventLoop.makeCompletedFuture {
            if let rejection = accepted {
                self.logger.warning("refusing a connection", metadata: ["reason": "\(rejection.message)"])
                try channel.pipeline.syncOperations.addHandler(RejectingHandler(rejection))
                return
            }
            // TLS on TCP only: a Unix socket is reached through the file system's permissions.
            if let security = self.security, channel.localAddress?.protocol != .unix {
                try channel.pipeline.syncOperations.addHandler(TLSRequiredHandler(security: security))
            }
            try channel.pipeline.syncOperations.addHandlers([
                ByteToMessageHandler(FrameDecoder(maxFrameBytes: self.configuration.maxFrameBytes)),
                ServerConnectionHandler(environment: self.environment),
            ])
        }
    }

    /// The peer's address without its port (Unix-socket peers share one key).
    private static func peerKey(_ address: SocketAddress?) -> String {
        address?.ipAddress ?? "local"
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
