extension SchemeCompiler {
    /// Reads `facts: {extra: {...}, defaults: {...}}`: extra facts extend the registry, defaults
    /// fill facts a document may omit (decoded and range-checked like any fact).
    func factDeclarations(_ node: DocumentNode) {
        guard var reader = MappingReader(node, path: "facts", compiler: self) else { return }
        defer { reader.rejectUnknown(compiler: self) }
        var extraDefaults: [DocumentNode.Entry] = []
        if let extra = reader.optional("extra") {
            guard let entries = extra.entries else {
                error(extra.line, "facts.extra", "expected a mapping of fact name to {type, title, ...}")
                return
            }
            var definitions: [FactDefinition] = []
            for entry in entries {
                let path = "facts.extra.\(entry.key)"
                if registry.id(of: entry.key) != nil {
                    error(entry.value.line, path, "'\(entry.key)' is already a canonical fact; extra facts need new names")
                    continue
                }
                guard let (definition, defaultNode) = extraFact(entry.key, entry.value, path) else { continue }
                definitions.append(definition)
                if let defaultNode { extraDefaults.append(DocumentNode.Entry(key: entry.key, value: defaultNode)) }
            }
            registry = registry.extended(with: definitions)
        }
        defaults = Array(repeating: nil, count: registry.count)
        var defaultEntries = extraDefaults
        if let node = reader.optional("defaults") {
            guard let entries = node.entries else {
                error(node.line, "facts.defaults", "expected a mapping of fact name to default value")
                return
            }
            defaultEntries += entries
        }
        let decoder = FactsDecoder(registry: registry, asOf: LocalDate(year: 9999, month: 12, day: 31)!)
        do {
            let decoded = try decoder.decode(DocumentNode(.mapping(defaultEntries), line: node.line))
            defaults = decoded.values
        } catch {
            for issue in error.issues {
                self.error(issue.line, "facts.defaults.\(issue.fact)", issue.message)
            }
        }
    }

    private func extraFact(_ name: String, _ node: DocumentNode, _ path: String) -> (FactDefinition, DocumentNode?)? {
        guard var reader = MappingReader(node, path: path, compiler: self) else { return nil }
        defer { reader.rejectUnknown(compiler: self) }
        let title = reader.required("title", compiler: self).flatMap { bilingual($0, reader.path("title")) }
        let defaultNode = reader.optional("default")
        guard let typeNode = reader.required("type", compiler: self, hint: "bool, months, count, yuan, area, choice or text"),
              let typeName = text(typeNode, reader.path("type")), let title
        else { return nil }
        let type: FactType
        switch typeName {
        case "bool": type = .bool
        case "months": type = .months
        case "yuan": type = .yuan
        case "area": type = .area
        case "text": type = .text
        case "date": type = .date
        case "expiry": type = .expiry
        case "count":
            let max = reader.optional("max").flatMap { wholeNumber($0, reader.path("max"), in: 0...1_000_000) } ?? 1_000_000
            type = .count(0...Int64(max))
        case "choice":
            guard let values = reader.required("values", compiler: self, hint: "the list of allowed values")?.items?.compactMap(\.scalar), !values.isEmpty else {
                error(node.line, reader.path("values"), "a choice fact lists its values")
                return nil
            }
            type = .choice(values)
        default:
            error(typeNode.line, reader.path("type"), "unknown type '\(typeName)'; use bool, months, count, yuan, date, choice or text")
            return nil
        }
        return (FactDefinition(name, type, zh: title.zh, en: title.en), defaultNode)
    }
}
