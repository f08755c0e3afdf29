extension RegressionCase {
    /// A case file's text: the comment, the facts, and what the card says as the expectation
    /// (the lines that give points, raw points where a cap cut them, every service's tier and
    /// every settlement channel).
    ///
    /// - Parameter facts: The facts document's lines (`FactRow.yamlLines`), unindented.
    public static func text(comment: [String], asOf: LocalDate, facts: [String], card: ScoreCard) -> String {
        var out = head(comment: comment, scheme: card.scheme.id, asOf: asOf, facts: facts)
        out += "expect:\n  version: \(YAMLText.quoted(card.scheme.version))\n  total: \(card.total)\n  ranking_score: \(card.rankingScore)\n"
        out += "  qualified: \(card.qualified.map { "\($0)" } ?? "undetermined")\n"
        if let open = card.undetermined { out += "  undetermined: [\(open.map { YAMLText.scalar($0.name) }.joined(separator: ", "))]\n" }
        out += "  failed_gates: [\(card.failedGates.map { YAMLText.scalar($0.id) }.joined(separator: ", "))]\n"
        let exempt = card.gates.filter(\.exempt).map { YAMLText.scalar($0.id) }
        if !exempt.isEmpty { out += "  exempt_gates: [\(exempt.joined(separator: ", "))]\n" }
        let scoring = card.lines.filter { $0.points != .zero }
        out += scoring.isEmpty ? "  lines: {}\n" : "  lines:\n" + scoring.map { "    \(YAMLText.scalar($0.id)): \($0.points)\n" }.joined()
        let capped = card.lines.filter { $0.raw != $0.points }
        if !capped.isEmpty { out += "  raw:\n" + capped.map { "    \(YAMLText.scalar($0.id)): \($0.raw)\n" }.joined() }
        if !card.warnings.isEmpty { out += "  warnings: \(card.warnings.count)\n" }
        if !card.tiers.isEmpty {
            out += "  tiers:\n" + card.tiers.map { tier in
                "    \(YAMLText.scalar(tier.service)): {tier: \(YAMLText.scalar(tier.undetermined == true ? "undetermined" : tier.tier ?? "none"))" + (tier.batch.map { ", batch: \($0)" } ?? "") + "}\n"
            }.joined()
        }
        if let channels = card.channels {
            out += "  channels:\n" + channels.map { "    \(YAMLText.scalar($0.id)): \($0.holds.map { $0 ? "holds" : "no" } ?? "open")\n" }.joined()
        }
        return out
    }

    private static func head(comment: [String], scheme: String, asOf: LocalDate, facts: [String]) -> String {
        comment.map { "# " + $0.split(whereSeparator: \.isNewline).joined(separator: " ") + "\n" }.joined() + "scheme: \(YAMLText.scalar(scheme))\nas_of: \(asOf)\n"
            + (facts.isEmpty ? "facts: {}\n" : "facts:\n" + facts.map { "  \($0)\n" }.joined())
    }
}
