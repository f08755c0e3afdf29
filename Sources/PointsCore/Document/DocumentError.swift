/// A document that is not well-formed YAML or JSON, or not what it should hold: the first
/// problem, and any others found in the same pass.
public struct DocumentError: Error, Sendable, CustomStringConvertible {
    /// The 1-based line where the problem was found, or 0 when unknown.
    public let line: Int
    /// What is wrong.
    public let message: String
    /// Further problems found in the same pass (a seat plan's other bad rows), in file order.
    public let others: [DocumentError]

    /// Creates an error.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
        self.others = []
    }

    /// One error for several problems, the first leading.
    ///
    /// - Precondition: `problems` is not empty.
    public init(_ problems: [DocumentError]) {
        self.line = problems[0].line
        self.message = problems[0].message
        self.others = Array(problems.dropFirst())
    }

    public var description: String {
        ([self] + others).map { $0.line > 0 ? "\($0.line): \($0.message)" : $0.message }.joined(separator: "\n")
    }

    /// `source:line: message` (or `source: message` when the line is unknown), a line a problem.
    public func located(in source: String) -> String {
        ([self] + others).map { $0.line > 0 ? "\(source):\($0.line): \($0.message)" : "\(source): \($0.message)" }.joined(separator: "\n")
    }
}
