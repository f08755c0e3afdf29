/// A failed call: a status code with gRPC's numbering and a message saying what to fix.
///
/// Maps one-to-one onto the wire `Status`.
public struct RPCError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The status code.
    public var code: Points_V1_Code
    /// What went wrong, for the caller.
    public var message: String
    /// For an applicant's facts that cannot be used: each fact and what is wrong with it
    /// (the message says the same in lines).
    public var factIssues: [Points_V1_FactIssue]

    /// Creates an error.
    public init(_ code: Points_V1_Code, _ message: String, factIssues: [Points_V1_FactIssue] = []) {
        self.code = code
        self.message = message
        self.factIssues = factIssues
    }

    /// The error from a wire status, or nil when the status is OK.
    public init?(status: Points_V1_Status) {
        guard status.code != .ok else { return nil }
        self.init(status.code, status.message, factIssues: status.factIssues)
    }

    /// The wire status.
    public var status: Points_V1_Status {
        var status = Points_V1_Status()
        status.code = self.code
        status.message = self.message
        status.factIssues = self.factIssues
        return status
    }

    public var description: String { "\(self.code.name): \(self.message)" }

    /// The error cut to fit `bytes`, so a status always fits a frame: the fact issues go
    /// first (the message words them too), then the message is cut.
    public func bounded(to bytes: Int) -> RPCError {
        guard self.message.utf8.count + self.factIssueBytes > bytes else { return self }
        guard self.message.utf8.count > bytes else { return RPCError(self.code, self.message) }
        let cut = String(decoding: self.message.utf8.prefix(max(0, bytes - 16)), as: UTF8.self)
        return RPCError(self.code, cut + " … (cut)")
    }

    /// At most what the fact issues take on the wire (an upper estimate).
    private var factIssueBytes: Int {
        self.factIssues.reduce(0) { $0 + $1.fact.utf8.count + $1.message.utf8.count + 16 }
    }
}

extension Points_V1_Code {
    /// The gRPC name, e.g. `INVALID_ARGUMENT`.
    public var name: String {
        switch self {
        case .ok: return "OK"
        case .cancelled: return "CANCELLED"
        case .unknown: return "UNKNOWN"
        case .invalidArgument: return "INVALID_ARGUMENT"
        case .deadlineExceeded: return "DEADLINE_EXCEEDED"
        case .notFound: return "NOT_FOUND"
        case .alreadyExists: return "ALREADY_EXISTS"
        case .permissionDenied: return "PERMISSION_DENIED"
        case .resourceExhausted: return "RESOURCE_EXHAUSTED"
        case .failedPrecondition: return "FAILED_PRECONDITION"
        case .aborted: return "ABORTED"
        case .outOfRange: return "OUT_OF_RANGE"
        case .unimplemented: return "UNIMPLEMENTED"
        case .`internal`: return "INTERNAL"
        case .unavailable: return "UNAVAILABLE"
        case .dataLoss: return "DATA_LOSS"
        case .unauthenticated: return "UNAUTHENTICATED"
        }
    }
}
