import Yams

extension DocumentNode {
    /// Parses one YAML document (JSON is accepted too: it is YAML's flow style).
    ///
    /// - Parameter text: The document text.
    /// - Returns: The root node.
    /// - Throws: `DocumentError` for malformed text, more than one document, an alias, or a
    ///   mapping that repeats a key.
    public static func parse(yaml text: String) throws(DocumentError) -> DocumentNode {
        let root: Node?
        do {
            // An explicit encoding: the default one reads the process environment on every call.
            root = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch let error as YamlError {
            throw DocumentError.from(error)
        } catch {
            throw DocumentError(line: 0, message: "\(error)")
        }
        guard let root else { return DocumentNode(.null, line: 1) }
        return try convert(root)
    }

    private static func convert(_ node: Node) throws(DocumentError) -> DocumentNode {
        let line = node.mark?.line ?? 0
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return DocumentNode(.null, line: line)
            }
            return DocumentNode(.scalar(scalar.string), line: line)
        case .sequence(let sequence):
            var items: [DocumentNode] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try convert(item)) }
            return DocumentNode(.sequence(items), line: line)
        case .mapping(let mapping):
            var entries: [Entry] = []
            var seen = Set<String>()
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let key) = keyNode else {
                    throw DocumentError(line: keyNode.mark?.line ?? line, message: "mapping keys must be plain text")
                }
                guard seen.insert(key.string).inserted else {
                    throw DocumentError(line: keyNode.mark?.line ?? line, message: "key '\(key.string)' appears twice in one mapping; keep one")
                }
                entries.append(Entry(key: key.string, value: try convert(valueNode)))
            }
            return DocumentNode(.mapping(entries), line: line)
        case .alias:
            throw DocumentError(line: line, message: "YAML aliases are not supported; write the value out")
        }
    }
}

extension DocumentError {
    static func from(_ error: YamlError) -> DocumentError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return DocumentError(line: mark.line, message: "not valid YAML or JSON: \(problem)")
        case .composer(_, let problem, let mark, _):
            return DocumentError(line: mark.line, message: "not valid YAML or JSON: \(problem)")
        default:
            return DocumentError(line: 0, message: "not valid YAML or JSON: \(error)")
        }
    }
}
