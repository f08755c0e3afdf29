import NIOCore
import NIOSSL
import NIOTLS
import PointsProtocol

/// TLS for a client connection: the CA that must have signed the server's certificate, and
/// for mutual TLS the agency's certificate and key (PEM files).
public struct ClientTLS: Sendable, Equatable {
    /// The CA (PEM) trusted for the server's certificate; nil trusts the system's store.
    public var caFile: String?
    /// The agency's client certificate (PEM), for servers that identify agencies by it.
    public var certificateFile: String?
    /// Its private key (PEM).
    public var keyFile: String?
    /// The name the server's certificate must carry; nil: the host connected to.
    public var serverName: String?

    /// TLS with these files.
    public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil, serverName: String? = nil) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.serverName = serverName
    }

    /// The context every connection's handler is made from.
    ///
    /// - Throws: `RPCError` (`INVALID_ARGUMENT`) naming a file that cannot be used.
    func context() throws(RPCError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile { configuration.trustRoots = .certificates(try Self.load("--tls-ca", caFile) { try NIOSSLCertificate.fromPEMFile($0) }) }
        switch (certificateFile, keyFile) {
        case let (certificate?, key?):
            configuration.certificateChain = try Self.load("--tls-cert", certificate) { try NIOSSLCertificate.fromPEMFile($0) }.map { .certificate($0) }
            configuration.privateKey = .privateKey(try Self.load("--tls-key", key) { try NIOSSLPrivateKey(file: $0, format: .pem) })
        case (nil, nil): break
        default: throw RPCError(.invalidArgument, "a client certificate needs both --tls-cert and --tls-key")
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw RPCError(.invalidArgument, "the TLS files cannot be used together (does --tls-key belong to --tls-cert?): \(error)")
        }
    }

    /// The handler that encrypts a connection to `host` and checks the server's certificate
    /// names it: an address is checked against its IP addresses, a name also sent (SNI).
    func handler(_ context: NIOSSLContext, host: String) throws -> NIOSSLClientHandler {
        let name = serverName ?? host
        return try NIOSSLClientHandler(context: context, serverHostname: name.isIPAddress ? nil : name)
    }

    private static func load<T>(_ flag: String, _ path: String, _ read: (String) throws -> T) throws(RPCError) -> T {
        do {
            return try read(path)
        } catch {
            throw RPCError(.invalidArgument, "\(flag) \(path): cannot read a PEM file there (\(error))")
        }
    }

    /// A TLS failure in words: what the alert or the check means, and what to do about it.
    public static func describe(_ error: any Error) -> String {
        let raw = "\(error)"
        let reasons: [(String, String)] = [
            ("CERTIFICATE_VERIFY_FAILED", "the server's certificate could not be verified: it is not signed by the CA given (--tls-ca), has expired, or is not for this host"),
            ("CERTIFICATE_EXPIRED", "the server refused our client certificate: it has expired"),
            ("UNKNOWN_CA", "the server refused our client certificate: it is not signed by the CA the server trusts"),
            ("BAD_CERTIFICATE", "the server refused our client certificate"),
            ("CERTIFICATE_REQUIRED", "the server requires a client certificate (--tls-cert, --tls-key)"),
            ("WRONG_VERSION_NUMBER", "the server does not speak TLS here; connect without --tls-ca"),
            ("PROTOCOL_VERSION", "the server and this client share no TLS version"),
            ("uncleanShutdown", "the server closed the connection during the TLS handshake"),
        ]
        return reasons.first { raw.contains($0.0) }?.1 ?? "TLS failed: \(raw)"
    }
}

extension String {
    /// Whether this is an IPv4 or IPv6 address rather than a name.
    var isIPAddress: Bool {
        (try? SocketAddress(ipAddress: self, port: 0)) != nil
    }
}

/// Completes when the TLS handshake does, or fails with why it did not.
final class HandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    let done: EventLoopPromise<Void>

    init(done: EventLoopPromise<Void>) {
        self.done = done
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            self.done.succeed(())
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.done.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.done.fail(RPCError(.unavailable, "the server closed the connection during the TLS handshake"))
        context.fireChannelInactive()
    }
}
