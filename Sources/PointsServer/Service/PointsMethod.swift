import PointsProtocol

/// Every method pointsd answers, in one table: its wire name, the roles that may call it and
/// which service answers it. Authorization, routing, logs, metrics and the "unknown method"
/// answer all read it.
public enum PointsMethod: String, CaseIterable, Sendable {
    case score = "Score"
    case scoreBatch = "ScoreBatch"
    case listSchemes = "ListSchemes"
    case getScheme = "GetScheme"
    case health = "Health"
    case enrolmentTier = "EnrolmentTier"
    case allocateSeats = "AllocateSeats"
    case reloadSchemes = "ReloadSchemes"
    case getDecision = "GetDecision"
    case listDecisions = "ListDecisions"

    /// The roles that grant it.
    public var roles: Set<Role> {
        switch self {
        case .score, .scoreBatch: return [.scorer]
        case .listSchemes, .getScheme, .health: return [.scorer, .operator, .auditor]
        case .enrolmentTier: return [.education]
        case .allocateSeats, .reloadSchemes: return [.operator]
        case .getDecision, .listDecisions: return [.auditor]
        }
    }

    /// Whether the operators' and auditors' service answers it (file and database work,
    /// always on the thread pool); the others are `PointsService`'s, over a scheme snapshot.
    public var isAdministrative: Bool {
        switch self {
        case .reloadSchemes, .getDecision, .listDecisions: return true
        default: return false
        }
    }

    /// The answer to a name that is no method.
    static func unknown(_ name: String) -> RPCError {
        RPCError(.unimplemented, "unknown method '\(name.shownName)'; methods are \(allCases.map(\.rawValue).joined(separator: ", "))")
    }

    /// The method's name for logs and metrics: an unknown name is the caller's text, so it is
    /// reported as `unknown` rather than repeated.
    static func label(of name: String) -> String {
        PointsMethod(rawValue: name)?.rawValue ?? "unknown"
    }
}
