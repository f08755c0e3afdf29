import Foundation

extension Simulation {
    /// The comparison as JSON (`snake_case` keys, points as decimal strings), for tools and
    /// the report.
    public var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try! encoder.encode(Document(self))  // plain values: encoding cannot fail
    }

    private struct Document: Encodable {
        struct Band: Encodable { let from: Int, count: Int }
        struct Line: Encodable { let id: String, mean: String, capBinds: Double }
        struct Outcome: Encodable {
            let scheme: String, version: String, applicants: Int, scored: Int, qualified: Int, admitted: Int
            let cutOff: String?, sharingCutOff: Int, threshold: String?
            let failedGates: [String: Int]
            let indicators: [Line]
            let totals: [Band], rankingScores: [Band]

            init(_ outcome: Simulation.Outcome) {
                (scheme, version) = (outcome.scheme.id, outcome.scheme.version)
                (applicants, scored, qualified, admitted) = (outcome.applicants, outcome.scored, outcome.qualified, outcome.admitted)
                (cutOff, sharingCutOff, threshold) = (outcome.cutOff?.description, outcome.sharingCutOff, outcome.threshold?.description)
                failedGates = Dictionary(uniqueKeysWithValues: outcome.failedGates.map { ($0.id, $0.count) })
                indicators = outcome.lines.map { Line(id: $0.id, mean: $0.mean.description, capBinds: $0.capBound) }
                totals = outcome.totals.map { Band(from: $0.from, count: $0.count) }
                rankingScores = outcome.rankingScores.map { Band(from: $0.from, count: $0.count) }
            }
        }
        struct FileChange: Encodable { let path: String, old: String?, new: String?, clause: String? }
        struct TierMove: Encodable { let service: String, from: String, to: String, count: Int }
        struct TierMatrix: Encodable { let service: String, from: [String], to: [String], counts: [[Int]] }
        struct Group: Encodable { let name: String, admittedBefore: Int, admittedAfter: Int }
        struct Candidate: Encodable {
            let source: String
            let outcome: Outcome
            let newlyAdmitted: Int, dropped: Int
            let fileChanges: [FileChange]
            let unmoved: [String]
            let tierMoves: [TierMove]
            let tierTransitions: [TierMatrix]
            let byDistrict: [Group], byAgeBand: [Group]

            init(_ comparison: Simulation.Comparison) {
                source = comparison.source
                outcome = Outcome(comparison.outcome)
                (newlyAdmitted, dropped) = (comparison.newlyAdmitted, comparison.dropped)
                fileChanges = comparison.diff.changes.map { FileChange(path: $0.path, old: $0.old, new: $0.new, clause: $0.clause) }
                unmoved = comparison.unmoved
                tierMoves = comparison.tiers.flatMap { service in
                    service.moves.map { TierMove(service: service.service, from: $0.from, to: $0.to, count: $0.count) }
                }
                tierTransitions = comparison.tiers.map { TierMatrix(service: $0.service, from: $0.from, to: $0.to, counts: $0.counts) }
                byDistrict = comparison.byDistrict.map { Group(name: $0.name, admittedBefore: $0.before, admittedAfter: $0.after) }
                byAgeBand = comparison.byAgeBand.map { Group(name: $0.name, admittedBefore: $0.before, admittedAfter: $0.after) }
            }
        }

        let quota: Int
        let baseline: Outcome
        let candidates: [Candidate]

        init(_ simulation: Simulation) {
            quota = simulation.quota
            baseline = Outcome(simulation.baseline)
            candidates = simulation.candidates.map(Candidate.init)
        }
    }
}
