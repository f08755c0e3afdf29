import Dispatch
import Foundation

/// A candidate's sort key: ascending order is rank order.
private struct SortKey: Comparable {
    let score: Int64, k0: Int64, k1: Int64, k2: Int64
    let index: Int32

    static func < (a: SortKey, b: SortKey) -> Bool { (a.score, a.k0, a.k1, a.k2, a.index) < (b.score, b.k0, b.k1, b.k2, b.index) }

    /// Whether the two rank alike: every key but the file position equal.
    func ties(_ other: SortKey) -> Bool { (score, k0, k1, k2) == (other.score, other.k0, other.k1, other.k2) }
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

    /// The last admitted rank's ranking score and how many share that rank (ties at the
    /// cut-off are all admitted); nil when nobody is admitted.
    public var cutOff: (score: Fixed, sharing: Int)? {
        let count = admitted
        guard count > 0 else { return nil }
        let last = ranks[count - 1]
        return (Fixed(units: entries.scores(Int(order[count - 1])).score), ranks.prefix(count).filter { $0 == last }.count)
    }

    init(_ entries: RankingEntries, descending: [Bool], quota: Int) {
        self.entries = entries
        self.quota = quota
        let (order, tiesBefore) = descending.count <= 3 ? Self.sortedByKeys(entries, descending: descending)
                                                         : Self.sortedByComparing(entries, descending: descending)
        var ranks = [Int32](repeating: 0, count: order.count), tied = [Bool](repeating: false, count: order.count)
        for position in order.indices {
            ranks[position] = tiesBefore[position] ? ranks[position - 1] : Int32(position + 1)
            if tiesBefore[position] { tied[position] = true; tied[position - 1] = true }
        }
        self.order = order
        self.ranks = ranks
        self.tied = tied
    }

    /// Candidates in rank order (ranking score, then each tie-breaker, then file order), and
    /// whether each ties with the one before, for up to three tie-breakers. The sort keys sit
    /// side by side (descending ones negated), each half is sorted on its own core, and the two
    /// are merged; neighbours are compared in the merged keys, in memory order.
    private static func sortedByKeys(_ entries: RankingEntries, descending: [Bool]) -> (order: [Int32], tiesBefore: [Bool]) {
        let k = descending.count
        var packed: [SortKey] = []
        for (p, part) in entries.parts.enumerated() {
            func key(_ at: Int, _ t: Int) -> Int64 { t < k ? (descending[t] ? -part.keys[at * k + t] : part.keys[at * k + t]) : 0 }
            for at in part.kinds.indices where part.kinds[at] == .candidate {
                packed.append(SortKey(score: -part.scores[at], k0: key(at, 0), k1: key(at, 1), k2: key(at, 2), index: Int32(entries.starts[p] + at)))
            }
        }
        let middle = packed.count / 2
        packed.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let halves = buffer
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                let range = half == 0 ? 0..<middle : middle..<halves.count
                var part = UnsafeMutableBufferPointer(rebasing: halves[range])
                part.sort()
            }
        }
        var order: [Int32] = [], tiesBefore: [Bool] = []
        order.reserveCapacity(packed.count)
        tiesBefore.reserveCapacity(packed.count)
        var a = 0, b = middle
        var previous: SortKey?
        while a < middle || b < packed.count {
            let next: SortKey
            if b == packed.count || (a < middle && packed[a] < packed[b]) {
                next = packed[a]
                a += 1
            } else {
                next = packed[b]
                b += 1
            }
            order.append(next.index)
            tiesBefore.append(previous.map { $0.ties(next) } ?? false)
            previous = next
        }
        return (order, tiesBefore)
    }

    /// The same order for more than three tie-breakers, sorted by comparing candidates.
    private static func sortedByComparing(_ entries: RankingEntries, descending: [Bool]) -> (order: [Int32], tiesBefore: [Bool]) {
        let k = descending.count
        var candidates: [Int] = [], scores: [Int64] = [], keys: [Int64] = []
        for (p, part) in entries.parts.enumerated() {
            for at in part.kinds.indices where part.kinds[at] == .candidate {
                candidates.append(entries.starts[p] + at)
                scores.append(part.scores[at])
                keys.append(contentsOf: part.keys[at * k..<(at + 1) * k])
            }
        }
        /// -1: a first, 1: b first, 0: an exact tie.
        func compare(_ a: Int, _ b: Int) -> Int {
            if scores[a] != scores[b] { return scores[a] > scores[b] ? -1 : 1 }
            for (i, isDescending) in descending.enumerated() where keys[a * k + i] != keys[b * k + i] {
                return (keys[a * k + i] > keys[b * k + i]) == isDescending ? -1 : 1
            }
            return 0
        }
        let sorted = candidates.indices.sorted { a, b in
            let c = compare(a, b)
            return c == 0 ? a < b : c < 0
        }
        return (sorted.map { Int32(candidates[$0]) }, sorted.indices.map { $0 > 0 && compare(sorted[$0 - 1], sorted[$0]) == 0 })
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
                                        rankingScore: Fixed(units: entries.scores(i).score), total: Fixed(units: entries.scores(i).total),
                                        reason: String(decoding: reason, as: UTF8.self)))
        }
        for (index, text) in entries.reasons {
            let scored = entries.isScored(index), scores = entries.scores(index)
            rows.append(RankedApplicant(id: String(decoding: entries.id(index), as: UTF8.self), rank: nil, admitted: false,
                                        rankingScore: scored ? Fixed(units: scores.score) : nil,
                                        total: scored ? Fixed(units: scores.total) : nil, reason: text))
        }
        return rows
    }

    /// The ranking as CSV (`rank,applicant_id,admitted,ranking_score,total,reason`), handed to
    /// `write` in order, in pieces of a few megabytes formatted on every core: a piece is
    /// written as soon as it and those before it are ready, so writing overlaps formatting.
    /// `write` may be called from any thread, never from two at once; its first error stops
    /// the rest and is rethrown.
    public func writeCSV(_ write: @Sendable (UnsafeRawBufferPointer) throws -> Void) throws {
        try Array("rank,\(Applicant.idKey),admitted,ranking_score,total,reason\n".utf8).withUnsafeBytes(write)
        // Pieces: ranked positions, then the others, `rowsPerPiece` at a time.
        let rowsPerPiece = 32_768
        let rankedPieces = (order.count + rowsPerPiece - 1) / rowsPerPiece
        let pieces = rankedPieces + (entries.reasons.count + rowsPerPiece - 1) / rowsPerPiece
        // Whose turn it is to write, and the first error.
        let turn = NSCondition()
        nonisolated(unsafe) var next = 0, failure: (any Error)?
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            var out: [UInt8] = []
            if piece < rankedPieces {
                formatRanked(piece * rowsPerPiece..<min(order.count, (piece + 1) * rowsPerPiece), into: &out)
            } else {
                let first = (piece - rankedPieces) * rowsPerPiece
                formatOthers(first..<min(entries.reasons.count, first + rowsPerPiece), into: &out)
            }
            turn.lock()
            while next != piece { turn.wait() }
            turn.unlock()
            // Only this piece's thread writes until `next` moves on.
            if failure == nil {
                do { try out.withUnsafeBytes(write) } catch { failure = error }
            }
            turn.lock()
            next += 1
            turn.broadcast()
            turn.unlock()
        }
        if let failure { throw failure }
    }

    private func formatRanked(_ positions: Range<Int>, into out: inout [UInt8]) {
        // Applicants in rank order are scattered over the file: their ids and numbers are
        // gathered first, in a loop whose reads do not wait on each other.
        var ids: [UInt8] = [], idEnds: [Int] = [], numbers: [(score: Int64, total: Int64)] = []
        idEnds.reserveCapacity(positions.count)
        numbers.reserveCapacity(positions.count)
        for position in positions {
            let (p, at) = entries.locate(Int(order[position]))
            ids.append(contentsOf: entries.parts[p].id(at))
            idEnds.append(ids.count)
            numbers.append((entries.parts[p].scores[at], entries.parts[p].totals[at]))
        }
        ids.withUnsafeBufferPointer { ids in
            // rank, admitted, two decimals, the reason and separators stay under 160 bytes; an
            // id at most doubles and gains two quotes.
            let limit = positions.count * (160 + 2) + 2 * ids.count
            out = [UInt8](unsafeUninitializedCapacity: limit) { buffer, count in
                var writer = ByteWriter(buffer.baseAddress!)
                for (k, position) in positions.enumerated() {
                    let rank = Int64(ranks[position])
                    writer.whole(rank)
                    writer.byte(UInt8(ascii: ","))
                    writer.cell(UnsafeBufferPointer(rebasing: ids[(k == 0 ? 0 : idEnds[k - 1])..<idEnds[k]]))
                    writer.text(rank <= quota ? ",true," : ",false,")
                    writer.decimal(numbers[k].score)
                    writer.byte(UInt8(ascii: ","))
                    writer.decimal(numbers[k].total)
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
                if entries.isScored(index) {
                    let scores = entries.scores(index)
                    writer.decimal(scores.score)
                    writer.byte(UInt8(ascii: ","))
                    writer.decimal(scores.total)
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
