import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the server's scheme folder and TLS certificates on every SIGHUP until the service
/// group shuts down. A rejected reload is logged with its problems and the old schemes (or
/// certificates) stay live.
public struct HangupReloader: Service {
    private let server: PointsServer
    private let logger: Logger

    /// A reloader for `server`.
    public init(server: PointsServer, logger: Logger) {
        self.server = server
        self.logger = logger
    }

    public func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            if server.store.directory != nil {
                do {
                    try server.reloadSchemes(by: .signal("SIGHUP"))
                } catch {
                    logger.error("SIGHUP reload rejected", metadata: ["problems": "\(error.message)"])
                }
            }
            // Logged by the server either way.
            try? server.reloadCertificates(by: .signal("SIGHUP"))
        }
    }
}
