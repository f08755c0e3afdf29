import Foundation
import NIOSSL
import PostgresNIO
import PointsServer

/// Where a PostgreSQL decision log is: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE`,
/// with `?sslmode=disable|require|verify-full` (and `sslrootcert=FILE` for verify-full) or
/// `?host=/run/postgresql` for a Unix socket folder. The password may come from `PGPASSWORD`.
public struct PostgresLocation: Sendable, Equatable {
    /// The user.
    public let user: String
    /// The password, if any.
    let password: String?
    /// The host, or nil for a Unix socket.
    public let host: String?
    /// The port (also names the Unix socket file).
    public let port: Int
    /// The socket folder, when connecting through a Unix socket.
    public let socketFolder: String?
    /// The database.
    public let database: String
    /// `disable`, `require` (encrypted, any certificate) or `verify-full`.
    public let sslMode: String
    /// The CA file for `verify-full`; nil trusts the system's store.
    public let rootCertificate: String?

    /// Whether a decision-log setting names PostgreSQL rather than a SQLite file.
    public static func isPostgres(_ setting: String) -> Bool {
        setting.hasPrefix("postgresql://") || setting.hasPrefix("postgres://")
    }

    /// Parses a connection URL.
    ///
    /// - Throws: `ConfigurationError` saying what is wrong (never repeating the password).
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) {
        func fail(_ problem: String) -> ConfigurationError {
            ConfigurationError(problems: ["decision_log: \(problem); expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require|verify-full]"])
        }
        guard let url = URLComponents(string: text), let scheme = url.scheme, ["postgresql", "postgres"].contains(scheme) else { throw fail("not a PostgreSQL URL") }
        let query = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        for name in query.keys where !["sslmode", "sslrootcert", "host"].contains(name) { throw fail("unknown parameter '\(name)'") }
        guard let user = url.user, !user.isEmpty else { throw fail("no user") }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw fail("no database") }
        self.user = user.removingPercentEncoding ?? user
        self.password = url.password?.removingPercentEncoding ?? environment["PGPASSWORD"]
        self.port = url.port ?? 5432
        self.database = database
        if let folder = query["host"], folder.hasPrefix("/") {
            self.socketFolder = folder
            self.host = nil
        } else {
            guard let host = url.host, !host.isEmpty else { throw fail("no host") }
            self.host = host
            self.socketFolder = nil
        }
        self.sslMode = query["sslmode"] ?? "disable"
        guard ["disable", "require", "verify-full"].contains(self.sslMode) else { throw fail("sslmode must be disable, require or verify-full") }
        self.rootCertificate = query["sslrootcert"]
    }

    /// The URL without its password, for logs and messages.
    public var redacted: String {
        let place = host.map { "\($0):\(port)" } ?? "\(socketFolder ?? "")/.s.PGSQL.\(port)"
        return "postgresql://\(user)@\(place)/\(database)"
    }

    /// The client configuration: a few connections (one writes, reads share the rest).
    var clientConfiguration: PostgresClient.Configuration {
        get throws {
            var configuration: PostgresClient.Configuration
            if let socketFolder {
                configuration = .init(unixSocketPath: socketPath(socketFolder), username: user, password: password, database: database)
            } else {
                configuration = .init(host: host ?? "", port: port, username: user, password: password, database: database,
                                      tls: try tls.map { .require($0) } ?? .disable)
            }
            configuration.options.maximumConnections = 4
            configuration.options.connectTimeout = .seconds(5)
            return configuration
        }
    }

    /// One connection's configuration: the first, which migrates the schema and says at once
    /// why the database cannot be used (the pool retries for a minute before it gives up).
    var connectionConfiguration: PostgresConnection.Configuration {
        get throws {
            if let socketFolder {
                return .init(unixSocketPath: socketPath(socketFolder), username: user, password: password, database: database)
            }
            var configuration = PostgresConnection.Configuration(host: host ?? "", port: port, username: user, password: password, database: database,
                                                                 tls: try tls.map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable)
            configuration.options.connectTimeout = .seconds(5)
            return configuration
        }
    }

    private func socketPath(_ folder: String) -> String { "\(folder)/.s.PGSQL.\(port)" }

    /// TLS to the database, or nil for `sslmode=disable`.
    private var tls: TLSConfiguration? {
        get throws {
            guard sslMode != "disable" else { return nil }
            var tls = TLSConfiguration.makeClientConfiguration()
            if sslMode == "require" {
                tls.certificateVerification = .none
            } else if let rootCertificate {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(rootCertificate))
            }
            return tls
        }
    }
}
