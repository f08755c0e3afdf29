import PointsCore
import PointsProtocol

/// What one request may ask for: checked before any work, each refusal naming the bound.
///
/// The frame limit bounds bytes; these bound work and what gets stored (a school id becomes a
/// decision-log column, so it may hold no control characters).
public enum RequestBounds {
    /// Requests in one `ScoreBatch`.
    public static let batchRequests = 10_000
    /// Schools in one `AllocateSeats`.
    public static let schools = 10_000
    /// Seats of one school (as in a seat-plan CSV).
    public static let seatsPerSchool = 1_000_000
    /// Applicants in one `AllocateSeats`.
    public static let applicants = 200_000
    /// Preferences of one applicant.
    public static let preferences = 64
    /// Bytes of an id (school, applicant, scheme, service, version) or an applicant reference.
    public static let identifierBytes = 128

    /// Checks an id or reference: at most `identifierBytes` bytes, no control characters.
    ///
    /// - Throws: `INVALID_ARGUMENT` naming the field.
    static func check(identifier text: String, field: String) throws(RPCError) {
        guard text.utf8.count <= identifierBytes else {
            throw RPCError(.invalidArgument, "\(field): \(text.utf8.count) bytes is longer than the \(identifierBytes) bytes allowed")
        }
        guard !text.containsControlCharacters else {
            throw RPCError(.invalidArgument, "\(field): control characters (line breaks, tabs, NUL) are not allowed in an id")
        }
    }

    /// Checks a count against its bound.
    ///
    /// - Throws: `RESOURCE_EXHAUSTED` naming the bound and how to stay within it.
    static func check(count: Int, of what: String, atMost bound: Int) throws(RPCError) {
        guard count <= bound else {
            throw RPCError(.resourceExhausted, "\(count) \(what) is more than the \(bound) one call may hold; split the call")
        }
    }
}
