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
        let order = Self.sorted((0..<entries.count).filter { entries.kinds[$0] == .candidate }, scores: scores, keys: keys,
                                descending: descending, compare: compare)
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
    /// More than three tie-breakers are sorted by `compare` itself.
    private static func sorted(_ candidates: [Int], scores: [Int64], keys: [Int64], descending: [Bool],
                               compare: (Int, Int) -> Int) -> [Int32] {
        let k = descending.count
        guard k <= 3 else {
            return candidates.sorted { a, b in
                let c = compare(a, b)
                return c == 0 ? a < b : c < 0
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
            let reason = [UInt8](unsafeUninitializedCapacity: 96) { buffer, count in
                var writer = ByteWriter(buffer.baseAddress!)
                writeReason(rank: Int64(rank), tied: tied[position], into: &writer)
                count = writer.count
            }
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
        entries.idBytes.withUnsafeBufferPointer { idBytes in
            func id(_ i: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: idBytes[(i == 0 ? 0 : entries.idEnds[i - 1])..<entries.idEnds[i]])
            }
            // rank, id, admitted, two decimals, the reason and separators stay under 160 bytes.
            let limit = positions.reduce(0) { $0 + 160 + ByteWriter.cellLimit(id(Int(order[$1])).count) }
            out = [UInt8](unsafeUninitializedCapacity: limit) { buffer, count in
                var writer = ByteWriter(buffer.baseAddress!)
                for position in positions {
                    let i = Int(order[position]), rank = Int64(ranks[position])
                    writer.whole(rank)
                    writer.byte(UInt8(ascii: ","))
                    writer.cell(id(i))
                    writer.text(rank <= quota ? ",true," : ",false,")
                    writer.decimal(entries.scores[i])
                    writer.byte(UInt8(ascii: ","))
                    writer.decimal(entries.totals[i])
                    writer.byte(UInt8(ascii: ","))
                    writeReason(rank: rank, tied: tied[position], into: &writer)
                    writer.byte(UInt8(ascii: "\n"))
                }
                count = writer.count
            }
        }
    }

    /// Why a ranked applicant is admitted or not (at most 80 bytes).
    private func writeReason(rank: Int64, tied: Bool, into writer: inout ByteWriter) {
        writer.text("rank ")
        writer.whole(rank)
        writer.text(rank <= quota ? " within the quota of " : " is beyond the quota of ")
        writer.whole(Int64(quota))
        if tied && rank <= quota { writer.text(" (tied)") }
    }

    private func formatOthers(_ range: Range<Int>, into out: inout [UInt8]) {
        let limit = entries.reasons[range].reduce(0) { $0 + 80 + ByteWriter.cellLimit(entries.id($1.index).count + $1.text.utf8.count) }
        out = [UInt8](unsafeUninitializedCapacity: limit) { buffer, count in
            var writer = ByteWriter(buffer.baseAddress!)
            for (index, text) in entries.reasons[range] {
                writer.byte(UInt8(ascii: ","))
                entries.id(index).withUnsafeBufferPointer { writer.cell($0) }
                writer.text(",false,")
                if entries.kinds[index] == .scored {
                    writer.decimal(entries.scores[index])
                    writer.byte(UInt8(ascii: ","))
                    writer.decimal(entries.totals[index])
                } else {
                    writer.byte(UInt8(ascii: ","))
                }
                writer.byte(UInt8(ascii: ","))
                var text = text
                text.withUTF8 { writer.cell($0) }
                writer.byte(UInt8(ascii: "\n"))
            }
            count = writer.count
        }
    }
}
