import PointsCore

extension RPCError {
    /// `INVALID_ARGUMENT` for facts that cannot be used: one `fact: message` line per issue,
    /// and the same issues, with their kinds, in `factIssues`.
    public init(facts error: FactsError) {
        self.init(.invalidArgument, error.issues.map(\.description).joined(separator: "\n"),
                  factIssues: error.issues.map(Points_V1_FactIssue.init))
    }
}

extension Points_V1_FactIssue {
    /// The wire form of an issue (its line, which only a document has, stays behind).
    public init(_ issue: FactIssue) {
        self.init()
        self.fact = issue.fact
        self.message = issue.message
        self.kind = issue.kind == .missing ? .factIssueMissing : .factIssueInvalid
    }
}

extension FactIssue {
    /// An issue from the wire, placed at `line` of the caller's document (0: not placed).
    public init(_ issue: Points_V1_FactIssue, line: Int) {
        self.init(fact: issue.fact, line: line, message: issue.message, kind: issue.kind == .factIssueMissing ? .missing : .invalid)
    }
}
