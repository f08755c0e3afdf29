import Dispatch

extension RankingPart {
    /// The FNV-1a hash of an id's bytes (never 0), kept as it is taken: hashing runs on every
    /// core with the scoring, so finding an id named twice costs little after it.
    static func idHash(_ id: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash == 0 ? 1 : hash
    }
}

extension RankingEntries {
    /// The first applicant id the population names twice (its first two applicants, 0-based in
    /// file order), or nil. The ids' hashes are spread over 256 buckets by their top byte, each
    /// bucket checked in a table of its own that stays in cache (on every core); only equal
    /// hashes compare the ids' bytes.
    func duplicateID() -> (id: String, first: Int, second: Int)? {
        var counts = [Int](repeating: 0, count: 257)
        for part in parts { for hash in part.idHashes { counts[Int(hash >> 56) + 1] += 1 } }
        for b in 0..<256 { counts[b + 1] += counts[b] }
        let bounds = counts
        var spread = [UInt64](repeating: 0, count: count), next = Array(counts.prefix(256))
        for part in parts {
            for hash in part.idHashes {
                spread[next[Int(hash >> 56)]] = hash
                next[Int(hash >> 56)] += 1
            }
        }
        // Hashes that occur twice, found bucket by bucket.
        nonisolated(unsafe) var repeated = [[UInt64]](repeating: [], count: 256)
        spread.withUnsafeMutableBufferPointer { all in
            nonisolated(unsafe) let buffer = all
            DispatchQueue.concurrentPerform(iterations: 256) { b in
                // A table a bucket (a few thousand hashes: it stays in cache).
                let bucket = UnsafeMutableBufferPointer(rebasing: buffer[bounds[b]..<bounds[b + 1]])
                var size = 16
                while size < 2 * bucket.count { size <<= 1 }
                var table = [UInt64](repeating: 0, count: size)
                for hash in bucket {
                    var slot = Int(truncatingIfNeeded: hash) & (size - 1)
                    while table[slot] != 0 && table[slot] != hash { slot = (slot + 1) & (size - 1) }
                    if table[slot] == hash { repeated[b].append(hash) } else { table[slot] = hash }
                }
            }
        }
        let suspects = Set(repeated.joined())
        guard !suspects.isEmpty else { return nil }
        // Equal hashes, rarely different ids: the first applicant whose id was seen before.
        var seen: [ArraySlice<UInt8>: Int] = [:], index = 0
        for part in parts {
            for at in 0..<part.count {
                defer { index += 1 }
                guard suspects.contains(part.idHashes[at]) else { continue }
                let id = part.id(at)
                if let first = seen[id] { return (String(decoding: id, as: UTF8.self), first, index) }
                seen[id] = index
            }
        }
        return nil
    }
}
