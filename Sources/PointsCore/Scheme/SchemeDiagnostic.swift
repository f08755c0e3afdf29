/// One problem in a scheme file: `file:line: key.path: what is wrong and how to fix it`.
public struct SchemeDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The file (or built-in name).
    public let file: String
    /// The 1-based line.
    public let line: Int
    /// The key path, e.g. `groups.bonus.indicators[8].bands[2].from`.
    public let path: String
    /// What is wrong and how to fix it.
    public let message: String

    /// Creates a diagnostic.
    public init(file: String, line: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file  // line 0: about the file as a whole
        return path.isEmpty ? "\(place): \(message)" : "\(place): \(path): \(message)"
    }
}

/// A scheme that failed to load: every problem found, in file order.
public struct SchemeLoadError: Error, Sendable, CustomStringConvertible {
    /// The problems.
    public let diagnostics: [SchemeDiagnostic]

    /// Creates an error from at least one diagnostic.
    public init(diagnostics: [SchemeDiagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
