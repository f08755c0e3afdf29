/// Each line's points for a few applicants, by id: what a simulation shows beside the
/// applicants a candidate admits or drops. Only they are read and scored.
struct LinePoints: PopulationSink {
    static let ownColumns = [Allocation.preferencesKey]

    private let ids: Set<String>
    /// The points of each card line, by applicant id (the scored ones).
    private(set) var points: [String: [Fixed]] = [:]

    init(_ ids: Set<String>) { self.ids = ids }

    func wants(_ id: String) -> Bool { ids.contains(id) }

    mutating func reserve(_ applicants: Int) {}

    mutating func take(_ applicant: PopulationApplicant, scheme: Scheme, row: FactRow, result: ScoreResult, error: FactsError?) {
        guard error == nil else { return }
        points[applicant.id] = (0..<scheme.plan.lineCount).map { result.linePoints($0) }
    }

    mutating func append(_ later: LinePoints) { points.merge(later.points) { _, later in later } }
}
