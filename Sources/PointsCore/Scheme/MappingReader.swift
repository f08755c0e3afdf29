/// Reads one mapping of a scheme file, remembering which keys were used so that a
/// misspelt key is reported instead of silently ignored.
struct MappingReader {
    let node: DocumentNode
    let path: String
    private var used: Set<String> = []

    /// Nil (after reporting) when `node` is not a mapping.
    init?(_ node: DocumentNode, path: String, compiler: SchemeCompiler) {
        guard node.entries != nil else {
            compiler.error(node.line, path, "expected a mapping, got \(node.kindDescription)")
            return nil
        }
        self.node = node
        self.path = path
    }

    /// The path of a key under this mapping.
    func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value under `key`, if present and not null.
    mutating func optional(_ key: String) -> DocumentNode? {
        used.insert(key)
        guard let value = node[key], !value.isNull else { return nil }
        return value
    }

    /// The value under `key`, reporting its absence.
    mutating func required(_ key: String, compiler: SchemeCompiler, hint: String = "") -> DocumentNode? {
        if let value = optional(key) { return value }
        compiler.error(node.line, path, "missing '\(key)'" + (hint.isEmpty ? "" : "; \(hint)"))
        return nil
    }

    /// Reports every key that was never asked for.
    func rejectUnknown(compiler: SchemeCompiler) {
        for entry in node.entries ?? [] where !used.contains(entry.key) {
            let expected = used.sorted().joined(separator: ", ")
            compiler.error(entry.value.line, path(entry.key), "unknown key; expected one of: \(expected)")
        }
    }
}
