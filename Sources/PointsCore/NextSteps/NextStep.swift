/// One thing an applicant could do, or wait for, to qualify or to reach more: what the card's
/// `next_steps` lists, each citing the clause it comes from.
public struct NextStep: Sendable, Codable, Equatable {
    /// What kind of step it is.
    public enum Kind: String, Sendable, Codable {
        /// A gate that fails: meet it (`points`: how far a score is short).
        case gate
        /// No settlement channel holds: each is a way in (the card says what each lacks).
        case channel
        /// One fact changed, all else equal, reaches the threshold (`fact`, `from` → `to`,
        /// `points`: the points gained).
        case change
        /// If nothing else changes, the applicant qualifies on `date`, months accruing and
        /// age points falling meanwhile.
        case wait
        /// If nothing else changes, the applicant does not qualify by `date` (the scheme's
        /// last day in force, or the horizon).
        case never
        /// An indicator can still give `points` more before its cap.
        case open
        /// The next tier `to` of service `id` (from tier `from`), and what it needs.
        case tier
    }

    /// What kind of step it is.
    public let kind: Kind
    /// The gate, indicator or service the step is about.
    public let id: String
    /// The clause it comes from.
    public let clause: String
    /// The fact to change (`change`).
    public let fact: String?
    /// The current value (`change`) or tier (`tier`, absent with none).
    public let from: String?
    /// The value that reaches the threshold (`change`) or the next tier (`tier`).
    public let to: String?
    /// Points short (`gate`), gained (`change`) or still open (`open`).
    public let points: Fixed?
    /// The first qualifying day (`wait`), or the last day looked at (`never`).
    public let date: String?
    /// The step in words.
    public let text: Bilingual

    /// Creates a step from its fields.
    public init(kind: Kind, id: String, clause: String, fact: String? = nil, from: String? = nil, to: String? = nil,
                points: Fixed? = nil, date: String? = nil, text: Bilingual) {
        self.kind = kind
        self.id = id
        self.clause = clause
        self.fact = fact
        self.from = from
        self.to = to
        self.points = points
        self.date = date
        self.text = text
    }
}
