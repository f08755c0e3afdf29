import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import NIOTLS
import PointsCore
import PointsServer

/// TLS for pointsd's TCP connections (swift-nio-ssl): the certificate and key of
/// `TLSSettings`, and with a client CA, mutual TLS (a client certificate is optional, but
/// one presented must verify; agencies may be known by theirs).
///
/// `reload()` builds a new context from the files; connections accepted after it use it.
public final class TLSConnectionSecurity: ConnectionSecurity {
    private let settings: TLSSettings
    private let context: NIOLockedValueBox<NIOSSLContext>

    /// Loads the files of `settings`.
    ///
    /// - Throws: `ConfigurationError` naming the file that cannot be used and why.
    public init(settings: TLSSettings) throws(ConfigurationError) {
        self.settings = settings
        self.context = NIOLockedValueBox(try Self.makeContext(settings))
    }

    public var summary: String {
        let version = "TLS \(settings.minimumVersion.rawValue) or later"
        guard let ca = settings.clientCA else { return "\(version), no client certificates" }
        return "\(version), client certificates verified against \(ca) when presented"
    }

    public func reload() throws {
        let fresh = try Self.makeContext(settings)
        self.context.withLockedValue { $0 = fresh }
    }

    public func addHandlers(to channel: any Channel, after handler: any ChannelHandler) throws {
        let context = self.context.withLockedValue { $0 }
        try channel.pipeline.syncOperations.addHandlers([NIOSSLServerHandler(context: context), PeerIdentityHandler()], position: .after(handler))
    }

    /// A context from the files, each checked with a message that names it.
    static func makeContext(_ settings: TLSSettings) throws(ConfigurationError) -> NIOSSLContext {
        guard let certificatePath = settings.certificate, let keyPath = settings.privateKey else {
            throw ConfigurationError(problems: settings.problems)
        }
        let chain = try read("certificate", certificatePath) { try NIOSSLCertificate.fromPEMFile($0) }
        guard let leaf = chain.first else { throw ConfigurationError(problems: ["tls: certificate \(certificatePath): no PEM certificate in the file"]) }
        if time_t(Date().timeIntervalSince1970) > leaf.notValidAfter {
            throw ConfigurationError(problems: ["tls: certificate \(certificatePath) expired on \(Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))); renew it"])
        }
        let key = try read("private_key", keyPath) { try NIOSSLPrivateKey(file: $0, format: .pem) }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = settings.minimumVersion == .v1_3 ? .tlsv13 : .tlsv12
        if let caPath = settings.clientCA {
            let roots = try read("client_ca", caPath) { try NIOSSLCertificate.fromPEMFile($0) }
            guard !roots.isEmpty else { throw ConfigurationError(problems: ["tls: client_ca \(caPath): no PEM certificate in the file"]) }
            configuration.trustRoots = .certificates(roots)
            configuration.certificateVerification = .optionalVerification
            configuration.sendCANameList = true
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw ConfigurationError(problems: ["tls: the certificate \(certificatePath) and private_key \(keyPath) cannot be used together (does the key belong to the certificate?): \(error)"])
        }
    }

    private static func read<T>(_ key: String, _ path: String, _ load: (String) throws -> T) throws(ConfigurationError) -> T {
        guard FileManager.default.isReadableFile(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "pointsd may not read it" : "no such file"
            throw ConfigurationError(problems: ["tls: \(key) \(path): \(reason)"])
        }
        do {
            return try load(path)
        } catch {
            throw ConfigurationError(problems: ["tls: \(key) \(path): not a PEM \(key == "private_key" ? "private key" : "certificate"): \(error)"])
        }
    }
}

/// After the handshake, tells the protocol handler which verified client certificate (if any)
/// is at the other end, then leaves the pipeline.
final class PeerIdentityHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case TLSUserEvent.handshakeCompleted = event else { return context.fireUserInboundEventTriggered(event) }
        context.fireUserInboundEventTriggered(event)
        if let tls = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
           let certificate = tls.peerCertificate, let der = try? certificate.toDERBytes() {
            let subject = Set(certificate.subjectName.compactMap { name in Self.attribute(name.type).map { "\($0)=\(name.value)" } })
            context.fireUserInboundEventTriggered(PeerIdentity(certificateSHA256: Digests.sha256Hex(der), subject: subject))
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    /// The short name of an attribute type, as a config's `subject` writes it.
    private static func attribute(_ type: SSLCertificateNameType) -> String? {
        switch type {
        case .commonName: return "CN"
        case .organization: return "O"
        case .organizationalUnit: return "OU"
        case .country: return "C"
        case .state: return "ST"
        case .city: return "L"
        case .emailAddress: return "EMAILADDRESS"
        case .userId: return "UID"
        default: return nil
        }
    }
}
