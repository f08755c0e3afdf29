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

/// A configured agency: its name (safe to log), the SHA-256 of its bearer token, its roles.
public struct Agency: Sendable, Equatable {
    /// The agency's name, as logged and recorded with its decisions.
    public let name: String
    /// SHA-256 of the token, lowercase hex: the token itself is never stored.
    public let tokenSHA256: String
    /// What it may do.
    public let roles: Set<Role>

    /// Creates an agency.
    public init(name: String, tokenSHA256: String, roles: Set<Role>) {
        self.name = name
        self.tokenSHA256 = tokenSHA256
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

    /// The configured agencies by token hash; nil is the local-development mode, where every
    /// caller may call every method (and the server binds loopback only).
    private let agencies: [String: Agency]?

    /// A policy over configured agencies.
    public init(agencies: [Agency]) {
        self.agencies = Dictionary(agencies.map { ($0.tokenSHA256, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The local-development policy: no tokens, every method.
    public static let localDevelopment = AccessPolicy()

    private init() {
        self.agencies = nil
    }

    /// Whether this is the local-development mode.
    public var isLocalDevelopment: Bool { agencies == nil }

    /// The caller of `method` with this call metadata, or the status to answer: an absent or
    /// unknown token is `UNAUTHENTICATED` whatever the method; a known token whose roles do
    /// not grant the method is `PERMISSION_DENIED`. Messages never repeat the token.
    public func authorize(method: String, metadata: [String: String]) -> Result<Caller, RPCError> {
        guard let agencies else { return .success(Caller(agency: "local-development")) }
        guard let header = metadata["authorization"], header.hasPrefix("Bearer "), header.count > 7 else {
            return .failure(RPCError(.unauthenticated, "no bearer token; send metadata authorization: Bearer <token>"))
        }
        let hash = Digests.sha256Hex(Array(header.dropFirst(7).utf8))
        guard let agency = agencies[hash] else {
            return .failure(RPCError(.unauthenticated, "the bearer token is not known to this server"))
        }
        guard let granted = PointsMethod(rawValue: method)?.roles else { return .failure(PointsMethod.unknown(method)) }
        guard !granted.isDisjoint(with: agency.roles) else {
            let needed = granted.map(\.rawValue).sorted().joined(separator: " or ")
            return .failure(RPCError(.permissionDenied, "agency \(agency.name) may not call \(method); it needs the role \(needed)"))
        }
        return .success(Caller(agency: agency.name))
    }
}
