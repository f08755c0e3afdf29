import PointsCore

extension Points_V1_EnrolmentTierResponse {
    /// The education bureau's answer on the wire: tier, batch, school points and reason only.
    public init(_ answer: EnrolmentAnswer, scheme: SchemeMetadata) {
        self.init()
        self.scheme.id = scheme.id
        self.scheme.version = scheme.version
        self.scheme.title = .init(scheme.title)
        self.scheme.effectiveFrom = scheme.effectiveFrom.description
        self.scheme.effectiveTo = scheme.effectiveTo?.description ?? ""
        self.scheme.contentHash = scheme.contentHash
        if let published = scheme.publishedOn { self.scheme.publishedOn = published.description }
        self.asOf = answer.asOf
        self.stage = answer.stage
        self.service = answer.service
        if let tier = answer.tier { self.tier = tier }
        self.title = .init(answer.title)
        self.clause = answer.clause
        if let batch = answer.batch { self.batch = UInt32(batch) }
        self.schoolPoints = answer.score.description
        self.reason = .init(answer.reason)
        if let known = answer.rulesKnownOn { self.rulesKnownOn = known }
        if let undetermined = answer.undetermined { self.undetermined = undetermined }
    }
}

extension EnrolmentAnswer {
    /// The answer a client received, back in the core type, so it prints as a local one.
    ///
    /// - Throws: `RPCError` (`DATA_LOSS`) when the school points are not an exact decimal.
    public init(_ response: Points_V1_EnrolmentTierResponse) throws(RPCError) {
        guard let score = Fixed(decimal: response.schoolPoints) else {
            throw RPCError(.dataLoss, "school_points '\(response.schoolPoints)' is not an exact decimal")
        }
        self.init(schemeID: response.scheme.id, schemeVersion: response.scheme.version, contentHash: response.scheme.contentHash,
                  asOf: response.asOf, stage: response.stage, service: response.service,
                  tier: response.hasTier ? response.tier : nil, title: response.title.core, clause: response.clause,
                  batch: response.hasBatch ? Int(response.batch) : nil, score: score, reason: response.reason.core,
                  rulesKnownOn: response.hasRulesKnownOn ? response.rulesKnownOn : nil,
                  undetermined: response.hasUndetermined ? response.undetermined : nil)
    }
}

extension Points_V1_AllocateSeatsResponse {
    /// An allocation on the wire.
    public init(rows: [Allocation.Row], summary: Allocation.Summary, scheme: SchemeMetadata) {
        self.init()
        self.scheme.id = scheme.id
        self.scheme.version = scheme.version
        self.scheme.contentHash = scheme.contentHash
        self.placements = rows.map { row in
            var out = Points_V1_SeatPlacement()
            if let order = row.order { out.order = UInt32(order) }
            out.applicantID = row.applicantID
            if let batch = row.batch { out.batch = UInt32(batch) }
            if let score = row.score { out.score = score.description }
            if let school = row.school { out.schoolID = school }
            if let choice = row.choice { out.choice = UInt32(choice) }
            if let waiting = row.waitingPosition { out.waitingPosition = UInt32(waiting) }
            out.reason = row.reason
            return out
        }
        self.summary.applicants = UInt32(summary.applicants)
        self.summary.eligible = UInt32(summary.eligible)
        self.summary.placedByBatch = summary.placedByBatch.keys.sorted().map { batch in
            var count = Points_V1_BatchCount()
            count.batch = UInt32(batch)
            count.placed = UInt32(summary.placedByBatch[batch]!)
            return count
        }
        self.summary.firstChoice = UInt32(summary.firstChoice)
        self.summary.waiting = UInt32(summary.waiting)
        self.summary.notEligible = UInt32(summary.notEligible)
        self.summary.invalid = UInt32(summary.invalid)
        self.summary.seatsByKind = summary.seatsByKind.keys.sorted().map { kind in
            var seats = Points_V1_KindSeats()
            seats.kind = kind
            seats.offered = UInt32(summary.seatsByKind[kind]!.offered)
            seats.filled = UInt32(summary.seatsByKind[kind]!.filled)
            return seats
        }
    }
}
