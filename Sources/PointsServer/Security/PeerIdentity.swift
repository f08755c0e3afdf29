import Foundation

/// Who the TLS layer says is at the other end: the client certificate verified against the
/// configured client CA. Sent up the pipeline as a user event once the handshake completes.
public struct PeerIdentity: Sendable, Equatable {
    /// SHA-256 of the certificate's DER bytes, lowercase hex (`openssl x509 -outform DER | sha256sum`).
    public let certificateSHA256: String
    /// The subject's attributes as `TYPE=value` (`CN=hr-bureau`, `O=Human Resources Bureau`).
    public let subject: Set<String>

    /// An identity from a verified certificate.
    public init(certificateSHA256: String, subject: Set<String>) {
        self.certificateSHA256 = certificateSHA256
        self.subject = subject
    }
}

/// How a configured agency's client certificate is recognised.
public enum CertificateMatch: Sendable, Equatable {
    /// Exactly this certificate (SHA-256 of its DER bytes, lowercase hex): a renewed
    /// certificate needs the config changed.
    case sha256(String)
    /// Any certificate from the client CA whose subject has all these `TYPE=value` attributes
    /// (a renewed certificate with the same subject keeps working).
    case subject(Set<String>)

    /// Whether `peer` is this agency's certificate.
    func matches(_ peer: PeerIdentity) -> Bool {
        switch self {
        case .sha256(let hash): return peer.certificateSHA256 == hash
        case .subject(let attributes): return attributes.isSubset(of: peer.subject)
        }
    }

    /// A subject written `CN=hr-bureau, O=Human Resources Bureau` (any order; commas inside a
    /// value escaped as `\,`), as its attribute set; nil when it is not `TYPE=value` pairs.
    public static func subject(parsing text: String) -> CertificateMatch? {
        var attributes: Set<String> = [], current = "", escaped = false
        func finish() -> Bool {
            let pair = current.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            current = ""
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else { return false }
            attributes.insert("\(pair[0].uppercased())=\(pair[1])")
            return true
        }
        for character in text {
            if escaped { current.append(character); escaped = false }
            else if character == "\\" { escaped = true }
            else if character == "," { guard finish() else { return nil } }
            else { current.append(character) }
        }
        guard finish() else { return nil }
        return .subject(attributes)
    }
}
