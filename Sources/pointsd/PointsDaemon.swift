import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import PointsCore
import PointsServer
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

    /// The flags given, by setting key, as text for the settings table to check.
    private var flags: [(String, String?)] {
        [("host", host), ("port", port.map(String.init)), ("unix_socket", unixSocket), ("max_frame_bytes", maxFrameBytes.map(String.init)),
         ("max_calls_per_connection", maxCallsPerConnection.map(String.init)), ("max_connections", maxConnections.map(String.init)),
         ("max_connections_per_peer", maxConnectionsPerPeer.map(String.init)), ("max_queued_calls", maxQueuedCalls.map(String.init)),
         ("max_authentication_failures", maxAuthenticationFailures.map(String.init)), ("idle_timeout_seconds", idleTimeoutSeconds.map(String.init)),
         ("first_frame_timeout_seconds", firstFrameTimeoutSeconds.map(String.init)), ("event_loops", eventLoops.map(String.init)),
         ("scheme_dir", schemeDir), ("decision_log", decisionLog), ("decision_log_queue", decisionLogQueue.map(String.init)),
         ("decision_log_timeout_seconds", decisionLogTimeoutSeconds.map(String.init)), ("metrics_port", metricsPort.map(String.init))]
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
        let log: DecisionLog?
        do {
            log = try configuration.decisionLogPath.map { try DecisionLog(path: $0, queueLimit: configuration.decisionLogQueue) }
        } catch {
            throw ValidationError("cannot open the decision log \(configuration.decisionLogPath ?? ""): \(error); does its folder exist, and may pointsd write there?")
        }
        if let path = configuration.decisionLogPath { logger.info("recording decisions", metadata: ["path": "\(path)"]) }
        let key = configuration.decisionKey ?? ApplicantHasher.randomKey()
        if log != nil, configuration.decisionKey == nil {
            logger.warning("no decision_key configured (local-development mode): applicant references are hashed with a random key of this run, so they cannot be looked up after a restart; set decision_key in the config file")
        }
        let loops: any EventLoopGroup = configuration.eventLoops.map { MultiThreadedEventLoopGroup(numberOfThreads: $0) }
            ?? MultiThreadedEventLoopGroup.singleton
        let server = PointsServer(configuration: configuration, store: store, log: log, decisionKey: key, logger: logger, group: loops)
        var metricsServer: MetricsHTTPServer?
        if let port = configuration.metricsPort {
            let logPath = configuration.decisionLogPath
            metricsServer = try await MetricsHTTPServer(metrics: server.metrics, port: port, group: loops) {
                if store.service.catalog.schemes.isEmpty { return "no scheme loaded" }
                if let logPath, !FileManager.default.isWritableFile(atPath: logPath) { return "the decision log \(logPath) cannot be written" }
                return nil
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
}
