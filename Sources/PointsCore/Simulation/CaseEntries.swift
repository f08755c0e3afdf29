/// What a case file keeps of a few applicants, by id: their facts as YAML lines and their
/// summary card under the scheme (or the facts it lacks). Only they are read and scored.
struct CaseEntries: PopulationSink {
    static let ownColumns = [Allocation.preferencesKey]

    /// One applicant's facts and outcome.
    struct Entry: Sendable {
        let facts: [String]
        let card: ScoreCard?
        let missing: [String]
    }

    private let ids: Set<String>
    private(set) var entries: [String: Entry] = [:]

    init(_ ids: Set<String>) { self.ids = ids }

    func wants(_ id: String) -> Bool { ids.contains(id) }

    mutating func reserve(_ applicants: Int) {}

    mutating func take(_ applicant: PopulationApplicant, scheme: Scheme, row: FactRow, result: ScoreResult, error: FactsError?) {
        let facts = row.yamlLines(registry: scheme.registry)
        entries[applicant.id] = error.map { Entry(facts: facts, card: nil, missing: $0.issues.map(\.fact)) }
            ?? Entry(facts: facts, card: scheme.card(row, result, explain: false), missing: [])
    }

    mutating func append(_ later: CaseEntries) { entries.merge(later.entries) { _, later in later } }
}

extension Unicode.Scalar {
    /// Whether an applicant id keeps the character in a case file's name (others become `_`).
    var isCaseFileSafe: Bool {
        isASCII && (properties.isAlphabetic || ("0"..."9").contains(self) || self == "." || self == "_" || self == "-")
    }
}
