/// An ordered fact vocabulary: the canonical facts of FACTS.md, optionally extended by the
/// extra facts a scheme declares.
///
/// Canonical facts keep the same `FactID` in every registry, so a facts set decoded for one
/// scheme can be read by position in its compiled plan.
public struct FactRegistry: Sendable {
    /// The definitions, indexed by `FactID`.
    public let definitions: [FactDefinition]
    private let index: [String: FactID]
    /// The facts measured in months, for the checks every decoded document gets.
    let monthFacts: [FactID]
    /// `birth_date`, `residence_permit_months` and `residence_permit_continuous_months`, when
    /// present, resolved once for the same checks.
    let birthDate: FactID?
    let permitMonths: FactID?
    let continuousPermitMonths: FactID?

    /// Creates a registry from definitions whose names are unique.
    public init(_ definitions: [FactDefinition]) {
        self.definitions = definitions
        var index: [String: FactID] = [:]
        for (id, definition) in definitions.enumerated() { index[definition.name] = id }
        self.index = index
        self.monthFacts = definitions.indices.filter { definitions[$0].type == .months }
        self.birthDate = index["birth_date"]
        self.permitMonths = index["residence_permit_months"]
        self.continuousPermitMonths = index["residence_permit_continuous_months"]
    }

    /// The `FactID` of `name`, if the registry holds it.
    public func id(of name: String) -> FactID? { index[name] }

    /// The definition of `name`, if the registry holds it.
    public func definition(named name: String) -> FactDefinition? {
        index[name].map { definitions[$0] }
    }

    /// The number of facts.
    public var count: Int { definitions.count }

    /// This registry with `extras` appended after the existing facts.
    public func extended(with extras: [FactDefinition]) -> FactRegistry {
        extras.isEmpty ? self : FactRegistry(definitions + extras)
    }

    /// The fact name closest to a misspelt `name`, when it is close enough to suggest.
    ///
    /// Only names of plausible length are compared (a name three edits away differs in length
    /// by three at most), so a hostile megabyte-long name costs nothing.
    public func suggestion(for name: String) -> String? {
        closestName(to: name, among: definitions.lazy.map(\.name), longest: Self.longestSuggestibleName)
    }

    /// Names longer than this get no "did you mean".
    static let longestSuggestibleName = 80
}
