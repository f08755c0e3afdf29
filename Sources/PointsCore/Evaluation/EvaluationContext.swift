/// The state of one evaluation: the applicant's facts, the scheme's defaults, the date, the
/// scores once computed, and the facts found missing along the way.
struct EvaluationContext {
    let scheme: Scheme
    let facts: FactSet
    /// Whether these are a spouse's facts (read by a pooled indicator): missing ones say so.
    let isSpouse: Bool
    let asOf: LocalDate
    /// Whether to write explanations (a summary skips them: most of the cost of a card).
    let explain: Bool
    /// Facts found missing: which, who needed them, and whether it was the spouse's.
    private(set) var missing: [(id: FactID, user: NeededBy, spouse: Bool)] = []
    var scores: [Fixed] = []
    var warnings: [Bilingual] = []

    init(scheme: Scheme, facts: FactSet, asOf: LocalDate, explain: Bool, isSpouse: Bool = false) {
        self.scheme = scheme
        self.facts = facts
        self.isSpouse = isSpouse
        self.asOf = asOf
        self.explain = explain
    }

    /// The fact's value, or its default; records it as missing (for `user`) when neither exists.
    mutating func value(_ ref: FactRef, for user: NeededBy) -> FactValue? {
        if let value = facts[ref.id] ?? scheme.defaults[ref.id] { return value }
        missing.append((ref.id, user, isSpouse))
        return nil
    }

    /// The stated spouse's facts, for indicators that pool them.
    var spouseFacts: FactSet? {
        guard case .facts(let spouse)? = facts[FactRef.spouse.id] else { return nil }
        return spouse
    }

    /// Runs `body` on the spouse's facts, then returns to the applicant's.
    /// Runs `body` on a context holding the spouse's facts, then keeps what it found missing
    /// and its warnings.
    mutating func asSpouse<T>(_ spouse: FactSet, _ body: (inout EvaluationContext) -> T) -> T {
        var context = EvaluationContext(scheme: scheme, facts: spouse, asOf: asOf, explain: explain, isSpouse: true)
        context.scores = scores
        let result = body(&context)
        missing += context.missing
        warnings += context.warnings
        return result
    }

    /// A rule's outcome; the explanation is only written when the card is explained.
    func outcome(_ raw: Fixed, en: @autoclosure () -> String, zh: @autoclosure () -> String) -> RuleOutcome {
        RuleOutcome(raw, explanation: self.explain ? Bilingual(zh: zh(), en: en()) : RuleOutcome.unexplained)
    }

    /// The fact as the card shows it.
    func use(_ ref: FactRef) -> ScoreCard.FactUse? {
        if let value = facts[ref.id] {
            return ScoreCard.FactUse(name: ref.name, value: value.rendered(as: ref.type), defaulted: false)
        }
        return scheme.defaults[ref.id].map { ScoreCard.FactUse(name: ref.name, value: $0.rendered(as: ref.type), defaulted: true) }
    }

    /// The reference date for age: the scheme's fixed date, or the evaluation date.
    var ageReference: LocalDate { scheme.ageReference ?? asOf }

    /// Age at the reference date: completed years, and whether the date is a birthday.
    mutating func age(for user: NeededBy) -> (years: Int, onBirthday: Bool, born: LocalDate)? {
        guard case .date(let born)? = value(.birthDate, for: user) else { return nil }
        let at = ageReference
        return (born.completedYears(at: at), born.isAnniversary(at), born)
    }

    /// The title of a fact, for explanations.
    func title(_ ref: FactRef) -> Bilingual { scheme.registry.definitions[ref.id].title }
}

/// The rule that read a fact, named in the error when the fact is missing.
///
/// Kept unformatted: the text is built only for an error, not on every evaluation.
struct NeededBy: Equatable, CustomStringConvertible {
    /// Whether a gate or an indicator.
    let isGate: Bool
    /// The gate's or indicator's id.
    let id: String

    var description: String { (isGate ? "gate " : "indicator ") + id }
}
