extension Scheme {
    /// Scores one applicant and renders the card.
    ///
    /// - Parameters:
    ///   - facts: The applicant's facts, decoded against this scheme's registry.
    ///   - asOf: The evaluation date (age, windows, and the version's choice).
    ///   - explain: Whether lines carry their facts and explanations (false: a summary card,
    ///     the same points, gates and reasons, at a fraction of the cost).
    ///   - rulesKnownOn: The day whose known rules chose this version, for the card to name.
    /// - Returns: The score card.
    /// - Throws: `FactsError` naming every fact the scheme needs that is absent and has no default.
    public func evaluate(_ facts: FactSet, asOf: LocalDate, explain: Bool = true, rulesKnownOn: LocalDate? = nil) throws(FactsError) -> ScoreCard {
        let row = FactRow(facts, registry: registry)
        let result = ScoreResult()
        evaluate(row, asOf: asOf, into: result)
        result.rulesKnownOn = rulesKnownOn
        guard result.isComplete else { throw missingFactsError(result) }
        return card(row, result, explain: explain)
    }

    /// Decodes a facts document against this scheme's vocabulary and scores it.
    ///
    /// - Throws: `FactsError` for invalid or missing facts.
    public func score(document: DocumentNode, asOf: LocalDate, ignoredKeys: Set<String> = [], explain: Bool = true,
                      rulesKnownOn: LocalDate? = nil) throws(FactsError) -> ScoreCard {
        let facts = try FactsDecoder(registry: registry, asOf: asOf, ignoredKeys: ignoredKeys).decode(document)
        return try evaluate(facts, asOf: asOf, explain: explain, rulesKnownOn: rulesKnownOn)
    }
}
