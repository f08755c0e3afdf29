extension FactValue {
    /// The value as short text for score cards: `72`, `rented_registered`, `2024:120, 2025:60`,
    /// `[inventors 1; inventors 3]`.
    public func rendered(as type: FactType) -> String {
        switch (self, type) {
        case (.bool(let b), _): return b ? "true" : "false"
        case (.date(let d), _): return d.description
        case (.number(let n), _): return String(n)
        case (.money(let m), _): return m.description
        case (.choice(let i), .choice(let values)): return values[i]
        case (.text(let t), _): return t
        case (.list(let items), .list(let fields)):
            return "[" + items.map { Self.renderFields($0, fields) }.joined(separator: "; ") + "]"
        case (.record(let values), .record(let fields)): return Self.renderFields(values, fields)
        case (.hoursByYear(let entries), _): return entries.map { "\($0.year):\($0.hours)" }.joined(separator: ", ")
        case (.facts(let set), _): return "\(set.values.compactMap { $0 }.count) facts"
        default: return "?"
        }
    }

    private static func renderFields(_ values: [FactValue?], _ fields: [FactField]) -> String {
        zip(values, fields).compactMap { value, field in value.map { "\(field.name) \($0.rendered(as: field.type))" } }
            .joined(separator: ", ")
    }
}
