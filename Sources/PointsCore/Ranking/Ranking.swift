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
    /// - Throws: `DocumentError` for a file that is not a population (see `Population.score`) or
    ///   that names an applicant twice.
    ///
    /// - Parameter progress: Called after each block with the bytes read and scored so far.
    public static func rank(_ source: PopulationSource, format: Population.Format, scheme: Scheme, asOf: LocalDate, quota: Int,
                            progress: ((Int) -> Void)? = nil) throws(DocumentError) -> RankingTable {
        let entries = try Population.score(source, format: format, scheme: scheme, asOf: asOf, into: RankingEntries.self, progress: progress)
        if let twice = entries.duplicateID() {
            // A CSV's applicant n is on line n + 2 (after the header); a JSON lines file's on n + 1.
            let offset = format == .csv ? 2 : 1
            throw DocumentError(line: twice.second + offset, message: "\(Applicant.idKey) '\(twice.id.shownName)' is here again (first on line \(twice.first + offset)); each applicant has one row")
        }
        return RankingTable(entries, descending: scheme.ranking.tieBreakers.map(\.descending), quota: quota)
    }
}
