import NIOCore

/// Every pointsd setting in one table: its config-file key (the flag is the key with dashes),
/// what it does, its range, and how it is read. The config file, the flags and `--help` all
/// read this table; the defaults are `ServerConfiguration()`'s.
public enum ServerSettings {
    /// One setting.
    public struct Setting: Sendable {
        /// The config-file key, e.g. `max_frame_bytes`.
        public let key: String
        /// What it does, for `--help` and the README.
        public let summary: String
        /// Whether it may also be given as a flag (secrets and lists are file-only).
        public let isFlag: Bool
        fileprivate let current: @Sendable (ServerConfiguration) -> String?
        fileprivate let read: @Sendable (inout ServerConfiguration, String) -> String?

        /// The flag, e.g. `--max-frame-bytes`.
        public var flag: String { "--" + key.replacingOccurrences(of: "_", with: "-") }

        /// The help text with the default.
        public var help: String {
            guard let value = current(ServerConfiguration()) else { return summary }
            return "\(summary) (default \(value))"
        }

        /// Sets the value from its text.
        ///
        /// - Returns: What is wrong with the value, or nil when it was set.
        public func apply(_ text: String, to configuration: inout ServerConfiguration) -> String? {
            read(&configuration, text)
        }
    }

    /// The settings, in the order `--help` lists them.
    public static let all: [Setting] = [
        text("host", "TCP host to bind", \.host),
        whole("port", "TCP port; 0 picks a free one", 0...65_535, \.port),
        optionalText("unix_socket", "Also listen on this Unix domain socket", \.unixSocketPath),
        whole("max_frame_bytes", "Largest frame accepted either way, bytes", 64...1_073_741_824, \.maxFrameBytes),
        whole("max_calls_per_connection", "Calls waiting for an answer per connection (thread pool or decision log)", 1...1_000_000, \.maxCallsPerConnection),
        whole("max_connections", "Connections at once", 1...1_000_000, \.maxConnections),
        whole("max_connections_per_peer", "Connections at once from one peer address", 1...1_000_000, \.maxConnectionsPerPeer),
        whole("max_queued_calls", "Calls queued or running on the thread pool, server-wide", 1...1_000_000, \.maxQueuedCalls),
        whole("max_authentication_failures", "Failed authentications before a connection is closed", 1...1_000, \.maxAuthenticationFailures),
        seconds("idle_timeout_seconds", "Close a connection with no complete frame and no call for this many seconds", 1...86_400, \.idleTimeout),
        seconds("first_frame_timeout_seconds", "Close a connection without a complete preface after this many seconds", 1...3_600, \.firstFrameTimeout),
        optionalWhole("event_loops", "Event-loop threads (default: one per core)", 1...1_024, \.eventLoops),
        optionalText("scheme_dir", "A folder of scheme files served beside the built-in ones, re-read on SIGHUP and ReloadSchemes", \.schemeDirectory),
        optionalText("decision_log", "Record every decision in this SQLite file (WAL), or in PostgreSQL (postgresql://user@host:port/database), shared by several servers; an answer is sent only once recorded", \.decisionLogPath),
        Setting(key: "decision_key", summary: "The secret (16+ characters) keying applicant references in the decision log", isFlag: false,
                current: { _ in nil }, read: { $0.decisionKey = $1; return nil }),
        whole("decision_log_queue", "Decisions waiting for the log's next commit, server-wide", 1...10_000_000, \.decisionLogQueue),
        seconds("decision_log_timeout_seconds", "How long an answer waits for its decisions to be committed", 1...3_600, \.decisionLogTimeout),
        tlsPath("tls_certificate", "TLS: the server's certificate chain (PEM); with tls_private_key, serve TLS only", \.certificate),
        tlsPath("tls_private_key", "TLS: the certificate's private key (PEM)", \.privateKey),
        tlsPath("tls_client_ca", "TLS: the CA (PEM) signing agencies' client certificates (mutual TLS)", \.clientCA),
        Setting(key: "tls_min_version", summary: "TLS: the oldest version accepted, 1.2 or 1.3", isFlag: true,
                current: { $0.tls?.minimumVersion.rawValue }) { configuration, text in
            guard let version = TLSSettings.MinimumVersion(rawValue: text) else { return "expected 1.2 or 1.3, got '\(text.prefix(16))'" }
            configuration.tls = configuration.tls ?? TLSSettings()
            configuration.tls?.minimumVersion = version
            return nil
        },
        Setting(key: "allow_plaintext", summary: "Serve agencies without TLS on a non-loopback address (behind a TLS-terminating balancer)", isFlag: true,
                current: { String($0.allowPlaintext) }) { configuration, text in
            guard let value = Bool(text) else { return "expected true or false, got '\(text.prefix(16))'" }
            configuration.allowPlaintext = value
            return nil
        },
        optionalWhole("metrics_port", "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics", 0...65_535, \.metricsPort),
    ]

    /// The setting with this config-file key.
    public static func setting(_ key: String) -> Setting? {
        all.first { $0.key == key }
    }

    // Key paths into a Sendable struct, read once while building the table.
    private static func whole(_ key: String, _ summary: String, _ range: ClosedRange<Int>,
                              _ path: WritableKeyPath<ServerConfiguration, Int> & Sendable) -> Setting {
        Setting(key: key, summary: summary, isFlag: true, current: { String($0[keyPath: path]) }) { configuration, text in
            guard let n = Int(text), range.contains(n) else { return expected(range, text) }
            configuration[keyPath: path] = n
            return nil
        }
    }

    private static func optionalWhole(_ key: String, _ summary: String, _ range: ClosedRange<Int>,
                                      _ path: WritableKeyPath<ServerConfiguration, Int?> & Sendable) -> Setting {
        Setting(key: key, summary: summary, isFlag: true, current: { $0[keyPath: path].map(String.init) }) { configuration, text in
            guard let n = Int(text), range.contains(n) else { return expected(range, text) }
            configuration[keyPath: path] = n
            return nil
        }
    }

    private static func seconds(_ key: String, _ summary: String, _ range: ClosedRange<Int>,
                                _ path: WritableKeyPath<ServerConfiguration, TimeAmount> & Sendable) -> Setting {
        Setting(key: key, summary: summary, isFlag: true, current: { String($0[keyPath: path].nanoseconds / 1_000_000_000) }) { configuration, text in
            guard let n = Int(text), range.contains(n) else { return expected(range, text) }
            configuration[keyPath: path] = .seconds(Int64(n))
            return nil
        }
    }

    private static func text(_ key: String, _ summary: String, _ path: WritableKeyPath<ServerConfiguration, String> & Sendable) -> Setting {
        Setting(key: key, summary: summary, isFlag: true, current: { $0[keyPath: path] }) { configuration, text in
            configuration[keyPath: path] = text
            return nil
        }
    }

    private static func optionalText(_ key: String, _ summary: String, _ path: WritableKeyPath<ServerConfiguration, String?> & Sendable) -> Setting {
        Setting(key: key, summary: summary, isFlag: true, current: { $0[keyPath: path] }) { configuration, text in
            configuration[keyPath: path] = text
            return nil
        }
    }

    private static func tlsPath(_ key: String, _ summary: String, _ path: WritableKeyPath<TLSSettings, String?> & Sendable) -> Setting {
        Setting(key: key, summary: summary, isFlag: true, current: { $0.tls?[keyPath: path] }) { configuration, text in
            configuration.tls = configuration.tls ?? TLSSettings()
            configuration.tls?[keyPath: path] = text
            return nil
        }
    }

    private static func expected(_ range: ClosedRange<Int>, _ text: String) -> String {
        "expected a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text.prefix(64))'"
    }
}
