/// A draft scheme tried on a population before it is published: the baseline and each
/// candidate scored over the same applicants and ranked under the same quota, and what moves.
public struct Simulation: Sendable {
    /// One scheme's outcome over the population.
    public struct Outcome: Sendable {
        /// The scheme, as its file names it.
        public let scheme: SchemeMetadata
        /// Applicants in the file.
        public let applicants: Int
        /// Applicants whose facts could be scored.
        public let scored: Int
        /// Applicants ranked (every gate holds, every tie-breaker known).
        public let qualified: Int
        /// Applicants admitted under the quota (ties at the cut-off included).
        public let admitted: Int
        /// The ranking score of the last admitted rank, and how many applicants share it.
        public let cutOff: Fixed?, sharingCutOff: Int
        /// The total a gate requires, when one does (150 in Guangzhou).
        public let threshold: Fixed?
        /// How many each gate failed, by gate id.
        public let failedGates: [(id: String, count: Int)]
        /// Per indicator: mean points over the scored applicants, and the share whose points
        /// its cap cut.
        public let lines: [(id: String, mean: Fixed, capBound: Double)]
        /// How the scored applicants' totals and ranking scores spread: applicants per band of
        /// `Simulation.band` points, by the band's lower bound.
        public let totals: [(from: Int, count: Int)], rankingScores: [(from: Int, count: Int)]
        let checksums: [UInt64]
    }

    /// The width of a distribution's bands, in points.
    public static let band = 10

    /// The age bands admissions are broken down by: each from its lower bound (completed years
    /// on the evaluation date) to the next one's.
    public static let ageBands: [(from: Int, name: String)] = [(0, "under 25"), (25, "25–29"), (30, "30–34"), (35, "35–39"), (40, "40–45"), (46, "over 45")]

    /// An applicant admitted under one scheme and not the other.
    public struct Change: Sendable, Equatable {
        /// The applicant id.
        public let id: String
        /// Whether the candidate admits them (else it drops them).
        public let admitted: Bool
        /// Their rank under the baseline and under the candidate (nil: not ranked).
        public let rankBefore: Int?, rankAfter: Int?
        /// Their ranking score under each (nil: not scored).
        public let scoreBefore: Fixed?, scoreAfter: Fixed?
        /// The indicators that gave them other points, in the candidate's order.
        public internal(set) var lines: [MovedLine] = []
    }

    /// An indicator that gave an applicant other points under the candidate.
    public struct MovedLine: Sendable, Equatable {
        /// The indicator id.
        public let id: String
        /// Its points under the baseline and the candidate (nil where the scheme lacks it).
        public let before: Fixed?, after: Fixed?
    }

    /// A candidate against the baseline.
    public struct Comparison: Sendable {
        /// Where the candidate came from (its file).
        public let source: String
        /// Its outcome.
        public let outcome: Outcome
        /// Who it admits that the baseline did not, and who it drops, in file order.
        public let changes: [Change]
        /// What its file changes from the baseline's.
        public let diff: SchemeDiff
        /// Indicators the file changes but that gave every applicant the same points as before
        /// (a change a cap or a band absorbs).
        public let unmoved: [String]
        /// Per service both schemes have: how many applicants went from each tier to each.
        public let tiers: [TierTransitions]
        /// Admitted under the baseline and under the candidate, by district (`not stated` for
        /// applicants without one) and by age band (`Simulation.ageBands`, `unknown` without a
        /// birth date); groups nobody is admitted in are left out.
        public let byDistrict: [(name: String, before: Int, after: Int)], byAgeBand: [(name: String, before: Int, after: Int)]
        /// Case files of the applicants it admits or drops and can score (when asked for): a
        /// file name and its text, the candidate's card as the expectation (`RegressionCase`).
        public let cases: [(name: String, text: String)]

        /// Applicants the candidate admits that the baseline did not.
        public var newlyAdmitted: Int { changes.filter(\.admitted).count }
        /// Applicants the baseline admitted that the candidate does not.
        public var dropped: Int { changes.filter { !$0.admitted }.count }
    }

    /// How far a run is, for a progress bar.
    public struct Progress: Sendable {
        /// The pass over the population under way (1 first) and how many there are.
        public let pass: Int, passes: Int
        /// The bytes of the population read and scored in this pass.
        public let bytes: Int
        /// Where the pass's scheme came from.
        public let scheme: String
    }

    /// The quota both were ranked under.
    public let quota: Int
    /// The baseline's outcome.
    public let baseline: Outcome
    /// Each candidate's, against the baseline.
    public let candidates: [Comparison]

    /// Scores the population under the baseline and each candidate (one pass each, on every
    /// core) and compares.
    ///
    /// - Parameters:
    ///   - movedLines: Whether to find the indicators that moved each admitted or dropped
    ///     applicant (`Change.lines`): two more passes a candidate that read every row but score
    ///     only theirs.
    ///   - emitCases: Whether to write a case file for each admitted or dropped applicant
    ///     (`Comparison.cases`): one more pass a candidate, scoring only theirs.
    ///   - progress: Called as each pass reads the population, on the calling thread.
    /// - Throws: `DocumentError` for a file that is not a population, or a scheme text that
    ///   is not YAML.
    public static func run(_ source: PopulationSource, format: Population.Format, baseline: Scheme, candidates: [Scheme],
                           asOf: LocalDate, quota: Int, movedLines: Bool = false, emitCases: Bool = false,
                           progress: ((Progress) -> Void)? = nil) throws(DocumentError) -> Simulation {
        let passes = (1 + candidates.count) + (movedLines ? 2 * candidates.count : 0) + (emitCases ? candidates.count : 0)
        var passNumber = 0
        /// The progress callback of the next pass.
        func nextPass(_ scheme: Scheme) -> ((Int) -> Void)? {
            passNumber += 1
            guard let progress else { return nil }
            let (number, source) = (passNumber, scheme.metadata.source)
            return { progress(Progress(pass: number, passes: passes, bytes: $0, scheme: source)) }
        }
        /// One scheme's entries, each applicant's rank (0: not ranked) and the outcome.
        func pass(_ scheme: Scheme) throws(DocumentError) -> (SimulationEntries, [Int32], Outcome) {
            let entries = try Population.score(source, format: format, scheme: scheme, asOf: asOf, into: SimulationEntries.self,
                                               progress: nextPass(scheme))
            let table = RankingTable(entries.ranking, descending: scheme.ranking.tieBreakers.map(\.descending), quota: quota)
            var ranks = [Int32](repeating: 0, count: entries.ranking.count)
            for (position, index) in table.order.enumerated() { ranks[Int(index)] = table.ranks[position] }
            return (entries, ranks, outcome(scheme, entries, table))
        }
        /// Whether rank `i` of `ranks` is within the quota.
        func admitted(_ ranks: [Int32], _ i: Int) -> Bool { ranks[i] > 0 && Int(ranks[i]) <= quota }
        let (baseEntries, baseRanks, baseOutcome) = try pass(baseline)
        var comparisons: [Comparison] = []
        for candidate in candidates {
            let (entries, ranks, outcome) = try pass(candidate)
            guard entries.ranking.count == baseEntries.ranking.count else {
                throw DocumentError(line: 0, message: "the population read differently under \(candidate.metadata.source)")
            }
            var changes: [Change] = []
            for i in 0..<ranks.count {
                let before = admitted(baseRanks, i), after = admitted(ranks, i)
                guard before != after else { continue }
                func score(_ entries: SimulationEntries) -> Fixed? {
                    entries.ranking.isScored(i) ? Fixed(units: entries.ranking.scores(i).score) : nil
                }
                changes.append(Change(id: String(decoding: entries.ranking.id(i), as: UTF8.self), admitted: after,
                                      rankBefore: baseRanks[i] > 0 ? Int(baseRanks[i]) : nil, rankAfter: ranks[i] > 0 ? Int(ranks[i]) : nil,
                                      scoreBefore: score(baseEntries), scoreAfter: score(entries)))
            }
            if movedLines {
                try addLines(to: &changes, source, format: format, baseline: baseline, candidate: candidate, asOf: asOf,
                             progress: (nextPass(baseline), nextPass(candidate)))
            }
            let cases = emitCases ? try caseFiles(changes, source, format: format, baseline: baseline, candidate: candidate, asOf: asOf,
                                                  progress: nextPass(candidate)) : []
            let diff = try SchemeDiff(from: baseline, to: candidate)
            let unmoved = outcome.lines.indices.compactMap { line -> String? in
                let id = outcome.lines[line].id
                guard diff.changes.contains(where: { $0.path.contains("indicators[\(id)]") }),
                      let old = baseOutcome.lines.firstIndex(where: { $0.id == id }),
                      baseOutcome.checksums[old] == outcome.checksums[line] else { return nil }
                return id
            }
            let byDistrict = breakdown(baseEntries.districtCodes.map(Int.init), names: baseEntries.districts, absent: "not stated",
                                       before: { admitted(baseRanks, $0) }, after: { admitted(ranks, $0) })
            let byAgeBand = breakdown(baseEntries.ageBands.map(Int.init), names: ageBands.map(\.name), absent: "unknown",
                                      before: { admitted(baseRanks, $0) }, after: { admitted(ranks, $0) })
            comparisons.append(Comparison(source: candidate.metadata.source, outcome: outcome, changes: changes, diff: diff, unmoved: unmoved,
                                          tiers: tierTransitions(baseline, baseEntries, candidate, entries),
                                          byDistrict: byDistrict, byAgeBand: byAgeBand, cases: cases))
        }
        return Simulation(quota: quota, baseline: baseOutcome, candidates: comparisons)
    }

    /// Reads the changed applicants again, under both schemes, for the indicators that moved
    /// them: two passes that score no one else.
    private static func addLines(to changes: inout [Change], _ source: PopulationSource, format: Population.Format,
                                 baseline: Scheme, candidate: Scheme, asOf: LocalDate,
                                 progress: (before: ((Int) -> Void)?, after: ((Int) -> Void)?)) throws(DocumentError) {
        guard !changes.isEmpty else { return }
        let wanted = Set(changes.map(\.id))
        let before = try Population.score(source, format: format, scheme: baseline, asOf: asOf, context: wanted, into: LinePoints.self,
                                          progress: progress.before).points
        let after = try Population.score(source, format: format, scheme: candidate, asOf: asOf, context: wanted, into: LinePoints.self,
                                         progress: progress.after).points
        let oldIDs = baseline.indicators.map(\.id), newIDs = candidate.indicators.map(\.id)
        let ids = newIDs + oldIDs.filter { !newIDs.contains($0) }
        for c in changes.indices {
            let old = before[changes[c].id], new = after[changes[c].id]
            changes[c].lines = ids.compactMap { id in
                let b = oldIDs.firstIndex(of: id).flatMap { line in old.map { $0[line] } }
                let a = newIDs.firstIndex(of: id).flatMap { line in new.map { $0[line] } }
                return b == a ? nil : MovedLine(id: id, before: b, after: a)
            }
        }
    }

    /// The case files of the changed applicants the candidate can score: one more pass, under
    /// the candidate, that reads every row but scores only theirs. Named
    /// `0001-admitted-ID.yaml`, numbered in file order among the changes.
    private static func caseFiles(_ changes: [Change], _ source: PopulationSource, format: Population.Format, baseline: Scheme,
                                  candidate: Scheme, asOf: LocalDate, progress: ((Int) -> Void)?) throws(DocumentError) -> [(name: String, text: String)] {
        guard !changes.isEmpty else { return [] }
        let entries = try Population.score(source, format: format, scheme: candidate, asOf: asOf, context: Set(changes.map(\.id)),
                                           into: CaseEntries.self, progress: progress).entries
        let base = "\(baseline.metadata.id) \(baseline.metadata.version)"
        return changes.enumerated().compactMap { n, change -> (name: String, text: String)? in
            guard let entry = entries[change.id] else { return nil }
            let verb = change.admitted ? "admitted" : "dropped"
            func place(_ rank: Int?, _ score: Fixed?) -> String {
                rank.map { "rank \($0), ranking score \(score?.description ?? "-")" } ?? "not ranked"
            }
            let comment = ["Emitted by points simulate: applicant \(change.id), \(verb) by \(candidate.metadata.source)",
                           "(\(place(change.rankAfter, change.scoreAfter))) against the baseline \(base) (\(place(change.rankBefore, change.scoreBefore))).",
                           "Expected: the candidate's card. Check with: points cases THIS_FILE --scheme-file \(candidate.metadata.source)"]
            let safe = String(change.id.unicodeScalars.map { $0.isIdentifierCharacter ? Character($0) : "_" })
            let ordinal = String(n + 1), name = String(repeating: "0", count: max(0, 4 - ordinal.count)) + ordinal + "-\(verb)-\(safe).yaml"
            return (name, RegressionCase.text(comment: comment, asOf: asOf, facts: entry.facts, card: entry.card))
        }
    }

    /// Applicants admitted per group (`codes[i]` an index of `names`, -1 for `absent`), before and after;
    /// groups in the order of `names`, then `absent`, each only when someone counts in it.
    private static func breakdown(_ codes: [Int], names: [String], absent: String,
                                  before: (Int) -> Bool, after: (Int) -> Bool) -> [(name: String, before: Int, after: Int)] {
        var counts = Array(repeating: (before: 0, after: 0), count: names.count + 1)
        for (i, code) in codes.enumerated() {
            let group = code < 0 ? names.count : code
            if before(i) { counts[group].before += 1 }
            if after(i) { counts[group].after += 1 }
        }
        return (names + [absent]).indices.compactMap { g in
            counts[g].before + counts[g].after == 0 ? nil : ((names + [absent])[g], counts[g].before, counts[g].after)
        }
    }

    /// The tier transitions of each service both schemes have (matched by id).
    private static func tierTransitions(_ old: Scheme, _ oldEntries: SimulationEntries, _ new: Scheme, _ newEntries: SimulationEntries) -> [TierTransitions] {
        old.services.indices.compactMap { s in
            let service = old.services[s]
            guard let t = new.services.firstIndex(where: { $0.id == service.id }) else { return nil }
            let pairs = (0..<oldEntries.ranking.count).lazy.map {
                (oldEntries.tiers[$0 * oldEntries.services + s], newEntries.tiers[$0 * newEntries.services + t])
            }
            return TierTransitions(service: service.id, from: service.tiers, to: new.services[t].tiers, pairs: pairs)
        }
    }

    /// Applicants per band of `band` points of the values of the scored applicants.
    private static func distribution(_ entries: SimulationEntries, _ value: (RankingPart, Int) -> Int64) -> [(from: Int, count: Int)] {
        var counts: [Int: Int] = [:]
        let width = Int64(band) * Fixed.scale
        for part in entries.ranking.parts {
            for at in part.kinds.indices where part.kinds[at] != .invalid {
                let units = value(part, at)
                let below = units >= 0 ? units / width : -((-units + width - 1) / width)  // rounded down
                counts[Int(below) * band, default: 0] += 1
            }
        }
        return counts.keys.sorted().map { ($0, counts[$0]!) }
    }

    private static func outcome(_ scheme: Scheme, _ entries: SimulationEntries, _ table: RankingTable) -> Outcome {
        let admitted = table.admitted
        var cutOff: Fixed?, sharing = 0
        if admitted > 0 {
            let last = table.ranks[admitted - 1]
            cutOff = Fixed(units: entries.ranking.scores(Int(table.order[admitted - 1])).score)
            sharing = table.ranks.lazy.filter { $0 == last }.count
        }
        let ids = scheme.indicators.map(\.id)
        let scored = max(entries.scored, 1)
        let lines = entries.linePoints.isEmpty ? [] : ids.indices.map { line in
            (id: ids[line], mean: Fixed(units: entries.linePoints[line] / Int64(scored)), capBound: Double(entries.capBound[line]) / Double(scored))
        }
        let gates = entries.failedGates.isEmpty ? [] : scheme.gates.indices.map { (id: scheme.gates[$0].id, count: entries.failedGates[$0]) }
        let threshold = scheme.gates.lazy.compactMap(\.threshold).first { $0.score == scheme.totalScore }?.bound
        return Outcome(scheme: scheme.metadata, applicants: table.applicants, scored: entries.scored, qualified: table.qualified,
                       admitted: admitted, cutOff: cutOff, sharingCutOff: sharing, threshold: threshold, failedGates: gates, lines: lines,
                       totals: distribution(entries) { $0.totals[$1] }, rankingScores: distribution(entries) { $0.scores[$1] },
                       checksums: entries.lineChecksums)
    }
}
