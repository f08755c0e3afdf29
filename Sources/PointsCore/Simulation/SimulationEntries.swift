/// What a simulation keeps of a population under one scheme: what ranking keeps, and per line
/// and gate the sums that show what a weight or cap does to everyone.
struct SimulationEntries: PopulationSink {
    /// A school population carries each child's preferences; a simulation reads past them.
    static let ownColumns = [Allocation.preferencesKey]

    /// Ids, scores, tie-breakers and the reasons of those not ranked.
    private(set) var ranking = RankingEntries(())
    /// Applicants scored (not refused for their facts).
    private(set) var scored = 0
    /// Per card line: the points it gave, summed.
    private(set) var linePoints: [Int64] = []
    /// Per card line: how many it gave fewer points than they earned (its cap bound).
    private(set) var capBound: [Int] = []
    /// Per card line: a checksum of who got how many points, equal under two schemes only
    /// when (but for a 2⁻⁶⁴ chance) every applicant got the same.
    private(set) var lineChecksums: [UInt64] = []
    /// Per gate: how many it failed.
    private(set) var failedGates: [Int] = []
    /// Each applicant's tier in each service (an index of its tiers; -1 none, -2 not scored),
    /// `services` per applicant in file order.
    private(set) var tiers: [Int8] = []
    /// Services per applicant in `tiers`.
    private(set) var services = 0
    /// Each applicant's district (an index of `districts`, -1 when not stated) and age band
    /// (an index of `Simulation.ageBands`, -1 without a birth date), in file order.
    private(set) var districtCodes: [Int32] = [], ageBands: [Int8] = []
    /// The districts stated, in the order first met.
    private(set) var districts: [String] = []
    private var districtIndex: [String: Int32] = [:]

    init(_ context: Void) {}

    mutating func reserve(_ applicants: Int) { ranking.reserve(applicants) }

    mutating func take(_ applicant: PopulationApplicant, scheme: Scheme, row: FactRow, result: ScoreResult, error: FactsError?) {
        ranking.take(applicant, scheme: scheme, row: row, result: result, error: error)
        services = scheme.services.count
        // A refused applicant's row may not be theirs: nothing is read from it.
        districtCodes.append(error == nil ? code(row) : -1)
        ageBands.append(error == nil ? Self.ageBand(row, at: result.asOf) : -1)
        for service in 0..<services { tiers.append(error == nil ? Int8(clamping: max(result.tier(service), -1)) : -2) }
        guard error == nil else { return }
        let lines = scheme.plan.lineCount, gates = scheme.gates.count
        if linePoints.isEmpty {
            linePoints = Array(repeating: 0, count: lines)
            capBound = Array(repeating: 0, count: lines)
            lineChecksums = Array(repeating: 0, count: lines)
            failedGates = Array(repeating: 0, count: gates)
        }
        scored += 1
        let key = Self.hash(applicant.id)
        for line in 0..<lines {
            let points = result.linePoints(line).units
            linePoints[line] += points
            if result.capCut(line) { capBound[line] += 1 }
            lineChecksums[line] &+= key &* UInt64(bitPattern: points &+ 1)
        }
        for gate in 0..<gates where result.gate(gate) == .failed { failedGates[gate] += 1 }
    }

    mutating func append(_ later: SimulationEntries) {
        ranking.append(later.ranking)
        tiers.append(contentsOf: later.tiers)
        let codes = later.districts.map { code($0) }
        districtCodes.append(contentsOf: later.districtCodes.lazy.map { $0 < 0 ? $0 : codes[Int($0)] })
        ageBands.append(contentsOf: later.ageBands)
        services = max(services, later.services)
        guard later.scored > 0 else { return }
        if linePoints.isEmpty {
            (linePoints, capBound, lineChecksums, failedGates) = (later.linePoints, later.capBound, later.lineChecksums, later.failedGates)
        } else {
            for line in linePoints.indices {
                linePoints[line] += later.linePoints[line]
                capBound[line] += later.capBound[line]
                lineChecksums[line] &+= later.lineChecksums[line]
            }
            for gate in failedGates.indices { failedGates[gate] += later.failedGates[gate] }
        }
        scored += later.scored
    }

    /// The row's district as a code of this sink's.
    private mutating func code(_ row: FactRow) -> Int32 {
        let slot = row.values[FactRef.district.id]
        guard slot != FactRow.absent, row.texts.indices.contains(Int(slot)) else { return -1 }
        return code(row.texts[Int(slot)])
    }

    private mutating func code(_ district: String) -> Int32 {
        if let code = districtIndex[district] { return code }
        let code = Int32(districts.count)
        districts.append(district)
        districtIndex[district] = code
        return code
    }

    /// The band of `Simulation.ageBands` the applicant's age on `date` falls in.
    private static func ageBand(_ row: FactRow, at date: LocalDate) -> Int8 {
        let born = row.values[FactRef.birthDate.id]
        guard born != FactRow.absent else { return -1 }
        let age = FactRow.date(born).completedYears(at: date)
        return Int8(Simulation.ageBands.lastIndex { age >= $0.from } ?? 0)
    }

    /// FNV-1a of an id, odd so that it multiplies without losing bits.
    private static func hash(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash | 1
    }
}
