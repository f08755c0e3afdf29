/// How one service's applicants moved between tiers from the baseline to a candidate: a full
/// transition matrix, staying put included (the report's heat map).
public struct TierTransitions: Sendable {
    /// The service id.
    public let service: String
    /// The baseline's tiers, highest first, then `none` (no tier) and `not scored`.
    public let from: [String]
    /// The candidate's, likewise.
    public let to: [String]
    /// Applicants by row (`from`) and column (`to`).
    public let counts: [[Int]]

    /// The moves (tier changed), most first, ties by names.
    public var moves: [(from: String, to: String, count: Int)] {
        var moves: [(from: String, to: String, count: Int)] = []
        for (r, row) in counts.enumerated() {
            for (c, count) in row.enumerated() where count > 0 && from[r] != to[c] { moves.append((from[r], to[c], count)) }
        }
        return moves.sorted { ($0.count, $1.from, $1.to) > ($1.count, $0.from, $0.to) }
    }

    /// The labels past the tiers: no tier, and facts that could not be scored.
    static let none = "none", notScored = "not scored"

    /// The matrix of a service both schemes have, from each applicant's tier index under each
    /// (`-1` no tier, `-2` not scored).
    init(service: String, from: [ServiceTier], to: [ServiceTier], pairs: some Sequence<(Int8, Int8)>) {
        self.service = service
        self.from = from.map(\.id) + [Self.none, Self.notScored]
        self.to = to.map(\.id) + [Self.none, Self.notScored]
        var counts = Array(repeating: Array(repeating: 0, count: to.count + 2), count: from.count + 2)
        func index(_ tier: Int8, _ tiers: Int) -> Int { tier >= 0 ? Int(tier) : tier == -1 ? tiers : tiers + 1 }
        for (before, after) in pairs { counts[index(before, from.count)][index(after, to.count)] += 1 }
        self.counts = counts
    }
}
