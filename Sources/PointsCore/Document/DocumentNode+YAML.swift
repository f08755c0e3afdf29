internal import CYaml

extension DocumentNode {
    /// Parses one YAML document (JSON is accepted too: it is YAML's flow style) under a budget.
    ///
    /// The document is composed straight from the parser's events, so a limit is checked
    /// before anything it guards is built: an alias is refused (facts) or counted as the
    /// whole value it names (schemes, config) before it is used.
    ///
    /// - Parameters:
    ///   - text: The document text.
    ///   - limits: What the document may hold (by default, what a facts document may).
    /// - Returns: The root node.
    /// - Throws: `DocumentError` for malformed text, more than one document, an alias where
    ///   none are allowed, a mapping that repeats a key, or a passed limit.
    public static func parse(yaml text: String, limits: DocumentLimits = .facts) throws(DocumentError) -> DocumentNode {
        var text = text
        guard text.utf8.count <= limits.bytes else {
            throw DocumentError(line: 0, message: "\(text.utf8.count) bytes is more than the \(limits.bytes) bytes allowed in \(limits.kind)")
        }
        let result: Result<DocumentNode, DocumentError> = text.withUTF8 { bytes in
            var composer = DocumentComposer(limits: limits)
            return Result { () throws(DocumentError) in try composer.compose(bytes) }
        }
        return try result.get()
    }
}

/// Builds a `DocumentNode` from libyaml's events with an explicit stack (no recursion, so
/// depth is a checked limit, not a stack overflow) and counts every limit as it goes.
private struct DocumentComposer {
    /// A sequence or mapping still open, filled in place (never copied per item).
    private struct Open {
        let isMapping: Bool
        let line: Int
        let anchor: String?
        var nodes = 1
        var items: [DocumentNode] = []
        var entries: [DocumentNode.Entry] = []
        /// A mapping's key waiting for its value, and where it was.
        var key: String?
        var keyLine = 0
        var seen = Set<String>()
    }

    let limits: DocumentLimits
    private var stack: [Open] = []
    private var anchors: [String: (node: DocumentNode, nodes: Int)] = [:]
    private var nodes = 0
    private var root: DocumentNode?

    init(limits: DocumentLimits) {
        self.limits = limits
    }

    mutating func compose(_ bytes: UnsafeBufferPointer<UInt8>) throws(DocumentError) -> DocumentNode {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw DocumentError(line: 0, message: "out of memory reading \(limits.kind)") }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        var documents = 0
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { throw Self.parserError(parser) }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root ?? DocumentNode(.null, line: 1)
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                guard documents == 1 else { throw DocumentError(line: line, message: "expected a single document, but found another one") }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                guard scalar.length <= limits.stringBytes else {
                    throw DocumentError(line: line, message: "a value of \(scalar.length) bytes is longer than the \(limits.stringBytes) bytes allowed in \(limits.kind)")
                }
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                let isNull = scalar.style == YAML_PLAIN_SCALAR_STYLE && ["", "~", "null", "Null", "NULL"].contains(text)
                try add(DocumentNode(isNull ? .null : .scalar(text), line: line), nodes: 1, anchor: try anchor(scalar.anchor, line: line), line: line)
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? ""
                guard limits.allowsAliases else {
                    throw DocumentError(line: line, message: "YAML aliases (*\(name.shownName)) are not allowed in \(limits.kind); write the value out")
                }
                guard let target = anchors[name] else { throw DocumentError(line: line, message: "not valid YAML or JSON: found undefined alias *\(name.shownName)") }
                try add(target.node, nodes: target.nodes, anchor: nil, line: line)
            case YAML_SEQUENCE_START_EVENT:
                try open(line: line)
                stack.append(Open(isMapping: false, line: line, anchor: try anchor(event.data.sequence_start.anchor, line: line)))
            case YAML_MAPPING_START_EVENT:
                try open(line: line)
                stack.append(Open(isMapping: true, line: line, anchor: try anchor(event.data.mapping_start.anchor, line: line)))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let done = stack.removeLast()
                let node = DocumentNode(done.isMapping ? .mapping(done.entries) : .sequence(done.items), line: done.line)
                try add(node, nodes: done.nodes, anchor: done.anchor, line: done.line, counted: true)
            default:
                continue
            }
        }
    }

    /// Counts a sequence or mapping about to open against the node and depth limits.
    private mutating func open(line: Int) throws(DocumentError) {
        try count(1, line: line)
        guard stack.count < limits.depth else {
            throw DocumentError(line: line, message: "nested deeper than the \(limits.depth) levels allowed in \(limits.kind)")
        }
    }

    private mutating func count(_ n: Int, line: Int) throws(DocumentError) {
        nodes += n
        guard nodes <= limits.nodes else {
            throw DocumentError(line: line, message: "more than the \(limits.nodes) values allowed in \(limits.kind)\(limits.allowsAliases ? " (aliases count as the values they repeat)" : "")")
        }
    }

    private func anchor(_ pointer: UnsafeMutablePointer<UInt8>?, line: Int) throws(DocumentError) -> String? {
        guard let name = Self.string(pointer) else { return nil }
        guard limits.allowsAliases else {
            throw DocumentError(line: line, message: "YAML anchors (&\(name.shownName)) are not allowed in \(limits.kind); write the value out")
        }
        return name
    }

    /// Attaches a finished node to the open sequence or mapping (or makes it the root).
    ///
    /// - Parameter counted: Whether the node's own count was already added when it opened.
    private mutating func add(_ node: DocumentNode, nodes: Int, anchor: String?, line: Int, counted: Bool = false) throws(DocumentError) {
        if !counted { try count(nodes, line: line) }
        if let anchor { anchors[anchor] = (node, nodes) }
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        stack[top].nodes += nodes
        guard stack[top].isMapping else {
            guard stack[top].items.count < limits.entries else {
                throw DocumentError(line: line, message: "a list of more than the \(limits.entries) items allowed in \(limits.kind)")
            }
            stack[top].items.append(node)
            return
        }
        guard let key = stack[top].key else {
            guard let text = node.scalar else { throw DocumentError(line: line, message: "mapping keys must be plain text") }
            guard stack[top].seen.insert(text).inserted else {
                throw DocumentError(line: line, message: "key '\(text.shownName)' appears twice in one mapping; keep one")
            }
            stack[top].key = text
            stack[top].keyLine = line
            return
        }
        guard stack[top].entries.count < limits.entries else {
            throw DocumentError(line: stack[top].keyLine, message: "a mapping of more than the \(limits.entries) entries allowed in \(limits.kind)")
        }
        stack[top].entries.append(DocumentNode.Entry(key: key, value: node))
        stack[top].key = nil
    }

    private static func string(_ pointer: UnsafeMutablePointer<UInt8>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func parserError(_ parser: yaml_parser_t) -> DocumentError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        return DocumentError(line: Int(parser.problem_mark.line) + 1, message: "not valid YAML or JSON: \(problem)")
    }
}
