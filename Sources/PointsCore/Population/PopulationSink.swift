/// What a command keeps of each applicant of a population, filled by one worker for a run of
/// rows and then appended, in file order, to the sink of the whole file.
public protocol PopulationSink: Sendable {
    /// What every sink of one run shares (an allocation's seat plan); `Void` for nothing.
    associatedtype Context: Sendable
    /// Columns (keys of JSON lines) that are the sink's and not facts: each applicant's are
    /// handed to `take` as written, in this order.
    static var ownColumns: [String] { get }
    /// An empty sink.
    init(_ context: Context)
    /// Makes room for `applicants` more, about to be taken.
    mutating func reserve(_ applicants: Int)
    /// Whether the applicant with this id is wanted at all: one that is not is neither read
    /// nor scored (by default every applicant is).
    func wants(_ id: String) -> Bool
    /// One applicant: scored into `result` from `row`, or refused with `error` (invalid or
    /// missing facts; `result` is then not this applicant's).
    mutating func take(_ applicant: PopulationApplicant, scheme: Scheme, row: FactRow, result: ScoreResult, error: FactsError?)
    /// Appends a later run of rows.
    mutating func append(_ later: Self)
}

/// Who a sink is given: the id, where the applicant was, and the sink's own columns.
public struct PopulationApplicant: Sendable {
    /// The applicant id.
    public let id: String
    /// The 1-based line of the file (the position, for applicants not read from a file).
    public let line: Int
    /// The values of the sink's `ownColumns`, in their order; nil where empty or absent.
    public let own: [DocumentNode?]
}

extension PopulationSink {
    /// Every applicant.
    public func wants(_ id: String) -> Bool { true }
}
