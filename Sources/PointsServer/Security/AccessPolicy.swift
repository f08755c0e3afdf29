import PointsCore
import PointsProtocol

/// What an agency may do. Every method is denied unless one of the caller's roles grants it.
public enum Role: String, Sendable, CaseIterable {
    /// Agencies that score applicants (public security, human resources, housing).
    case scorer
    /// The education bureau: enrolment tiers only.
    case education
    /// Scheme operators: reloads and seat allocation.
    case `operator`
    /// Auditors: the decision log.
    case auditor
}

/// A configured agency: its name (safe to log), how it proves who it is (a bearer token, a
/// client certificate, or both), its roles.
public struct Agency: Sendable, Equatable {
    /// The agency's name, as logged and recorded with its decisions.
    public let name: String
    /// SHA-256 of its bearer token, lowercase hex (the token itself is never stored), or nil
    /// for an agency known by its certificate alone.
    public let tokenSHA256: String?
    /// Its client certificate, or nil for an agency known by its token alone. With both, a
    /// call needs the token on a connection made with the certificate.
    public let certificate: CertificateMatch?
    /// What it may do.
    public let roles: Set<Role>

    /// An agency known by a bearer token and, optionally, a client certificate.
    public init(name: String, tokenSHA256: String?, certificate: CertificateMatch? = nil, roles: Set<Role>) {
        self.name = name
        self.tokenSHA256 = tokenSHA256
        self.certificate = certificate
        self.roles = roles
    }
}

/// Who made a call, once authenticated.
public struct Caller: Sendable, Equatable {
    /// The agency's name (`local-development` without a configuration).
    public let agency: String

    /// A caller from its agency's name.
    public init(agency: String) {
        self.agency = agency
    }
}

/// Decides, per call, who the caller is and whether their roles grant the method.
public struct AccessPolicy: Sendable {
    /// The roles that grant each method, by wire name (from `PointsMethod`).
    public static let grants: [String: Set<Role>] = Dictionary(uniqueKeysWithValues: PointsMethod.allCases.map { ($0.rawValue, $0.roles) })

    /// The configured agencies by token hash and those known by a certificate; nil is the
    /// local-development mode, where every caller may call every method (and the server binds
    /// loopback only).
    private let agencies: (byToken: [String: Agency], byCertificate: [Agency])?

    /// A policy over configured agencies.
    public init(agencies: [Agency]) {
        let tokens = agencies.compactMap { agency in agency.tokenSHA256.map { ($0, agency) } }
        self.agencies = (Dictionary(tokens, uniquingKeysWith: { first, _ in first }), agencies.filter { $0.certificate != nil })
    }

    /// The local-development policy: no tokens, every method.
    public static let localDevelopment = AccessPolicy()

    private init() {
        self.agencies = nil
    }

    /// Whether some agency is known by a client certificate (which needs TLS with a client CA).
    public var identifiesByCertificate: Bool { !(agencies?.byCertificate.isEmpty ?? true) }

    /// Whether this is the local-development mode.
    public var isLocalDevelopment: Bool { agencies == nil }

    /// The caller of `method` with this call metadata on a connection whose TLS handshake
    /// verified `peer` (nil: no client certificate), or the status to answer.
    ///
    /// A bearer token, when sent, names the agency (and must come with that agency's
    /// certificate if it has one); without a token, the certificate does (an agency that also
    /// has a token needs it). Who is not known is `UNAUTHENTICATED` whatever the method; a known
    /// agency whose roles do not grant the method is `PERMISSION_DENIED`. Messages never repeat
    /// the token.
    public func authorize(method: String, metadata: [String: String], peer: PeerIdentity? = nil) -> Result<Caller, RPCError> {
        guard let agencies else { return .success(Caller(agency: "local-development")) }
        let agency: Agency
        if let header = metadata["authorization"] {
            guard header.hasPrefix("Bearer "), header.count > 7 else {
                return .failure(RPCError(.unauthenticated, "the authorization metadata must be 'Bearer <token>'"))
            }
            guard let known = agencies.byToken[Digests.sha256Hex(Array(header.dropFirst(7).utf8))] else {
                return .failure(RPCError(.unauthenticated, "the bearer token is not known to this server"))
            }
            if let certificate = known.certificate, !(peer.map(certificate.matches) ?? false) {
                return .failure(RPCError(.unauthenticated, "agency \(known.name) must also connect with its client certificate"))
            }
            agency = known
        } else if let peer {
            guard let known = agencies.byCertificate.first(where: { $0.certificate!.matches(peer) }) else {
                return .failure(RPCError(.unauthenticated, "the client certificate (sha256 \(peer.certificateSHA256)) belongs to no configured agency, and no bearer token was sent"))
            }
            guard known.tokenSHA256 == nil else {
                return .failure(RPCError(.unauthenticated, "agency \(known.name) must also send its bearer token (metadata authorization: Bearer <token>)"))
            }
            agency = known
        } else {
            return .failure(RPCError(.unauthenticated, "no bearer token and no client certificate; send metadata authorization: Bearer <token>, or connect with the agency's certificate"))
        }
        guard let granted = PointsMethod(rawValue: method)?.roles else { return .failure(PointsMethod.unknown(method)) }
        guard !granted.isDisjoint(with: agency.roles) else {
            let needed = granted.map(\.rawValue).sorted().joined(separator: " or ")
            return .failure(RPCError(.permissionDenied, "agency \(agency.name) may not call \(method); it needs the role \(needed)"))
        }
        return .success(Caller(agency: agency.name))
    }
}
