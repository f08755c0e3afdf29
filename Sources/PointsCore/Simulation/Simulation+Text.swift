import Foundation

extension Simulation {
    /// The comparison for a terminal: each scheme's outcome, then per candidate what it moves,
    /// the indicators whose means moved, and changes that moved nobody.
    public var text: String {
        var out = "quota \(quota)\n"
        out += describe("baseline", baseline)
        for comparison in candidates {
            out += describe("candidate \(comparison.source)", comparison.outcome)
            out += "  against the baseline: \(comparison.newlyAdmitted) newly admitted, \(comparison.dropped) dropped; "
                + "\(comparison.diff.changes.count) change(s) in the file (points diff)\n"
            for line in comparison.outcome.lines {
                guard let before = baseline.lines.first(where: { $0.id == line.id }), before.mean != line.mean || before.capBound != line.capBound else { continue }
                out += "  \(line.id): mean \(before.mean) → \(line.mean) points, cap binds for \(percent(before.capBound)) → \(percent(line.capBound))\n"
            }
            for (label, groups) in [("district", comparison.byDistrict), ("age", comparison.byAgeBand)] where groups.count > 1 {
                out += "  admitted by \(label): " + groups.map { "\($0.name) \($0.before) → \($0.after)" }.joined(separator: ", ") + "\n"
            }
            for service in comparison.tiers where !service.moves.isEmpty {
                out += "  \(service.service) tiers: " + service.moves.map { "\($0.from) → \($0.to) \($0.count)" }.joined(separator: ", ") + "\n"
            }
            for id in comparison.unmoved {
                let bound = comparison.outcome.lines.first { $0.id == id }?.capBound ?? 0
                out += "  \(id): changed in the file, but no applicant's points moved"
                    + (bound > 0 ? " (its cap binds for \(percent(bound)): the change is absorbed)\n" : "\n")
            }
        }
        return out
    }

    private func describe(_ label: String, _ outcome: Outcome) -> String {
        var out = "\(label): \(outcome.scheme.id) \(outcome.scheme.version): \(outcome.applicants) applicants, \(outcome.scored) scored, "
            + "\(outcome.qualified) qualified, \(outcome.admitted) admitted"
        if let cutOff = outcome.cutOff { out += ", cut-off \(cutOff) (\(outcome.sharingCutOff) share it)" }
        out += "\n"
        let failed = outcome.failedGates.filter { $0.count > 0 }.map { "\($0.id) \($0.count)" }
        if !failed.isEmpty { out += "  failed gates: " + failed.joined(separator: ", ") + "\n" }
        if !outcome.rankingScores.isEmpty {
            out += "  ranking scores by \(Self.band) points: " + outcome.rankingScores.map { "\($0.from)+ \($0.count)" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    private func percent(_ share: Double) -> String { String(format: "%.1f %%", 100 * share) }

    /// The applicants a candidate admits or drops, as CSV
    /// (`applicant_id,change,rank_before,rank_after,score_before,score_after,lines`), in file
    /// order; `lines` names the indicators that gave them other points (`residence_permit 64 → 80`).
    public static func changesCSV(_ comparison: Comparison) -> String {
        var out = "\(Applicant.idKey),change,rank_before,rank_after,score_before,score_after,lines\n"
        for change in comparison.changes {
            let lines = change.lines.map { "\($0.id) \($0.before?.description ?? "-") → \($0.after?.description ?? "-")" }.joined(separator: "; ")
            let cells = [change.id, change.admitted ? "admitted" : "dropped", change.rankBefore.map(String.init) ?? "",
                         change.rankAfter.map(String.init) ?? "", change.scoreBefore?.description ?? "", change.scoreAfter?.description ?? "", lines]
            out += cells.map(CSVParser.cell).joined(separator: ",") + "\n"
        }
        return out
    }
}
