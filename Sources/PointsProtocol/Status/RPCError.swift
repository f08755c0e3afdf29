/// A failed call: a status code with gRPC's numbering and a message saying what to fix.
///
/// Maps one-to-one onto the wire `Status`.
public struct RPCError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The status code.
    public var code: Points_V1_Code
    /// What went wrong, for the caller.
    public var message: String

    /// Creates an error.
    public init(_ code: Points_V1_Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The error from a wire status, or nil when the status is OK.
    public init?(status: Points_V1_Status) {
        guard status.code != .ok else { return nil }
        self.init(status.code, status.message)
    }

    /// The wire status.
    public var status: Points_V1_Status {
        var status = Points_V1_Status()
        status.code = self.code
        status.message = self.message
        return status
    }

    public var description: String { "\(self.code.name): \(self.message)" }

    /// The error with its message cut to fit `bytes`, so a status always fits a frame.
    public func bounded(to bytes: Int) -> RPCError {
        guard self.message.utf8.count > bytes else { return self }
        let cut = String(decoding: self.message.utf8.prefix(max(0, bytes - 16)), as: UTF8.self)
        return RPCError(self.code, cut + " … (cut)")
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
