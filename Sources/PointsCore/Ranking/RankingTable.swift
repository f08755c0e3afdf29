/// A population ranked: the qualified in rank order, then the rest in file order.
public struct RankingTable: Sendable {
    let entries: RankingEntries
    /// Candidates' positions, in rank order.
    let order: [Int32]
    /// Each ranked position's shared rank.
    let ranks: [Int32]
    /// Whether each ranked position ties with a neighbour.
    let tied: [Bool]
    /// How many may be admitted.
    public let quota: Int

    /// Applicants in the file.
    public var applicants: Int { entries.count }
    /// Applicants ranked (qualified, with every tie-breaker).
    public var qualified: Int { order.count }
    /// Applicants admitted (every rank within the quota).
    public var admitted: Int { ranks.prefix { Int($0) <= quota }.count }

    init(_ entries: RankingEntries, descending: [Bool], quota: Int) {
        self.entries = entries
        self.quota = quota
        var order = (0..<entries.count).filter { entries.kinds[$0] == .candidate }.map { Int32($0) }
        let k = entries.tieBreakers
        let scores = entries.scores, keys = entries.keys
        /// -1: a first, 1: b first, 0: an exact tie.
        func compare(_ a: Int, _ b: Int) -> Int {
            if scores[a] != scores[b] { return scores[a] > scores[b] ? -1 : 1 }
            for (i, isDescending) in descending.enumerated() where keys[a * k + i] != keys[b * k + i] {
                return (keys[a * k + i] > keys[b * k + i]) == isDescending ? -1 : 1
            }
            return 0
        }
        order.sort { a, b in
            let c = compare(Int(a), Int(b))
            return c == 0 ? a < b : c < 0
        }
        var ranks = [Int32](repeating: 0, count: order.count), tied = [Bool](repeating: false, count: order.count)
        for position in order.indices {
            let tiesBefore = position > 0 && compare(Int(order[position - 1]), Int(order[position])) == 0
            ranks[position] = tiesBefore ? ranks[position - 1] : Int32(position + 1)
            if tiesBefore { tied[position] = true; tied[position - 1] = true }
        }
        self.order = order
        self.ranks = ranks
        self.tied = tied
    }

    /// Every applicant, ranked ones first.
    public var rows: [RankedApplicant] {
        var rows: [RankedApplicant] = []
        forEachRow { id, rank, admitted, score, total, reason in
            rows.append(RankedApplicant(id: String(decoding: id, as: UTF8.self), rank: rank, admitted: admitted,
                                        rankingScore: score, total: total, reason: reason))
        }
        return rows
    }

    private func forEachRow(_ body: (ArraySlice<UInt8>, Int?, Bool, Fixed?, Fixed?, String) -> Void) {
        for (position, index) in order.enumerated() {
            let i = Int(index), rank = Int(ranks[position])
            body(entries.id(i), rank, rank <= quota, Fixed(units: entries.scores[i]), Fixed(units: entries.totals[i]), reason(rank: rank, tied: tied[position]))
        }
        for (index, text) in entries.reasons {
            let scored = entries.kinds[index] == .scored
            body(entries.id(index), nil, false, scored ? Fixed(units: entries.scores[index]) : nil, scored ? Fixed(units: entries.totals[index]) : nil, text)
        }
    }

    private func reason(rank: Int, tied: Bool) -> String {
        rank <= quota ? "rank \(rank) within the quota of \(quota)" + (tied ? " (tied)" : "") : "rank \(rank) is beyond the quota of \(quota)"
    }

    /// The ranking as CSV (`rank,applicant_id,admitted,ranking_score,total,reason`), handed to
    /// `write` in pieces of about a megabyte.
    public func writeCSV(_ write: ([UInt8]) throws -> Void) throws {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20 + 4096)
        out.append(contentsOf: "rank,\(Applicant.idKey),admitted,ranking_score,total,reason\n".utf8)
        var failure: Error?
        forEachRow { id, rank, admitted, score, total, reason in
            guard failure == nil else { return }
            if let rank { out.append(contentsOf: String(rank).utf8) }
            out.append(UInt8(ascii: ","))
            CSVParser.appendCell(id, to: &out)
            out.append(contentsOf: (admitted ? ",true," : ",false,").utf8)
            if let score { out.append(contentsOf: score.description.utf8) }
            out.append(UInt8(ascii: ","))
            if let total { out.append(contentsOf: total.description.utf8) }
            out.append(UInt8(ascii: ","))
            CSVParser.appendCell(reason.utf8, to: &out)
            out.append(UInt8(ascii: "\n"))
            if out.count >= 1 << 20 {
                do { try write(out) } catch { failure = error }
                out.removeAll(keepingCapacity: true)
            }
        }
        if let failure { throw failure }
        try write(out)
    }
}
