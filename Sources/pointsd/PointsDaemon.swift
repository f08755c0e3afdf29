import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import PointsCore
import PointsPostgres
import PointsServer
import PointsTLS
import ServiceLifecycle

/// `pointsd`: serves the scoring protocol until SIGTERM or SIGINT, then drains and exits 0.
@main
struct PointsDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pointsd", abstract: "Serve residence-points scoring over the framed protobuf protocol.")

    @Option(help: "A server config file (YAML); flags override it.") var config: String?
    @Option(help: help("host")) var host: String?
    @Option(help: help("port")) var port: Int?
    @Option(help: help("unix_socket")) var unixSocket: String?
    @Option(help: help("max_frame_bytes")) var maxFrameBytes: Int?
    @Option(help: help("max_calls_per_connection")) var maxCallsPerConnection: Int?
    @Option(help: help("max_connections")) var maxConnections: Int?
    @Option(help: help("max_connections_per_peer")) var maxConnectionsPerPeer: Int?
    @Option(help: help("max_queued_calls")) var maxQueuedCalls: Int?
    @Option(help: help("max_authentication_failures")) var maxAuthenticationFailures: Int?
    @Option(help: help("idle_timeout_seconds")) var idleTimeoutSeconds: Int?
    @Option(help: help("first_frame_timeout_seconds")) var firstFrameTimeoutSeconds: Int?
    @Option(help: help("event_loops")) var eventLoops: Int?
    @Option(help: "Scheme files served beside the built-in ones; one with a built-in's id and version replaces it (repeatable).")
    var schemeFile: [String] = []
    @Option(help: help("scheme_dir")) var schemeDir: String?
    @Option(help: help("decision_log")) var decisionLog: String?
    @Option(help: help("decision_log_queue")) var decisionLogQueue: Int?
    @Option(help: help("decision_log_timeout_seconds")) var decisionLogTimeoutSeconds: Int?
    @Option(help: help("metrics_port")) var metricsPort: Int?
    @Option(help: help("tls_certificate")) var tlsCertificate: String?
    @Option(help: help("tls_private_key")) var tlsPrivateKey: String?
    @Option(help: help("tls_client_ca")) var tlsClientCa: String?
    @Option(help: help("tls_min_version")) var tlsMinVersion: String?
    @Flag(help: help("allow_plaintext")) var allowPlaintext = false

    /// The flags given, by setting key, as text for the settings table to check.
    private var flags: [(String, String?)] {
        [("host", host), ("port", port.map(String.init)), ("unix_socket", unixSocket), ("max_frame_bytes", maxFrameBytes.map(String.init)),
         ("max_calls_per_connection", maxCallsPerConnection.map(String.init)), ("max_connections", maxConnections.map(String.init)),
         ("max_connections_per_peer", maxConnectionsPerPeer.map(String.init)), ("max_queued_calls", maxQueuedCalls.map(String.init)),
         ("max_authentication_failures", maxAuthenticationFailures.map(String.init)), ("idle_timeout_seconds", idleTimeoutSeconds.map(String.init)),
         ("first_frame_timeout_seconds", firstFrameTimeoutSeconds.map(String.init)), ("event_loops", eventLoops.map(String.init)),
         ("scheme_dir", schemeDir), ("decision_log", decisionLog), ("decision_log_queue", decisionLogQueue.map(String.init)),
         ("decision_log_timeout_seconds", decisionLogTimeoutSeconds.map(String.init)), ("metrics_port", metricsPort.map(String.init)),
         ("tls_certificate", tlsCertificate), ("tls_private_key", tlsPrivateKey), ("tls_client_ca", tlsClientCa), ("tls_min_version", tlsMinVersion),
         ("allow_plaintext", allowPlaintext ? "true" : nil)]
    }

    private static func help(_ key: String) -> ArgumentHelp {
        ArgumentHelp(ServerSettings.setting(key)?.help ?? key)
    }

    func run() async throws {
        HeapTuning.apply()
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "pointsd")
        var configuration = try self.config.map { try ServerConfiguration.load(path: $0) } ?? ServerConfiguration()
        for case let (key, value?) in self.flags {
            let setting = ServerSettings.setting(key)!
            if let problem = setting.apply(value, to: &configuration) { throw ValidationError("\(setting.flag): \(problem)") }
        }
        configuration = try configuration.validated()

        let files = try schemeFile.map { path throws(SchemeLoadError) in try SchemeLoader.load(path: path) }
        let store = try SchemeStore(base: SchemeCatalog.overlay(files, on: try SchemeCatalog.builtIn().schemes), directory: configuration.schemeDirectory)
        for scheme in store.service.catalog.schemes {
            logger.info("serving scheme", metadata: ["scheme": "\(scheme.metadata.id)", "version": "\(scheme.metadata.version)",
                                                    "effective": "\(scheme.metadata.rangeDescription)", "hash": "\(scheme.metadata.contentHash)"])
        }
        let log = try await Self.openLog(configuration, logger: logger)
        let key = configuration.decisionKey ?? ApplicantHasher.randomKey()
        if log != nil, configuration.decisionKey == nil {
            logger.warning("no decision_key configured (local-development mode): applicant references are hashed with a random key of this run, so they cannot be looked up after a restart; set decision_key in the config file")
        }
        let loops: any EventLoopGroup = configuration.eventLoops.map { MultiThreadedEventLoopGroup(numberOfThreads: $0) }
            ?? MultiThreadedEventLoopGroup.singleton
        let security = try configuration.tls.map { settings throws(ConfigurationError) in try TLSConnectionSecurity(settings: settings) }
        let server = PointsServer(configuration: configuration, store: store, log: log, decisionKey: key, security: security, logger: logger, group: loops)
        var metricsServer: MetricsHTTPServer?
        if let port = configuration.metricsPort {
            metricsServer = try await MetricsHTTPServer(metrics: server.metrics, port: port, group: loops) {
                if store.service.catalog.schemes.isEmpty { return "no scheme loaded" }
                return log?.unavailability
            }
        }
        if let metricsServer { logger.info("metrics at http://127.0.0.1:\(metricsServer.port)/metrics") }
        let group = ServiceGroup(configuration: .init(services: [server, HangupReloader(server: server, logger: logger)],
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        await metricsServer?.close()
        log?.close()
        logger.info("pointsd stopped")
    }

    /// The decision log the configuration names: PostgreSQL for a `postgresql://` URL, else a
    /// SQLite file; nil for none.
    private static func openLog(_ configuration: ServerConfiguration, logger: Logger) async throws -> (any DecisionLog)? {
        guard let setting = configuration.decisionLogPath else { return nil }
        if PostgresLocation.isPostgres(setting) {
            let location = try PostgresLocation(url: setting)
            let log = try await PostgresDecisionLog(location: location, queueLimit: configuration.decisionLogQueue,
                                                    lockTimeout: configuration.decisionLogTimeout, logger: logger)
            logger.info("recording decisions", metadata: ["postgresql": "\(location.redacted)"])
            return log
        }
        do {
            let log = try SQLiteDecisionLog(path: setting, queueLimit: configuration.decisionLogQueue)
            logger.info("recording decisions", metadata: ["path": "\(setting)"])
            return log
        } catch {
            throw ValidationError("cannot open the decision log \(setting): \(error); does its folder exist, and may pointsd write there?")
        }
    }
}
