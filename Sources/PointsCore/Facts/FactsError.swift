/// One thing wrong with a facts document: the fact (with its path), where, and what to fix.
public struct FactIssue: Sendable, Hashable, CustomStringConvertible {
    /// The fact's path, e.g. `birth_date` or `invention_patents[1].inventors`.
    public let fact: String
    /// The 1-based line in the document, or 0 when not from a file.
    public let line: Int
    /// What is wrong and how to fix it.
    public let message: String
    /// Whether the fact is absent or its value unusable.
    public let kind: Kind

    /// What kind of issue a fact has.
    public enum Kind: Sendable, Hashable {
        /// The fact is given, but its value cannot be used.
        case invalid
        /// The fact is absent and needed.
        case missing
    }

    /// Creates an issue.
    public init(fact: String, line: Int, message: String, kind: Kind = .invalid) {
        self.fact = fact
        self.line = line
        self.message = message
        self.kind = kind
    }

    public var description: String { fact.isEmpty ? message : "\(fact): \(message)" }
}

/// A facts document that cannot be scored: every issue found, not just the first.
public struct FactsError: Error, Sendable, CustomStringConvertible {
    /// The issues, in document order (missing facts last).
    public let issues: [FactIssue]

    /// At most this many issues are kept; one more says how many were left out.
    public static let maximumIssues = 100

    /// Creates an error from at least one issue, keeping the first `maximumIssues`.
    public init(issues: [FactIssue]) {
        if issues.count > Self.maximumIssues {
            let omitted = issues.count - Self.maximumIssues
            self.issues = Array(issues.prefix(Self.maximumIssues))
                + [FactIssue(fact: "(document)", line: 0, message: "\(omitted) more issues not shown; fix these first")]
        } else {
            self.issues = issues
        }
    }

    /// The issues as `line: fact: message` lines, prefixed with `source` when given.
    public func lines(source: String? = nil) -> [String] {
        issues.map { issue in
            let place = [source, issue.line > 0 ? String(issue.line) : nil].compactMap { $0 }.joined(separator: ":")
            return place.isEmpty ? issue.description : "\(place): \(issue.description)"
        }
    }

    public var description: String { lines().joined(separator: "\n") }
}
