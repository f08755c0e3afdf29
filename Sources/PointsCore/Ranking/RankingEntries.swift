/// What ranking keeps of a run of applicants: id, scores, tie-breaker values, and the reason
/// of those who do not compete. A few dozen bytes an applicant.
struct RankingPart: Sendable {
    enum Kind: UInt8 {
        /// Qualified with every tie-breaker: ranked.
        case candidate
        /// Scored, but not ranked (a failed gate, a missing tie-breaker).
        case scored
        /// Not scored (invalid or missing facts).
        case invalid
    }

    var idBytes: [UInt8] = []
    var idEnds: [Int] = []
    /// Each id's hash (`idHash`), for finding an id named twice.
    var idHashes: [UInt64] = []
    var kinds: [Kind] = []
    var scores: [Int64] = []
    var totals: [Int64] = []
    /// Tie-breaker values, `tieBreakers` per applicant.
    var keys: [Int64] = []
    var tieBreakers = 0

    var count: Int { kinds.count }

    /// Makes room for `applicants` more (ids of up to 8 bytes, up to two tie-breakers).
    mutating func reserve(_ applicants: Int) {
        idBytes.reserveCapacity(idBytes.count + 8 * applicants)
        idEnds.reserveCapacity(idEnds.count + applicants)
        idHashes.reserveCapacity(idHashes.count + applicants)
        kinds.reserveCapacity(kinds.count + applicants)
        scores.reserveCapacity(scores.count + applicants)
        totals.reserveCapacity(totals.count + applicants)
        keys.reserveCapacity(keys.count + 2 * applicants)
    }

    /// Keeps one applicant; returns why it does not compete, unless it is a candidate.
    mutating func take(id: String, scheme: Scheme, row: FactRow, result: ScoreResult, error: FactsError?) -> String? {
        let start = idBytes.count
        idBytes.append(contentsOf: id.utf8)
        idEnds.append(idBytes.count)
        idHashes.append(Self.idHash(idBytes[start...]))
        tieBreakers = scheme.ranking.tieBreakers.count
        guard error == nil else {
            kinds.append(.invalid)
            scores.append(0)
            totals.append(0)
            for _ in 0..<tieBreakers { keys.append(0) }
            return "invalid facts: " + error!.issues.map(\.description).joined(separator: "; ")
        }
        scores.append(result.rankingScore.units)
        totals.append(result.total.units)
        var complete = true
        for i in 0..<tieBreakers {
            let value = result.tieBreaker(i)
            keys.append(value?.units ?? 0)
            if value == nil { complete = false }
        }
        if result.undetermined {
            kinds.append(.scored)
            return scheme.openParametersLine(row, result)
        } else if !result.qualified {
            kinds.append(.scored)
            return scheme.failedGatesLine(row, result, prefix: "not qualified: ")
        } else if !complete, let missing = scheme.missingTieBreakers(result) {
            kinds.append(.scored)
            return "invalid facts: " + missing
        }
        kinds.append(.candidate)
        return nil
    }

    /// Applicant `index`'s id.
    func id(_ index: Int) -> ArraySlice<UInt8> { idBytes[(index == 0 ? 0 : idEnds[index - 1])..<idEnds[index]] }
}

/// What ranking keeps of a whole population: the parts the workers filled, in file order, kept
/// as they were filled (joining them would copy every column while a core waits). Applicants
/// are numbered across the parts in file order.
struct RankingEntries: PopulationSink, Sendable {
    /// The runs of applicants, in file order; a worker's sink takes into its last.
    private(set) var parts: [RankingPart] = []
    /// Each part's first applicant, then the count of all.
    private(set) var starts = [0]
    /// Why each non-candidate does not compete, by applicant, in file order.
    private(set) var reasons: [(index: Int, text: String)] = []

    static let ownColumns: [String] = []

    init(_ context: Void) {}

    /// Applicants taken.
    var count: Int { starts[starts.count - 1] }
    /// Tie-breaker values per applicant.
    var tieBreakers: Int { parts.lazy.map(\.tieBreakers).max() ?? 0 }

    mutating func reserve(_ applicants: Int) {
        if parts.isEmpty {
            parts.append(RankingPart())
            starts.append(0)
        }
        parts[parts.count - 1].reserve(applicants)
    }

    mutating func take(_ applicant: PopulationApplicant, scheme: Scheme, row: FactRow, result: ScoreResult, error: FactsError?) {
        if parts.isEmpty {
            parts.append(RankingPart())
            starts.append(0)
        }
        if let reason = parts[parts.count - 1].take(id: applicant.id, scheme: scheme, row: row, result: result, error: error) {
            reasons.append((count, reason))
        }
        starts[starts.count - 1] += 1
    }

    mutating func append(_ later: RankingEntries) {
        let base = count
        for part in later.parts {
            parts.append(part)
            starts.append(starts[starts.count - 1] + part.count)
        }
        reasons.append(contentsOf: later.reasons.lazy.map { ($0.index + base, $0.text) })
    }

    /// The part holding applicant `index`, and its position there.
    func locate(_ index: Int) -> (part: Int, at: Int) {
        // The last part starting at or before `index`.
        var low = 0, high = parts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= index { low = middle } else { high = middle - 1 }
        }
        return (low, index - starts[low])
    }

    /// Applicant `index`'s id.
    func id(_ index: Int) -> ArraySlice<UInt8> {
        let (p, at) = locate(index)
        return parts[p].id(at)
    }

    /// Whether applicant `index` was scored (its scores are kept).
    func isScored(_ index: Int) -> Bool {
        let (p, at) = locate(index)
        return parts[p].kinds[at] != .invalid
    }

    /// Applicant `index`'s ranking score and total.
    func scores(_ index: Int) -> (score: Int64, total: Int64) {
        let (p, at) = locate(index)
        return (parts[p].scores[at], parts[p].totals[at])
    }
}
