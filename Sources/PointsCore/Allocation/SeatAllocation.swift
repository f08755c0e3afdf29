/// School seat allocation by serial dictatorship: applicants are ordered (batch, then points,
/// then the scheme's tie-breakers, then their order in the file), and each in turn takes the
/// highest preference with a seat left; the unplaced join a waiting list in the same order.
///
/// The result is stable in the sense that matters to parents: nobody is refused a school
/// they listed above their placement while someone they outrank holds a seat there.
public enum SeatAllocation {
    /// The most schools an applicant may list.
    public static let maxPreferences = 19

    /// One applicant ready to be placed.
    public struct Candidate: Sendable, Equatable {
        /// The applicant id.
        public let id: String
        /// The admission batch (1 is served first: the priority batch).
        public let batch: Int
        /// The service's score (school points).
        public let score: Fixed
        /// The tie-breaking values, in the scheme's order.
        public let tieKeys: [Fixed]
        /// Schools by position in the seat plan, most wanted first.
        public let preferences: [Int]

        /// Creates a candidate.
        public init(id: String, batch: Int, score: Fixed, tieKeys: [Fixed], preferences: [Int]) {
            self.id = id
            self.batch = batch
            self.score = score
            self.tieKeys = tieKeys
            self.preferences = preferences
        }
    }

    /// Where one candidate ended up.
    public struct Placement: Sendable, Equatable {
        /// The candidate's position in the input.
        public let candidate: Int
        /// 1-based place in the allocation order.
        public let order: Int
        /// The school, by position in the seat plan, or nil when unplaced.
        public let school: Int?
        /// Which preference it was (1 = first choice), or nil.
        public let choice: Int?
        /// 1-based place on the waiting list, when unplaced.
        public let waitingPosition: Int?
    }

    /// Places every candidate; the result is in allocation order.
    ///
    /// - Parameters:
    ///   - candidates: The eligible applicants, in file order (the last tie-breaker).
    ///   - seats: Seats per school, by position in the seat plan.
    ///   - descending: For each tie-breaker, whether more ranks higher.
    public static func allocate(_ candidates: [Candidate], seats: [Int], descending: [Bool]) -> [Placement] {
        let order = candidates.indices.sorted { a, b in
            precedes(candidates[a], candidates[b], descending: descending) ?? (a < b)
        }
        var left = seats
        var placements: [Placement] = []
        placements.reserveCapacity(candidates.count)
        var waiting = 0
        for (position, index) in order.enumerated() {
            let candidate = candidates[index]
            if let choice = candidate.preferences.firstIndex(where: { left[$0] > 0 }) {
                let school = candidate.preferences[choice]
                left[school] -= 1
                placements.append(Placement(candidate: index, order: position + 1, school: school, choice: choice + 1, waitingPosition: nil))
            } else {
                waiting += 1
                placements.append(Placement(candidate: index, order: position + 1, school: nil, choice: nil, waitingPosition: waiting))
            }
        }
        return placements
    }

    /// Whether `a` is served before `b`; nil when they tie on batch, score and every tie-breaker.
    public static func precedes(_ a: Candidate, _ b: Candidate, descending: [Bool]) -> Bool? {
        if a.batch != b.batch { return a.batch < b.batch }
        if a.score != b.score { return a.score > b.score }
        for (i, isDescending) in descending.enumerated() where a.tieKeys[i] != b.tieKeys[i] {
            return isDescending ? a.tieKeys[i] > b.tieKeys[i] : a.tieKeys[i] < b.tieKeys[i]
        }
        return nil
    }
}
