/// One entry of the fact vocabulary: a name, its type (with unit and range) and a title.
public struct FactDefinition: Sendable, Hashable {
    /// The canonical name, as in FACTS.md.
    public let name: String
    /// The type, unit and valid range.
    public let type: FactType
    /// What the fact means.
    public let title: Bilingual

    /// Creates a definition.
    public init(_ name: String, _ type: FactType, zh: String, en: String) {
        self.name = name
        self.type = type
        self.title = Bilingual(zh: zh, en: en)
    }
}

/// The position of a fact in a registry: schemes resolve fact names to these once, at load.
public typealias FactID = Int
