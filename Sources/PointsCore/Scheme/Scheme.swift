/// A compiled, immutable scheme version: the evaluation plan built once at load. A class:
/// every call that scores passes one around, and a reference costs one retain.
///
/// Fact names are resolved to registry positions and choice values to indices, so
/// evaluating an applicant reads arrays, not dictionaries.
public final class Scheme: Sendable {
    /// Identity, effective range, legal source and content hash.
    public let metadata: SchemeMetadata
    /// Canonical facts plus the scheme's declared extra facts.
    public let registry: FactRegistry
    /// Values used when a document omits a fact, by `FactID`.
    public let defaults: [FactValue?]
    /// The rule for divisions (shares, percentages).
    public let rounding: Rounding
    /// The date age is measured at; nil means the evaluation date.
    public let ageReference: LocalDate?
    /// Numbers the policy orders but does not give, set or not on record.
    public let parameters: [SchemeParameter]
    /// Eligibility gates, checked in order.
    public let gates: [Gate]
    /// Alternative settlement channels (none: the gates alone decide).
    public let channels: [SettlementChannel]
    /// Indicator groups in file order.
    public let groups: [IndicatorGroup]
    /// Every group's indicators in file order: the card's lines, by line index.
    public let indicators: [Indicator]
    /// The group (an index of `groups`) of each line.
    public let lineGroups: [Int]
    /// Named totals; `total` is always among them.
    public let scores: [ScoreDefinition]
    /// Position of `total` in `scores`.
    public let totalScore: Int
    /// How qualified applicants rank.
    public let ranking: RankingRule
    /// Services granted in tiers, in file order.
    public let services: [PublicService]
    /// The file's text exactly as loaded: its SHA-256 is the content hash, unless a parameter
    /// file set the values (`parameterText`).
    public let text: String
    /// The parameter file's text exactly as loaded, when one set this version's values over
    /// the base file `text`: the content hash is then the SHA-256 of `text`, a newline and this.
    public let parameterText: String?
    /// The parameter file that set this version's values (its source), when one did.
    public var parameterFile: String? { parameterText == nil ? nil : metadata.source }
    /// The rules compiled to flat tables for evaluation.
    public let plan: ScorePlan

    /// Whether applicants can be ranked under the scheme: it has conditions to qualify (gates,
    /// settlement channels) or points to order by. One of service tiers only has neither: it
    /// qualifies everybody with 0 points.
    public var ranksApplicants: Bool { !gates.isEmpty || !channels.isEmpty || !groups.isEmpty }

    init(metadata: SchemeMetadata, registry: FactRegistry, defaults: [FactValue?], rounding: Rounding, ageReference: LocalDate?,
         parameters: [SchemeParameter] = [], gates: [Gate], channels: [SettlementChannel] = [], groups: [IndicatorGroup], scores: [ScoreDefinition], totalScore: Int, ranking: RankingRule,
         services: [PublicService], text: String, parameterText: String? = nil) {
        self.metadata = metadata
        self.registry = registry
        self.defaults = defaults
        self.rounding = rounding
        self.ageReference = ageReference
        self.parameters = parameters
        self.gates = gates
        self.channels = channels
        self.groups = groups
        self.indicators = groups.flatMap(\.indicators)
        self.lineGroups = groups.indices.flatMap { g in Array(repeating: g, count: groups[g].indicators.count) }
        self.scores = scores
        self.totalScore = totalScore
        self.ranking = ranking
        self.services = services
        self.text = text
        self.parameterText = parameterText
        var defaultRow = FactRow(width: registry.count)
        for (id, value) in defaults.enumerated() { if let value { defaultRow.set(id, value) } }
        self.plan = ScorePlan(CompiledPlan(groups: groups, scores: scores, gates: gates, channels: channels, services: services, ranking: ranking),
                              registry: registry,
                              defaults: defaultRow, rounding: rounding, ageReference: ageReference, parameters: parameters, totalScore: totalScore,
                              rankingScore: ranking.score)
    }
}
