import Foundation

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
    /// Scores every applicant, keeps the qualified ones, orders them by the ranking score and
    /// the scheme's tie-breakers, gives exact ties one rank, and admits every rank within the
    /// quota (so the quota may be exceeded at the cut-off).
    ///
    /// - Returns: The ranked applicants in rank order, then the rest in file order.
    public static func rank(_ applicants: [Applicant], scheme: Scheme, asOf: LocalDate, quota: Int) -> [RankedApplicant] {
        let assessments = applicants.concurrentMap { assess($0, scheme: scheme, asOf: asOf) }
        var candidates: [Candidate] = []
        var others: [RankedApplicant] = []
        for (index, assessment) in assessments.enumerated() {
            switch assessment {
            case .candidate(let score, let total, let keys):
                candidates.append(Candidate(index: index, score: score, total: total, keys: keys))
            case .excluded(let ranked):
                others.append(ranked)
            }
        }
        let descending = scheme.ranking.tieBreakers.map(\.descending)
        func precedes(_ a: Candidate, _ b: Candidate) -> Bool? {
            if a.score != b.score { return a.score > b.score }
            for (i, isDescending) in descending.enumerated() where a.keys[i] != b.keys[i] {
                return isDescending ? a.keys[i] > b.keys[i] : a.keys[i] < b.keys[i]
            }
            return nil
        }
        candidates.sort { a, b in precedes(a, b) ?? (a.index < b.index) }
        var ranked: [RankedApplicant] = []
        ranked.reserveCapacity(applicants.count)
        var rank = 0
        for (position, candidate) in candidates.enumerated() {
            if position == 0 || precedes(candidates[position - 1], candidate) != nil { rank = position + 1 }
            let admitted = rank <= quota
            let tie = (position > 0 && precedes(candidates[position - 1], candidate) == nil)
                || (position + 1 < candidates.count && precedes(candidate, candidates[position + 1]) == nil)
            let reason = admitted
                ? "rank \(rank) within the quota of \(quota)" + (tie ? " (tied)" : "")
                : "rank \(rank) is beyond the quota of \(quota)"
            ranked.append(RankedApplicant(id: applicants[candidate.index].id, rank: rank, admitted: admitted,
                                          rankingScore: candidate.score, total: candidate.total, reason: reason))
        }
        return ranked + others
    }

    private struct Candidate {
        let index: Int
        let score: Fixed
        let total: Fixed
        let keys: [Fixed]
    }

    private enum Assessment: Sendable {
        case candidate(score: Fixed, total: Fixed, keys: [Fixed])
        case excluded(RankedApplicant)
    }

    /// Scores one applicant and says whether it competes, or why not.
    private static func assess(_ applicant: Applicant, scheme: Scheme, asOf: LocalDate) -> Assessment {
        let card: ScoreCard
        do {
            card = try scheme.score(document: applicant.document, asOf: asOf, ignoredKeys: [Applicant.idKey], explain: false)
        } catch {
            return .excluded(RankedApplicant(id: applicant.id, rank: nil, admitted: false, rankingScore: nil, total: nil,
                                             reason: "invalid facts: " + error.issues.map(\.description).joined(separator: "; ")))
        }
        guard card.qualified else {
            let gates = card.failedGates.map { "\($0.id) (\($0.reason.en))" }.joined(separator: "; ")
            return .excluded(RankedApplicant(id: applicant.id, rank: nil, admitted: false, rankingScore: card.rankingScore,
                                             total: card.total, reason: "not qualified: \(gates)"))
        }
        let keys = card.tieBreakers.compactMap(\.value)
        guard keys.count == card.tieBreakers.count else {
            let absent = card.tieBreakers.filter { $0.value == nil }.map(\.fact).joined(separator: ", ")
            return .excluded(RankedApplicant(id: applicant.id, rank: nil, admitted: false, rankingScore: card.rankingScore,
                                             total: card.total, reason: "invalid facts: missing \(absent), needed to break ties"))
        }
        return .candidate(score: card.rankingScore, total: card.total, keys: keys)
    }

    /// The ranking as CSV: `rank,applicant_id,admitted,ranking_score,total,reason`.
    public static func csv(_ ranked: [RankedApplicant]) -> String {
        var out = "rank,\(Applicant.idKey),admitted,ranking_score,total,reason\n"
        for r in ranked {
            let cells = [r.rank.map(String.init) ?? "", r.id, r.admitted ? "true" : "false",
                         r.rankingScore?.description ?? "", r.total?.description ?? "", r.reason]
            out += cells.map(CSVParser.cell).joined(separator: ",") + "\n"
        }
        return out
    }
}
