import PointsCore
import PointsProtocol

extension Points_V1_ScoreRequest {
    /// A request from a facts document (a YAML or JSON file), checked here first so a typo
    /// is reported with its line exactly as local scoring would.
    ///
    /// - Throws: `FactsError` as `Points_V1_Facts(document:asOf:ignoredKeys:)`.
    public init(document: DocumentNode, scheme: String, asOf: LocalDate, ignoredKeys: Set<String> = []) throws(FactsError) {
        self.init()
        self.scheme = scheme
        self.asOf = asOf.description
        self.facts = try Points_V1_Facts(document: document, asOf: asOf, ignoredKeys: ignoredKeys)
    }
}

extension Points_V1_Facts {
    /// Wire facts from a facts document. Canonical facts travel as typed fields; any other
    /// name travels in `extra` as text, for the server to check against the scheme's
    /// declared extra facts.
    ///
    /// - Throws: `FactsError` for canonical facts of the wrong type or range, or extra facts
    ///   that are not plain values.
    public init(document: DocumentNode, asOf: LocalDate, ignoredKeys: Set<String> = []) throws(FactsError) {
        var extras: [String: String] = [:]
        var issues: [FactIssue] = []
        for entry in document.entries ?? [] where FactRegistry.canonical.id(of: entry.key) == nil && !ignoredKeys.contains(entry.key) {
            guard let text = entry.value.scalar else {
                issues.append(FactIssue(fact: entry.key, line: entry.value.line, message: "an extra fact is a plain value (true, 12, 2024-01-01, a word)"))
                continue
            }
            extras[entry.key] = text
        }
        let decoder = FactsDecoder(registry: .canonical, asOf: asOf, ignoredKeys: ignoredKeys.union(extras.keys))
        let facts: FactSet
        do {
            facts = try decoder.decode(document)
        } catch {
            throw FactsError(issues: error.issues + issues)
        }
        if !issues.isEmpty { throw FactsError(issues: issues) }
        self.init(facts: facts, extras: extras)
    }
}
