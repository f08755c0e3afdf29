/// One applicant's place in a ranking.
public struct RankedApplicant: Sendable, Equatable {
    /// The applicant id.
    public let id: String
    /// The shared (competition) rank among qualified applicants, or nil when not ranked.
    public let rank: Int?
    /// Whether the applicant is within the quota (ties at the cut-off are all admitted).
    public let admitted: Bool
    /// The ranking score, when the applicant could be scored.
    public let rankingScore: Fixed?
    /// The total, when the applicant could be scored.
    public let total: Fixed?
    /// Why the applicant is admitted or not.
    public let reason: String
}

/// Ranks applicants under a scheme's ranking rule and a quota.
public enum Ranking {
    /// Scores every applicant of a population file, keeps the qualified ones, orders them by
    /// the ranking score and the scheme's tie-breakers, gives exact ties one rank, and admits
    /// every rank within the quota (so the quota may be exceeded at the cut-off).
    ///
    /// - Throws: `DocumentError` for a file that is not a population (see `Population.score`).
    public static func rank(_ source: PopulationSource, format: Population.Format, scheme: Scheme, asOf: LocalDate, quota: Int) throws(DocumentError) -> RankingTable {
        let entries = try Population.score(source, format: format, scheme: scheme, asOf: asOf, into: RankingEntries.self)
        return RankingTable(entries, descending: scheme.ranking.tieBreakers.map(\.descending), quota: quota)
    }
}

/// What ranking keeps of each applicant: id, scores, tie-breaker values, and the reason of
/// those who do not compete. A few dozen bytes an applicant.
struct RankingEntries: PopulationSink, Sendable {
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
    var kinds: [Kind] = []
    var scores: [Int64] = []
    var totals: [Int64] = []
    /// Tie-breaker values, `tieBreakers` per applicant.
    var keys: [Int64] = []
    var tieBreakers = 0
    /// Why each non-candidate does not compete, by position.
    var reasons: [(index: Int, text: String)] = []

    public init() {}

    var count: Int { kinds.count }

    public mutating func take(id: String, line: Int, scheme: Scheme, row: FactRow, result: ScoreResult, error: FactsError?) {
        let index = kinds.count
        idBytes.append(contentsOf: id.utf8)
        idEnds.append(idBytes.count)
        tieBreakers = scheme.ranking.tieBreakers.count
        guard error == nil else {
            kinds.append(.invalid)
            scores.append(0)
            totals.append(0)
            for _ in 0..<tieBreakers { keys.append(0) }
            reasons.append((index, "invalid facts: " + error!.issues.map(\.description).joined(separator: "; ")))
            return
        }
        scores.append(result.rankingScore.units)
        totals.append(result.total.units)
        var complete = true
        for i in 0..<tieBreakers {
            let value = result.tieBreaker(i)
            keys.append(value?.units ?? 0)
            if value == nil { complete = false }
        }
        if !result.qualified {
            kinds.append(.scored)
            reasons.append((index, scheme.failedGatesLine(row, result, prefix: "not qualified: ")))
        } else if !complete {
            kinds.append(.scored)
            let absent = scheme.ranking.tieBreakers.indices.filter { result.tieBreaker($0) == nil }
                .map { scheme.ranking.tieBreakers[$0].fact.name }.joined(separator: ", ")
            reasons.append((index, "invalid facts: missing \(absent), needed to break ties"))
        } else {
            kinds.append(.candidate)
        }
    }

    public mutating func append(_ later: RankingEntries) {
        let base = kinds.count, byteBase = idBytes.count
        idBytes.append(contentsOf: later.idBytes)
        idEnds.append(contentsOf: later.idEnds.lazy.map { $0 + byteBase })
        kinds.append(contentsOf: later.kinds)
        scores.append(contentsOf: later.scores)
        totals.append(contentsOf: later.totals)
        keys.append(contentsOf: later.keys)
        tieBreakers = max(tieBreakers, later.tieBreakers)
        reasons.append(contentsOf: later.reasons.lazy.map { ($0.index + base, $0.text) })
    }

    func id(_ index: Int) -> ArraySlice<UInt8> { idBytes[(index == 0 ? 0 : idEnds[index - 1])..<idEnds[index]] }
}
