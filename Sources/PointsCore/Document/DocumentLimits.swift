/// What one YAML or JSON document may hold before it is refused.
///
/// Every document a caller or an operator hands in is parsed under a budget, so a few hundred
/// bytes cannot ask for gigabytes (nested aliases) or seconds of parsing. Each limit that is
/// passed is named in the error, with the line where it was passed.
public struct DocumentLimits: Sendable, Equatable {
    /// What the document is, for messages ("a facts document").
    public var kind: String
    /// Bytes of text.
    public var bytes: Int
    /// Nodes (scalars, sequences and mappings), counting each use of an alias as its whole
    /// anchored value: the size the document expands to.
    public var nodes: Int
    /// Nesting of sequences and mappings.
    public var depth: Int
    /// Bytes of one scalar or key.
    public var stringBytes: Int
    /// Items of one sequence or entries of one mapping.
    public var entries: Int
    /// Whether anchors and aliases are allowed at all (scheme and config files; never facts).
    public var allowsAliases: Bool

    /// Creates a budget.
    public init(kind: String, bytes: Int, nodes: Int, depth: Int, stringBytes: Int, entries: Int, allowsAliases: Bool) {
        self.kind = kind
        self.bytes = bytes
        self.nodes = nodes
        self.depth = depth
        self.stringBytes = stringBytes
        self.entries = entries
        self.allowsAliases = allowsAliases
    }

    /// One applicant's facts: a YAML/JSON file, a JSON line, a CSV flow cell or a wire `extra`
    /// value. No aliases: an applicant's facts have no use for them.
    public static let facts = DocumentLimits(kind: "a facts document", bytes: 1 << 20, nodes: 50_000, depth: 16,
                                             stringBytes: 4_096, entries: 10_000, allowsAliases: false)

    /// A scheme file: anchors are allowed (shared conditions), their expansion is counted.
    public static let scheme = DocumentLimits(kind: "a scheme file", bytes: 4 << 20, nodes: 200_000, depth: 64,
                                              stringBytes: 64 << 10, entries: 20_000, allowsAliases: true)

    /// A server config file.
    public static let configuration = DocumentLimits(kind: "a config file", bytes: 1 << 20, nodes: 50_000, depth: 32,
                                                     stringBytes: 16 << 10, entries: 10_000, allowsAliases: true)
}
