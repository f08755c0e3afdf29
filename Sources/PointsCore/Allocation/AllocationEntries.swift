/// What an allocation keeps of each applicant of a population: whether it competes for a
/// seat (batch, score, tie-breakers, preferences) or why not, in file order.
struct AllocationEntries: PopulationSink {
    /// The seat plan and the school service every applicant is assessed for.
    struct Context: Sendable {
        let plan: SeatPlan
        /// The service's position in the scheme.
        let service: Int
    }

    /// One applicant's standing before seats are given out.
    enum Assessment: Sendable {
        case candidate(SeatAllocation.Candidate)
        case notEligible(Allocation.Row)
        case invalid(Allocation.Row)
    }

    static let ownColumns = [Allocation.preferencesKey]

    private let context: Context
    private(set) var assessments: [Assessment] = []

    init(_ context: Context) { self.context = context }

    mutating func reserve(_ applicants: Int) { assessments.reserveCapacity(assessments.count + applicants) }

    mutating func append(_ later: AllocationEntries) { assessments.append(contentsOf: later.assessments) }

    mutating func take(_ applicant: PopulationApplicant, scheme: Scheme, row: FactRow, result: ScoreResult, error: FactsError?) {
        assessments.append(assess(applicant, scheme: scheme, row: row, result: result, error: error))
    }

    private func assess(_ applicant: PopulationApplicant, scheme: Scheme, row: FactRow, result: ScoreResult, error: FactsError?) -> Assessment {
        func invalid(_ reason: String, score: Fixed? = nil) -> Assessment {
            .invalid(Allocation.Row(order: nil, applicantID: applicant.id, batch: nil, score: score, school: nil, choice: nil,
                                    waitingPosition: nil, reason: "invalid: " + reason))
        }
        let preferences: [Int]
        switch Allocation.preferences(applicant.own[0], plan: context.plan) {
        case .success(let list): preferences = list
        case .failure(let error): return invalid(error.description)
        }
        if let error { return invalid(error.issues.map(\.description).joined(separator: "; ")) }
        let service = scheme.services[context.service], score = result.scorePoints(service.score)
        let tier = result.tier(context.service)
        guard tier >= 0 else {
            return .notEligible(Allocation.Row(order: nil, applicantID: applicant.id, batch: nil, score: score, school: nil, choice: nil,
                                               waitingPosition: nil, reason: "not eligible: " + scheme.tierReason(row, result, service: context.service)))
        }
        if let missing = scheme.missingTieBreakers(result) { return invalid(missing, score: score) }
        return .candidate(SeatAllocation.Candidate(id: applicant.id, batch: service.tiers[tier].batch ?? 1, score: score,
                                                   tieKeys: scheme.ranking.tieBreakers.indices.map { result.tieBreaker($0)! }, preferences: preferences))
    }
}
