import ArgumentParser
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
    @Option(help: "TCP host to bind (default 127.0.0.1).") var host: String?
    @Option(help: "TCP port (default 7400; 0 picks a free one).") var port: Int?
    @Option(help: "Also listen on this Unix domain socket.") var unixSocket: String?
    @Option(help: "Largest frame accepted, bytes (default 4194304).") var maxFrameBytes: Int?
    @Option(help: "Calls in flight off the event loop per connection (default 128).") var maxCallsPerConnection: Int?
    @Option(help: "Connections at once (default 1024).") var maxConnections: Int?
    @Option(help: "Close connections idle this many seconds (default 300).") var idleTimeoutSeconds: Int?
    @Option(help: "Close connections without a preface after this many seconds (default 10).") var firstFrameTimeoutSeconds: Int?
    @Option(help: "Event-loop threads (default: one per core).") var eventLoops: Int?
    @Option(help: "Scheme files served beside the built-in ones; one with a built-in's id and version replaces it (repeatable).")
    var schemeFile: [String] = []
    @Option(help: "A folder of scheme files served beside the built-in ones, re-read on SIGHUP and ReloadSchemes.") var schemeDir: String?
    @Option(help: "Record every decision in this SQLite file (WAL); an answer is sent only once recorded.") var decisionLog: String?
    @Option(help: "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics.") var metricsPort: Int?

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "pointsd")
        var configuration = try self.config.map { try ServerConfiguration.load(path: $0) } ?? ServerConfiguration()
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if let unixSocket { configuration.unixSocketPath = unixSocket }
        if let maxFrameBytes { configuration.maxFrameBytes = maxFrameBytes }
        if let maxCallsPerConnection { configuration.maxCallsPerConnection = maxCallsPerConnection }
        if let maxConnections { configuration.maxConnections = maxConnections }
        if let idleTimeoutSeconds { configuration.idleTimeout = .seconds(Int64(idleTimeoutSeconds)) }
        if let firstFrameTimeoutSeconds { configuration.firstFrameTimeout = .seconds(Int64(firstFrameTimeoutSeconds)) }
        if let eventLoops { configuration.eventLoops = eventLoops }
        guard configuration.eventLoops.map({ $0 >= 1 }) ?? true else { throw ValidationError("--event-loops must be 1 or more") }

        if let schemeDir { configuration.schemeDirectory = schemeDir }
        if let decisionLog { configuration.decisionLogPath = decisionLog }
        if let metricsPort { configuration.metricsPort = metricsPort }

        let files = try schemeFile.map { path throws(SchemeLoadError) in try SchemeLoader.load(path: path) }
        let store = try SchemeStore(base: SchemeCatalog.overlay(files, on: try SchemeCatalog.builtIn().schemes), directory: configuration.schemeDirectory)
        for scheme in store.service.catalog.schemes {
            logger.info("serving scheme", metadata: ["scheme": "\(scheme.metadata.id)", "version": "\(scheme.metadata.version)",
                                                    "effective": "\(scheme.metadata.rangeDescription)", "hash": "\(scheme.metadata.contentHash)"])
        }
        let log = try configuration.decisionLogPath.map { try DecisionLog(path: $0) }
        if let path = configuration.decisionLogPath { logger.info("recording decisions", metadata: ["path": "\(path)"]) }
        let key = configuration.decisionKey ?? "local-development-only"
        if log != nil, configuration.decisionKey == nil {
            logger.warning("no decision_key configured: applicant references are hashed with a development key; set decision_key in the config file")
        }
        let loops: any EventLoopGroup = configuration.eventLoops.map { MultiThreadedEventLoopGroup(numberOfThreads: $0) }
            ?? MultiThreadedEventLoopGroup.singleton
        let server = PointsServer(configuration: configuration, store: store, log: log, decisionKey: key, logger: logger, group: loops)
        var metricsServer: MetricsHTTPServer?
        if let port = configuration.metricsPort { metricsServer = try await MetricsHTTPServer(metrics: server.metrics, port: port, group: loops) }
        if let metricsServer { logger.info("metrics at http://127.0.0.1:\(metricsServer.port)/metrics") }
        let group = ServiceGroup(configuration: .init(services: [server, HangupReloader(server: server, logger: logger)],
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        await metricsServer?.close()
        log?.close()
        logger.info("pointsd stopped")
    }
}
