/// A document that is not well-formed YAML or JSON.
public struct DocumentError: Error, Sendable, CustomStringConvertible {
    /// The 1-based line where the problem was found, or 0 when unknown.
    public let line: Int
    /// What is wrong.
    public let message: String

    /// Creates an error.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(line): \(message)" : message }

    /// `source:line: message`, or `source: message` when the line is unknown.
    public func located(in source: String) -> String {
        line > 0 ? "\(source):\(line): \(message)" : "\(source): \(message)"
    }
}
