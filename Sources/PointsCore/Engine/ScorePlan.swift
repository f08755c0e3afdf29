/// What a scheme version precomputes for evaluation beyond its rules: the defaults as a
/// row, the rules named in missing-fact errors, and the result's shape.
///
/// Built once when the scheme is compiled and shared by every evaluation.
public final class ScorePlan: Sendable {
    /// The scheme's defaults as a row (absent where a fact has none).
    let defaults: FactRow
    /// Every indicator in scheme order, group after group: one card line each.
    let lines: [Indicator]
    /// Who reads the facts of each named score's multiplier, for missing-fact errors.
    let scoreUsers: [NeededBy]
    /// Who reads the facts of each service's tiers.
    let serviceUsers: [NeededBy]
    /// Who reads the facts of each gate.
    let gateUsers: [NeededBy]
    /// The result arrays' sizes.
    let groupCount: Int, scoreCount: Int

    init(registry: FactRegistry, defaults: [FactValue?], groups: [IndicatorGroup], scores: [ScoreDefinition], gates: [Gate], services: [PublicService]) {
        var row = FactRow(width: registry.count)
        for (id, value) in defaults.enumerated() { if let value { row.set(id, value) } }
        self.defaults = row
        self.lines = groups.flatMap(\.indicators)
        self.scoreUsers = scores.map { NeededBy(isGate: false, id: "score \($0.id)") }
        self.serviceUsers = services.map { NeededBy(isGate: false, id: "service \($0.id)") }
        self.gateUsers = gates.map { NeededBy(isGate: true, id: $0.id) }
        self.groupCount = groups.count
        self.scoreCount = scores.count
    }
}
