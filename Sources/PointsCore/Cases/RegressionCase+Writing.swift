extension RegressionCase {
    /// A case file's text: the comment, the facts, and what the card says as the expectation
    /// (the lines that give points, raw points where a cap cut them, every service's tier).
    ///
    /// - Parameter facts: The facts document's lines (`FactRow.yamlLines`), unindented.
    public static func text(comment: [String], asOf: LocalDate, facts: [String], card: ScoreCard) -> String {
        var out = head(comment: comment, scheme: card.scheme.id, asOf: asOf, facts: facts)
        out += "expect:\n  version: \(FactRow.quoted(card.scheme.version))\n  total: \(card.total)\n  ranking_score: \(card.rankingScore)\n"
        out += "  qualified: \(card.qualified)\n  failed_gates: [\(card.failedGates.map(\.id).joined(separator: ", "))]\n"
        let exempt = card.gates.filter(\.exempt).map(\.id)
        if !exempt.isEmpty { out += "  exempt_gates: [\(exempt.joined(separator: ", "))]\n" }
        let scoring = card.lines.filter { $0.points != .zero }
        out += scoring.isEmpty ? "  lines: {}\n" : "  lines:\n" + scoring.map { "    \($0.id): \($0.points)\n" }.joined()
        let capped = card.lines.filter { $0.raw != $0.points }
        if !capped.isEmpty { out += "  raw:\n" + capped.map { "    \($0.id): \($0.raw)\n" }.joined() }
        if !card.warnings.isEmpty { out += "  warnings: \(card.warnings.count)\n" }
        if !card.tiers.isEmpty {
            out += "  tiers:\n" + card.tiers.map { tier in
                "    \(tier.service): {tier: \(tier.tier ?? "none")" + (tier.batch.map { ", batch: \($0)" } ?? "") + "}\n"
            }.joined()
        }
        return out
    }

    /// A case file's text for facts the scheme cannot score for want of `missing`.
    public static func text(comment: [String], scheme: String, asOf: LocalDate, facts: [String], missing: [String]) -> String {
        head(comment: comment, scheme: scheme, asOf: asOf, facts: facts)
            + "expect:\n  error: missing_facts\n  facts: [\(missing.joined(separator: ", "))]\n"
    }

    private static func head(comment: [String], scheme: String, asOf: LocalDate, facts: [String]) -> String {
        comment.map { "# \($0)\n" }.joined() + "scheme: \(scheme)\nas_of: \(asOf)\n"
            + (facts.isEmpty ? "facts: {}\n" : "facts:\n" + facts.map { "  \($0)\n" }.joined())
    }
}
