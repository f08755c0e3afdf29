extension FactRow {
    /// The stated facts as the lines of a YAML facts document (a stated spouse's nested under
    /// `spouse:`), each `name: value` in flow style, so that the document reads back to the
    /// same row: what a regression case keeps of an applicant.
    public func yamlLines(registry: FactRegistry, indent: String = "") -> [String] {
        var lines: [String] = []
        for (id, definition) in registry.definitions.enumerated() {
            if id == FactRef.spouse.id {
                guard hasSpouse else { continue }
                let spouse = registry.definitions.enumerated().compactMap { other, spouseDefinition -> String? in
                    guard other != id, let value = value(of: other, type: spouseDefinition.type, spouse: true) else { return nil }
                    return "\(indent)  \(spouseDefinition.name): \(Self.flow(value, spouseDefinition.type))"
                }
                lines.append("\(indent)spouse:" + (spouse.isEmpty ? " {}" : ""))  // a spouse stated with no facts is still a spouse
                lines += spouse
            } else if let value = value(of: id, type: definition.type) {
                lines.append("\(indent)\(definition.name): \(Self.flow(value, definition.type))")
            }
        }
        return lines
    }

    /// A value in YAML flow style.
    static func flow(_ value: FactValue, _ type: FactType) -> String {
        func fields(_ values: [FactValue?], _ fields: [FactField]) -> String {
            "{" + zip(values, fields).compactMap { value, field in value.map { "\(field.name): \(flow($0, field.type))" } }.joined(separator: ", ") + "}"
        }
        switch (value, type) {
        case (.text(let text), _): return YAMLText.quoted(text)
        case (.choice(let index), .choice(let values)): return YAMLText.scalar(values[index])
        case (.list(let items), .list(let itemFields)): return "[" + items.map { fields($0, itemFields) }.joined(separator: ", ") + "]"
        case (.record(let values), .record(let recordFields)): return fields(values, recordFields)
        case (.hoursByYear(let entries), _): return "{" + entries.map { "\($0.year): \($0.hours)" }.joined(separator: ", ") + "}"
        default: return value.rendered(as: type)
        }
    }
}
