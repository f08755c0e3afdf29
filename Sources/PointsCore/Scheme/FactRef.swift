/// A fact resolved once at load: its position, name and type, so evaluation reads by index
/// and explanations can still name it.
public struct FactRef: Sendable, Hashable {
    /// Position in the scheme's registry.
    public let id: FactID
    /// The fact's name.
    public let name: String
    /// The fact's type.
    public let type: FactType
}

extension FactRef {
    /// `birth_date`, which every age rule reads.
    static let birthDate = FactRef(id: FactRegistry.canonical.id(of: "birth_date")!, name: "birth_date", type: .date)
    /// `district`, by which a simulation breaks its counts down.
    static let district = FactRef(id: FactRegistry.canonical.id(of: "district")!, name: "district", type: .text)
    /// `spouse`, whose facts pooled indicators add.
    static let spouse = FactRef(id: FactRegistry.canonical.id(of: "spouse")!, name: "spouse", type: .facts)
}
