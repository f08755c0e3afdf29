/// The explained result of scoring one applicant under one scheme version.
///
/// Deterministic: the same facts, scheme file and `as_of` give a byte-identical JSON card.
/// Points are exact decimal strings in JSON (`"6.67"`), never floats.
public struct ScoreCard: Sendable, Codable, Equatable {
    /// Which scheme version scored the applicant, down to the file's bytes.
    public struct SchemeInfo: Sendable, Codable, Equatable {
        /// The scheme id.
        public let id: String
        /// The version that scored.
        public let version: String
        /// The scheme's title.
        public let title: Bilingual
        /// The legal text the rules come from.
        public let legalSource: Bilingual
        /// `sha256:` and the digest of the scheme file's bytes.
        public let contentHash: String
        /// The day the version was published, when its file says.
        public let publishedOn: String?

        /// Creates a value from its fields.
        public init(id: String, version: String, title: Bilingual, legalSource: Bilingual, contentHash: String, publishedOn: String? = nil) {
            self.id = id
            self.version = version
            self.title = title
            self.legalSource = legalSource
            self.contentHash = contentHash
            self.publishedOn = publishedOn
        }
    }

    /// A fact as the rule read it.
    public struct FactUse: Sendable, Codable, Equatable {
        /// The fact's name.
        public let name: String
        /// Its value as text.
        public let value: String
        /// Whether the scheme's default stood in for an absent fact.
        public let defaulted: Bool

        /// Creates a value from its fields.
        public init(name: String, value: String, defaulted: Bool) {
            self.name = name
            self.value = value
            self.defaulted = defaulted
        }
    }

    /// One indicator's result.
    public struct Line: Sendable, Codable, Equatable {
        /// The indicator id.
        public let id: String
        /// The group it belongs to.
        public let group: String
        /// What it rewards or deducts.
        public let title: Bilingual
        /// The clause it implements.
        public let clause: String
        /// The facts the rule read.
        public let facts: [FactUse]
        /// Points before the indicator's cap.
        public let raw: Fixed
        /// Points after the cap.
        public let points: Fixed
        /// The cap, if any.
        public let cap: Fixed?
        /// How the points came about, in one line each language.
        public let explanation: Bilingual

        /// Creates a value from its fields.
        public init(id: String, group: String, title: Bilingual, clause: String, facts: [FactUse], raw: Fixed, points: Fixed, cap: Fixed?, explanation: Bilingual) {
            self.id = id
            self.group = group
            self.title = title
            self.clause = clause
            self.facts = facts
            self.raw = raw
            self.points = points
            self.cap = cap
            self.explanation = explanation
        }
    }

    /// A gate's outcome.
    public struct GateResult: Sendable, Codable, Equatable {
        /// The gate id.
        public let id: String
        /// What it requires.
        public let title: Bilingual
        /// The clause it implements.
        public let clause: String
        /// Whether it holds (an exempted gate holds); nil while it waits on a parameter not on
        /// record (the card's `undetermined` names it).
        public let passed: Bool?
        /// Whether it was waived by its exemption.
        public let exempt: Bool
        /// Why it passed or failed.
        public let reason: Bilingual

        /// Creates a value from its fields.
        public init(id: String, title: Bilingual, clause: String, passed: Bool?, exempt: Bool, reason: Bilingual) {
            self.id = id
            self.title = title
            self.clause = clause
            self.passed = passed
            self.exempt = exempt
            self.reason = reason
        }
    }

    /// A group subtotal or a named score.
    public struct Subtotal: Sendable, Codable, Equatable {
        /// The group or score id.
        public let id: String
        /// Its title.
        public let title: Bilingual
        /// Before the cap.
        public let raw: Fixed
        /// After the cap.
        public let points: Fixed
        /// The cap, if any.
        public let cap: Fixed?
        /// The percentage added to `raw` before the cap (a score multiplier that applied).
        public let percentAdded: Fixed?

        /// Creates a value from its fields.
        public init(id: String, title: Bilingual, raw: Fixed, points: Fixed, cap: Fixed?, percentAdded: Fixed? = nil) {
            self.id = id
            self.title = title
            self.raw = raw
            self.points = points
            self.cap = cap
            self.percentAdded = percentAdded
        }

        enum CodingKeys: String, CodingKey {
            case id, title, raw, points, cap, percentAdded = "percent_added"
        }
    }

    /// A settlement channel's outcome.
    public struct ChannelResult: Sendable, Codable, Equatable {
        /// The channel id.
        public let id: String
        /// Its name.
        public let title: Bilingual
        /// The clause it implements.
        public let clause: String
        /// Whether it holds; nil while it waits on a parameter not on record.
        public let holds: Bool?
        /// Why it holds or not (facts that fall short or are not stated).
        public let reason: Bilingual
        /// Who may follow the applicant in through it.
        public let family: [String]

        /// Creates a value from its fields.
        public init(id: String, title: Bilingual, clause: String, holds: Bool?, reason: Bilingual, family: [String]) {
            self.id = id
            self.title = title
            self.clause = clause
            self.holds = holds
            self.reason = reason
            self.family = family
        }
    }

    /// The tier of one service the applicant is in, and why.
    public struct TierResult: Sendable, Codable, Equatable {
        /// The service id.
        public let service: String
        /// The tier id, or nil when no tier's condition holds.
        public let tier: String?
        /// The tier's title (or the service's, with no tier).
        public let title: Bilingual
        /// The clause of the tier (or of the service, with no tier).
        public let clause: String
        /// The admission batch of a school tier (1 first), or nil.
        public let batch: Int?
        /// The score that orders applicants for the service.
        public let score: Fixed
        /// Why the applicant is in this tier (or in none).
        public let reason: Bilingual
        /// True when a tier waits on a parameter not on record and none above it holds: the
        /// tier is not known (`tier` is nil); nil otherwise.
        public let undetermined: Bool?

        /// Creates a value from its fields.
        public init(service: String, tier: String?, title: Bilingual, clause: String, batch: Int?, score: Fixed, reason: Bilingual, undetermined: Bool? = nil) {
            self.undetermined = undetermined
            self.service = service
            self.tier = tier
            self.title = title
            self.clause = clause
            self.batch = batch
            self.score = score
            self.reason = reason
        }
    }

    /// A tie-breaking fact's value (nil when the document does not state it).
    public struct TieBreakerValue: Sendable, Codable, Equatable {
        /// The fact's name.
        public let fact: String
        /// Whether more ranks higher.
        public let descending: Bool
        /// The applicant's value.
        public let value: Fixed?

        /// Creates a value from its fields.
        public init(fact: String, descending: Bool, value: Fixed?) {
            self.fact = fact
            self.descending = descending
            self.value = value
        }
    }

    /// The scheme version that scored.
    public let scheme: SchemeInfo
    /// The evaluation date that chose the version and measured age and windows.
    public let asOf: String
    /// The day whose known rules chose the version, when one was asked for.
    public let rulesKnownOn: String?
    /// The total the threshold is checked against.
    public let total: Fixed
    /// The score that orders qualified applicants.
    public let rankingScore: Fixed
    /// The facts that break ties in ranking.
    public let tieBreakers: [TieBreakerValue]
    /// Every gate holds (and, with channels, one does); nil while that waits on a parameter
    /// not on record (`undetermined` names it).
    public let qualified: Bool?
    /// The parameters not on record that leave qualification, a gate, a channel or a tier
    /// undetermined; nil when none does.
    public let undetermined: [OpenParameter]?
    /// Every named score.
    public let scores: [Subtotal]
    /// Every indicator group.
    public let groups: [Subtotal]
    /// One line per indicator, in scheme order.
    public let lines: [Line]
    /// Every gate, in scheme order.
    public let gates: [GateResult]
    /// The gates that failed.
    public let failedGates: [GateResult]
    /// Things the applicant or operator should know (hours outside the window, …).
    public let warnings: [Bilingual]
    /// The tier of every service the scheme grants, in scheme order.
    public let tiers: [TierResult]
    /// Every settlement channel, in scheme order; nil for a scheme without channels.
    public let channels: [ChannelResult]?
    /// What the applicant could do or wait for next (`Scheme.nextSteps`); nil in a summary.
    public let nextSteps: [NextStep]?

    /// Creates a card from its fields.
    public init(scheme: SchemeInfo, asOf: String, total: Fixed, rankingScore: Fixed, tieBreakers: [TieBreakerValue], qualified: Bool?, scores: [Subtotal], groups: [Subtotal], lines: [Line], gates: [GateResult], failedGates: [GateResult], warnings: [Bilingual], tiers: [TierResult] = [], nextSteps: [NextStep]? = nil, rulesKnownOn: String? = nil, channels: [ChannelResult]? = nil, undetermined: [OpenParameter]? = nil) {
        self.scheme = scheme
        self.undetermined = undetermined
        self.asOf = asOf
        self.rulesKnownOn = rulesKnownOn
        self.channels = channels
        self.total = total
        self.rankingScore = rankingScore
        self.tieBreakers = tieBreakers
        self.qualified = qualified
        self.scores = scores
        self.groups = groups
        self.lines = lines
        self.gates = gates
        self.failedGates = failedGates
        self.warnings = warnings
        self.tiers = tiers
        self.nextSteps = nextSteps
    }

    enum CodingKeys: String, CodingKey {
        case scheme, asOf = "as_of", rulesKnownOn = "rules_known_on", total, rankingScore = "ranking_score", tieBreakers = "tie_breakers", qualified
        case scores, groups, lines, gates, failedGates = "failed_gates", warnings, tiers, nextSteps = "next_steps", channels, undetermined
    }
}

/// A parameter not on record that a card waits on: what it is, the clause that orders the
/// rule, and the document that would fix it.
public struct OpenParameter: Sendable, Codable, Equatable {
    /// The parameter's name in the scheme.
    public let name: String
    /// What it is.
    public let title: Bilingual
    /// The clause that orders the rule it bounds.
    public let clause: String
    /// The document that would set its value.
    public let setBy: Bilingual

    /// Creates a value from its fields.
    public init(name: String, title: Bilingual, clause: String, setBy: Bilingual) {
        self.name = name
        self.title = title
        self.clause = clause
        self.setBy = setBy
    }

    enum CodingKeys: String, CodingKey {
        case name, title, clause, setBy = "set_by"
    }
}

extension ScoreCard.SchemeInfo {
    enum CodingKeys: String, CodingKey {
        case id, version, title, legalSource = "legal_source", contentHash = "content_hash", publishedOn = "published_on"
    }
}
