import NIOCore

/// Secures the TCP connections a server accepts. `PointsTLS.TLSConnectionSecurity` is the
/// implementation (TLS with swift-nio-ssl); the server itself depends on no TLS library.
public protocol ConnectionSecurity: Sendable {
    /// Adds the handlers that decrypt `channel`, right after `handler`; once the handshake
    /// has verified a client certificate they fire a `PeerIdentity` up the pipeline.
    func addHandlers(to channel: any Channel, after handler: any ChannelHandler) throws

    /// Re-reads the certificate, key and client CA: new connections use them, open ones keep
    /// theirs. Throws (and keeps the old ones) when they are unusable.
    func reload() throws

    /// One line for the start-up log, e.g. `TLS 1.2 or later, client certificates verified`.
    var summary: String { get }
}
