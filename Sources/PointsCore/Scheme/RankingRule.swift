/// How qualified applicants are ordered: by a score, then by tie-breaking facts.
public struct RankingRule: Sendable {
    /// One tie-breaking fact and its direction.
    public struct TieBreaker: Sendable {
        /// The numeric fact compared.
        public let fact: FactRef
        /// Whether more ranks higher.
        public let descending: Bool
    }

    /// Position of the ranking score in the scheme's scores.
    public let score: Int
    /// Tie-breakers in order; applicants equal on all of them share a rank.
    public let tieBreakers: [TieBreaker]
}
