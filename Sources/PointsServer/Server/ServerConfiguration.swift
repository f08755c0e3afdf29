import NIOCore

/// Where pointsd listens and the limits it enforces on every connection.
public struct ServerConfiguration: Sendable {
    /// TCP host to bind (default loopback).
    public var host = "127.0.0.1"
    /// TCP port; 0 picks a free one (tests).
    public var port = 7400
    /// Also listen on this Unix domain socket path, when set.
    public var unixSocketPath: String?
    /// Largest frame accepted, in bytes (→ RESOURCE_EXHAUSTED, then close).
    public var maxFrameBytes = 4 * 1024 * 1024
    /// Calls running off the event loop at once per connection (→ RESOURCE_EXHAUSTED for more).
    public var maxCallsPerConnection = 128
    /// Connections open at once (→ UNAVAILABLE, then close).
    public var maxConnections = 1024
    /// Connections open at once from one peer address (→ UNAVAILABLE, then close).
    public var maxConnectionsPerPeer = 256
    /// Calls queued or running on the thread pool, server-wide (→ RESOURCE_EXHAUSTED).
    public var maxQueuedCalls = 256
    /// Calls failing authentication on one connection before it is closed.
    public var maxAuthenticationFailures = 3
    /// A connection with no complete frame and no call in flight for this long is closed.
    public var idleTimeout = TimeAmount.minutes(5)
    /// A connection that has not sent its preface within this is closed.
    public var firstFrameTimeout = TimeAmount.seconds(10)
    /// Event-loop threads; nil means one per core. Fewer leave cores to a co-located process.
    public var eventLoops: Int?
    /// Who may call what; without configured agencies, the local-development mode (every
    /// method, loopback only).
    public var access = AccessPolicy.localDevelopment
    /// A folder of scheme files served beside the built-in ones and re-read on reload.
    public var schemeDirectory: String?
    /// Where decisions are recorded (SQLite); nil records none.
    public var decisionLogPath: String?
    /// The key of the applicant-id hash in the decision log (from the config file).
    public var decisionKey: String?
    /// Decisions waiting for the log's next commit, server-wide (→ UNAVAILABLE for more).
    public var decisionLogQueue = 100_000
    /// How long an answer waits for its decisions to be committed (→ UNAVAILABLE).
    public var decisionLogTimeout = TimeAmount.seconds(10)
    /// TLS on the TCP listener; nil serves plaintext (loopback, or `allowPlaintext`).
    public var tls: TLSSettings?
    /// Lets agency mode serve plaintext on a non-loopback address, e.g. behind a balancer
    /// that terminates TLS on the same host.
    public var allowPlaintext = false
    /// A loopback HTTP port serving `/metrics` (Prometheus text); nil serves none.
    public var metricsPort: Int?

    /// Whether the host is a loopback address (the only kind the local-development mode binds).
    public var bindsLoopbackOnly: Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host)
    }

    /// The defaults of PROTOCOL.md.
    public init() {}
}
