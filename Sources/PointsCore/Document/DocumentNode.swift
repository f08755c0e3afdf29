/// A parsed YAML or JSON document: scalars, sequences and ordered mappings, each with the
/// line it starts on, so every error can say `file:line`.
///
/// Scalars stay text: the fact decoder and the scheme loader give them a type, which is
/// how a wrong type becomes an error naming the fact rather than a silent coercion.
public struct DocumentNode: Sendable {
    /// One key and its value in a mapping.
    public struct Entry: Sendable {
        /// The key text.
        public let key: String
        /// The value.
        public let value: DocumentNode

        /// Creates an entry.
        public init(key: String, value: DocumentNode) {
            self.key = key
            self.value = value
        }
    }

    /// What the node holds.
    public enum Content: Sendable {
        /// A scalar's text.
        case scalar(String)
        /// Items in order.
        case sequence([DocumentNode])
        /// Entries in document order; keys are unique.
        case mapping([Entry])
        /// An explicit null (`null`, `~` or an empty value).
        case null
    }

    /// What the node holds.
    public let content: Content
    /// The 1-based line the node starts on (0 when it did not come from a file).
    public let line: Int

    /// Creates a node.
    public init(_ content: Content, line: Int) {
        self.content = content
        self.line = line
    }

    /// The scalar text, if the node is a scalar.
    public var scalar: String? {
        if case .scalar(let text) = content { return text }
        return nil
    }

    /// The entries, if the node is a mapping.
    public var entries: [Entry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The items, if the node is a sequence.
    public var items: [DocumentNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// Whether the node is an explicit null.
    public var isNull: Bool {
        if case .null = content { return true }
        return false
    }

    /// The value under `key`, if the node is a mapping holding it.
    public subscript(key: String) -> DocumentNode? {
        entries?.first(where: { $0.key == key })?.value
    }

    /// A short description of what kind of node this is, for error messages.
    public var kindDescription: String {
        switch content {
        case .scalar(let text): return "'\(text)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .null: return "null"
        }
    }
}

extension DocumentNode {
    /// The value on one line, as YAML's flow style writes it (`{fact: x, at_least: 48}`).
    public var flowText: String {
        switch content {
        case .scalar(let text): return text
        case .null: return "null"
        case .sequence(let items): return "[" + items.map(\.flowText).joined(separator: ", ") + "]"
        case .mapping(let entries): return "{" + entries.map { "\($0.key): \($0.value.flowText)" }.joined(separator: ", ") + "}"
        }
    }
}
