/// TLS on pointsd's TCP listener: PEM files, re-read on SIGHUP.
///
/// With `clientCA`, mutual TLS: a client certificate, when presented, must be signed by that
/// CA, and agencies may be identified by theirs (`certificate_sha256` or `subject`).
public struct TLSSettings: Sendable, Equatable {
    /// The oldest protocol version accepted.
    public enum MinimumVersion: String, Sendable, CaseIterable {
        /// TLS 1.2 (the default).
        case v1_2 = "1.2"
        /// TLS 1.3 only.
        case v1_3 = "1.3"
    }

    /// The server's certificate chain (PEM, leaf first).
    public var certificate: String?
    /// Its private key (PEM).
    public var privateKey: String?
    /// The CA (PEM) that signs agencies' client certificates; nil asks for none.
    public var clientCA: String?
    /// The oldest TLS version accepted.
    public var minimumVersion = MinimumVersion.v1_2

    /// Settings with nothing named yet (the file's `tls:` and the flags fill them in).
    public init() {}

    /// What is missing for TLS to start, as `problem` lines.
    public var problems: [String] {
        var problems: [String] = []
        if certificate == nil { problems.append("tls: certificate is missing (the server's PEM certificate chain)") }
        if privateKey == nil { problems.append("tls: private_key is missing (the PEM key of the certificate)") }
        return problems
    }
}
