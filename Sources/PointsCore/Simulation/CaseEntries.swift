/// What a case file keeps of a few applicants, by id: their facts as YAML lines and their
/// summary card under the scheme. Only they are read and scored; one whose facts the scheme
/// cannot score is left out (its row is not theirs to write).
struct CaseEntries: PopulationSink {
    static let ownColumns = [Allocation.preferencesKey]

    private let ids: Set<String>
    /// Each scored applicant's facts and card, by id.
    private(set) var entries: [String: (facts: [String], card: ScoreCard)] = [:]

    init(_ ids: Set<String>) { self.ids = ids }

    func wants(_ id: String) -> Bool { ids.contains(id) }

    mutating func reserve(_ applicants: Int) {}

    mutating func take(_ applicant: PopulationApplicant, scheme: Scheme, row: FactRow, result: ScoreResult, error: FactsError?) {
        guard error == nil else { return }
        entries[applicant.id] = (row.yamlLines(registry: scheme.registry), scheme.card(row, result, explain: false))
    }

    mutating func append(_ later: CaseEntries) { entries.merge(later.entries) { _, later in later } }
}
