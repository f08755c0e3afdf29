extension RankingEntries {
    /// The first applicant id the population names twice (the first two applicants, 0-based in
    /// file order), or nil. Ids are hashed into an open-addressed table of 64-bit hashes (16 bytes
    /// an applicant, one pass); only equal hashes compare the ids' bytes.
    func duplicateID() -> (id: String, first: Int, second: Int)? {
        var capacity = 16
        while capacity < 2 * count { capacity <<= 1 }
        let mask = capacity - 1
        var hashes = [UInt64](repeating: 0, count: capacity), owners = [Int32](repeating: -1, count: capacity)
        var index = 0
        for part in parts {
            var start = 0
            for end in part.idEnds {
                // FNV-1a over the id's bytes; 0 marks an empty slot, so a zero hash becomes 1.
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for k in start..<end { hash = (hash ^ UInt64(part.idBytes[k])) &* 0x100_0000_01b3 }
                if hash == 0 { hash = 1 }
                var slot = Int(truncatingIfNeeded: hash) & mask
                while hashes[slot] != 0 {
                    if hashes[slot] == hash, self.id(Int(owners[slot])) == part.idBytes[start..<end] {
                        return (String(decoding: part.idBytes[start..<end], as: UTF8.self), Int(owners[slot]), index)
                    }
                    slot = (slot + 1) & mask
                }
                hashes[slot] = hash
                owners[slot] = Int32(index)
                start = end
                index += 1
            }
        }
        return nil
    }
}
