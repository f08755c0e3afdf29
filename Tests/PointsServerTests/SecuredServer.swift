import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PointsClient
import PointsCore
import PointsProtocol
import PointsServer
import PointsTestSupport

/// One token per role, and the policy that knows them (by SHA-256 only).
enum TestAgencies {
    static let tokens: [Role: String] = [
        .scorer: "scorer-token-7f3a9c51e2",
        .education: "education-token-1b8d4e7a90",
        .operator: "operator-token-5c2e8f1d34",
        .auditor: "auditor-token-9a6b3d7e58",
    ]
    static let decisionKey = "a-test-decision-key-of-some-length"

    static var access: AccessPolicy {
        AccessPolicy(agencies: tokens.map { Agency(name: "\($0.key.rawValue)-agency", tokenSHA256: Digests.sha256Hex(Array($0.value.utf8)), roles: [$0.key]) })
    }

    static func connect(_ role: Role?, port: Int) async throws -> PointsClient {
        try await PointsClient.connect(host: "127.0.0.1", port: port, token: role.map { tokens[$0]! })
    }
}

/// Every log line a server writes, kept for tests that read them.
final class CapturedLog: Sendable {
    let lines = NIOLockedValueBox<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "pointsd-test") { _ in CapturingHandler(log: self) }
        logger.logLevel = .trace
        return logger
    }

    struct CapturingHandler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            let all = self.metadata.merging(metadata ?? [:]) { $1 }
            let fields = all.keys.sorted().map { "\($0)=\(all[$0]!)" }.joined(separator: " ")
            log.lines.withLockedValue { $0.append("\(level) \(message) \(fields)") }
        }
    }
}

/// Starts a real pointsd on 127.0.0.1 port 0 with agencies, an optional decision log and
/// scheme folder, and shuts it down after.
func withSecuredServer<T>(decisionLog: String? = nil, sharedLog: (any DecisionLog)? = nil, schemeDirectory: String? = nil,
                          security: (any ConnectionSecurity)? = nil, logger: Logger? = nil,
                          configure: (inout ServerConfiguration) -> Void = { _ in },
                          _ body: (PointsServer, Int) async throws -> T) async throws -> T {
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.access = TestAgencies.access
    // As in `withServer`: a starved test process must not lose a connection before its preface.
    configuration.firstFrameTimeout = .seconds(3600)
    configure(&configuration)
    let store = try SchemeStore(base: try SchemeCatalog.builtIn().schemes, directory: schemeDirectory, today: { LocalDate(iso: "2025-06-01")! })
    let log: (any DecisionLog)? = try sharedLog ?? decisionLog.map { try SQLiteDecisionLog(path: $0) }
    var quiet = Logger(label: "pointsd-test")
    quiet.logLevel = .critical
    let server = PointsServer(configuration: configuration, store: store, log: log, decisionKey: TestAgencies.decisionKey,
                              security: security, logger: logger ?? quiet)
    let port = try await server.start()[0].port!
    do {
        let result = try await body(server, port)
        await server.shutdownGracefully(drain: .seconds(5))
        log?.close()
        return result
    } catch {
        await server.shutdownGracefully(drain: .seconds(5))
        log?.close()
        throw error
    }
}

