/// One entry of the fact vocabulary: a name, its type (with unit and range) and a title.
public struct FactDefinition: Sendable, Hashable {
    /// The canonical name, as in FACTS.md.
    public let name: String
    /// The type, unit and valid range.
    public let type: FactType
    /// What the fact means.
    public let title: Bilingual
    /// Whether the fact grows by one a month while its state lasts (months of permit held,
    /// insurance or housing fund paid, renting): what an applicant's next steps let accrue.
    public let accrues: Bool
    /// The value every scheme assumes when a document omits the fact and the scheme sets no
    /// default of its own: a fact that opens an optional path (an applicant need not say they
    /// are not a veteran). Nil: a scheme that reads it needs it stated.
    public let defaultValue: FactValue?

    /// Creates a definition.
    public init(_ name: String, _ type: FactType, zh: String, en: String, accrues: Bool = false, default defaultValue: FactValue? = nil) {
        self.name = name
        self.type = type
        self.title = Bilingual(zh: zh, en: en)
        self.accrues = accrues
        self.defaultValue = defaultValue
    }
}

/// The position of a fact in a registry: schemes resolve fact names to these once, at load.
public typealias FactID = Int
