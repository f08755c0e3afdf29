import Dispatch
import Foundation
import Synchronization

/// A candidate's sort key: ascending order is rank order.
private struct SortKey: Comparable {
    let score: Int64, k0: Int64, k1: Int64, k2: Int64
    let index: Int32

    static func < (a: SortKey, b: SortKey) -> Bool { (a.score, a.k0, a.k1, a.k2, a.index) < (b.score, b.k0, b.k1, b.k2, b.index) }
}

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
        let order = Self.sorted((0..<entries.count).filter { entries.kinds[$0] == .candidate }, scores: scores, keys: keys, descending: descending)
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

    /// Candidates in rank order: ranking score, then each tie-breaker, then file order. The
    /// sort keys sit side by side (descending ones negated) and each half is sorted on its own
    /// core before the two are merged.
    private static func sorted(_ candidates: [Int], scores: [Int64], keys: [Int64], descending: [Bool]) -> [Int32] {
        let k = descending.count
        guard k <= 3 else {
            return candidates.sorted { a, b in
                if scores[a] != scores[b] { return scores[a] > scores[b] }
                for (i, isDescending) in descending.enumerated() where keys[a * k + i] != keys[b * k + i] {
                    return (keys[a * k + i] > keys[b * k + i]) == isDescending
                }
                return a < b
            }.map { Int32($0) }
        }
        func key(_ i: Int, _ t: Int) -> Int64 { t < k ? (descending[t] ? -keys[i * k + t] : keys[i * k + t]) : 0 }
        var packed = candidates.map { SortKey(score: -scores[$0], k0: key($0, 0), k1: key($0, 1), k2: key($0, 2), index: Int32($0)) }
        let middle = packed.count / 2
        packed.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let halves = buffer
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                let range = half == 0 ? 0..<middle : middle..<halves.count
                var part = UnsafeMutableBufferPointer(rebasing: halves[range])
                part.sort()
            }
        }
        var order: [Int32] = []
        order.reserveCapacity(packed.count)
        var a = 0, b = middle
        while a < middle || b < packed.count {
            if b == packed.count || (a < middle && packed[a] < packed[b]) {
                order.append(packed[a].index)
                a += 1
            } else {
                order.append(packed[b].index)
                b += 1
            }
        }
        return order
    }

    /// Every applicant, ranked ones first.
    public var rows: [RankedApplicant] {
        var rows: [RankedApplicant] = []
        for (position, index) in order.enumerated() {
            let i = Int(index), rank = Int(ranks[position])
            var reason: [UInt8] = []
            appendReason(rank: rank, tied: tied[position], to: &reason)
            rows.append(RankedApplicant(id: String(decoding: entries.id(i), as: UTF8.self), rank: rank, admitted: rank <= quota,
                                        rankingScore: Fixed(units: entries.scores[i]), total: Fixed(units: entries.totals[i]),
                                        reason: String(decoding: reason, as: UTF8.self)))
        }
        for (index, text) in entries.reasons {
            let scored = entries.kinds[index] == .scored
            rows.append(RankedApplicant(id: String(decoding: entries.id(index), as: UTF8.self), rank: nil, admitted: false,
                                        rankingScore: scored ? Fixed(units: entries.scores[index]) : nil,
                                        total: scored ? Fixed(units: entries.totals[index]) : nil, reason: text))
        }
        return rows
    }

    private func appendReason(rank: Int, tied: Bool, to out: inout [UInt8]) {
        out.append(contentsOf: "rank ".utf8)
        Self.append(Int64(rank), to: &out)
        out.append(contentsOf: (rank <= quota ? " within the quota of " : " is beyond the quota of ").utf8)
        Self.append(Int64(quota), to: &out)
        if tied && rank <= quota { out.append(contentsOf: " (tied)".utf8) }
    }

    /// The ranking as CSV (`rank,applicant_id,admitted,ranking_score,total,reason`), handed to
    /// `write` in pieces of a few megabytes, formatted on every core.
    public func writeCSV(_ write: ([UInt8]) throws -> Void) throws {
        try write(Array("rank,\(Applicant.idKey),admitted,ranking_score,total,reason\n".utf8))
        // Pieces: ranked positions, then the others, `rowsPerPiece` at a time.
        let rowsPerPiece = 32_768
        let rankedPieces = (order.count + rowsPerPiece - 1) / rowsPerPiece
        let pieces = rankedPieces + (entries.reasons.count + rowsPerPiece - 1) / rowsPerPiece
        let wave = ProcessInfo.processInfo.activeProcessorCount
        for waveStart in stride(from: 0, to: pieces, by: wave) {
            let count = min(wave, pieces - waveStart)
            let formatted = Mutex([[UInt8]](repeating: [], count: count))
            DispatchQueue.concurrentPerform(iterations: count) { i in
                let piece = waveStart + i
                var out: [UInt8] = []
                out.reserveCapacity(rowsPerPiece * 64)
                if piece < rankedPieces {
                    formatRanked(piece * rowsPerPiece..<min(order.count, (piece + 1) * rowsPerPiece), into: &out)
                } else {
                    let first = (piece - rankedPieces) * rowsPerPiece
                    formatOthers(first..<min(entries.reasons.count, first + rowsPerPiece), into: &out)
                }
                formatted.withLock { $0[i] = out }
            }
            for piece in formatted.withLock({ $0 }) { try write(piece) }
        }
    }

    private func formatRanked(_ positions: Range<Int>, into out: inout [UInt8]) {
        for position in positions {
            let i = Int(order[position]), rank = Int(ranks[position])
            Self.append(Int64(rank), to: &out)
            out.append(UInt8(ascii: ","))
            CSVParser.appendCell(entries.id(i), to: &out)
            out.append(contentsOf: (rank <= quota ? ",true," : ",false,").utf8)
            Self.appendDecimal(entries.scores[i], to: &out)
            out.append(UInt8(ascii: ","))
            Self.appendDecimal(entries.totals[i], to: &out)
            out.append(UInt8(ascii: ","))
            appendReason(rank: rank, tied: tied[position], to: &out)
            out.append(UInt8(ascii: "\n"))
        }
    }

    private func formatOthers(_ range: Range<Int>, into out: inout [UInt8]) {
        for (index, text) in entries.reasons[range] {
            out.append(UInt8(ascii: ","))
            CSVParser.appendCell(entries.id(index), to: &out)
            out.append(contentsOf: ",false,".utf8)
            if entries.kinds[index] == .scored {
                Self.appendDecimal(entries.scores[index], to: &out)
                out.append(UInt8(ascii: ","))
                Self.appendDecimal(entries.totals[index], to: &out)
            } else {
                out.append(UInt8(ascii: ","))
            }
            out.append(UInt8(ascii: ","))
            CSVParser.appendCell(text.utf8, to: &out)
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// A whole number's digits.
    private static func append(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude, digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                                                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// Fixed-point units as `Fixed.description` writes them (`200`, `6.67`, `-10`).
    private static func appendDecimal(_ units: Int64, to out: inout [UInt8]) {
        if units < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = units.magnitude
        append(Int64(magnitude / UInt64(Fixed.scale)), to: &out)
        var fraction = magnitude % UInt64(Fixed.scale)
        guard fraction != 0 else { return }
        var places = 4
        while fraction % 10 == 0 { fraction /= 10; places -= 1 }
        out.append(UInt8(ascii: "."))
        var divisor: UInt64 = 1
        for _ in 1..<places { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(fraction / divisor % 10))
            divisor /= 10
        }
    }
}
