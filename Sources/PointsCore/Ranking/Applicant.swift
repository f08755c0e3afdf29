/// One applicant in a ranking file: an id, where it came from, and its facts document.
public struct Applicant: Sendable {
    /// The applicant id column or key, `applicant_id`.
    public static let idKey = "applicant_id"

    /// The applicant's id (never a personal identifier in logs: this is the caller's key).
    public let id: String
    /// The 1-based line in the file.
    public let line: Int
    /// The facts, keyed by fact name.
    public let document: DocumentNode

    /// Creates an applicant.
    public init(id: String, line: Int, document: DocumentNode) {
        self.id = id
        self.line = line
        self.document = document
    }
}
