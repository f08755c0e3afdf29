/// A case file: one applicant's facts in, the card a scheme must give out. The project's
/// golden cases are such files, computed by hand; `points simulate --emit-cases` writes them
/// for the applicants a draft moves, and `points cases` checks them, so that an operator can
/// keep them with the scheme.
///
/// ```yaml
/// scheme: guangzhou-hukou
/// as_of: 2025-06-01
/// parameters: {min_insurance_months: 24}   # optional: sets parameters not on record
/// facts: {birth_date: 1990-03-15, …}
/// expect:
///   version: "2023"
///   total: 200
///   ranking_score: 170
///   qualified: true            # or undetermined
///   undetermined: [min_insurance_months]   # optional: the parameters the card waits on
///   failed_gates: []
///   exempt_gates: []           # optional
///   lines: {residence_permit: 48, …}   # lines not listed must give 0
///   raw: {housing: 20}         # optional: points before the cap
///   scores: {total: 200}       # optional
///   tiers: {compulsory_education: {tier: priority_batch, batch: 1}}   # every service, in order
///   channels: {ordinary_worker: holds, restrictions_lifted: no}        # every channel: holds, no or open
///   next_steps: [{kind: gate, id: threshold, points: 10}, …]          # optional
///   warnings: 0                # optional
/// ```
///
/// Or, for facts that cannot be scored, `expect: {error: missing_facts, facts: [birth_date]}`
/// or `expect: {error: no_version_in_force}`.
public struct RegressionCase: Sendable {
    /// Where the case came from (a path).
    public let source: String
    /// The scheme id.
    public let scheme: String
    /// The evaluation date.
    public let asOf: LocalDate
    /// The facts document.
    public let facts: DocumentNode
    /// What the card must say.
    public let expect: DocumentNode
    /// Values for the scheme's parameters not on record, when the case sets them.
    public let parameters: DocumentNode?

    /// Reads a case file's text.
    ///
    /// - Throws: `DocumentError` for text that is not YAML or lacks `scheme`, a valid `as_of`,
    ///   `facts` or `expect`.
    public init(text: String, source: String) throws(DocumentError) {
        let node: DocumentNode
        do {
            node = try DocumentNode.parse(yaml: text)
        } catch {
            throw DocumentError(line: error.line, message: "not a case file (\(Self.shape)): \(error.message)")
        }
        guard node.entries != nil, let scheme = node["scheme"]?.scalar else {
            throw DocumentError(line: node.line, message: "not a case file: it names no 'scheme' (\(Self.shape))")
        }
        guard let date = node["as_of"]?.scalar, let asOf = LocalDate(iso: date) else {
            throw DocumentError(line: node["as_of"]?.line ?? node.line, message: "a case needs 'as_of' as YYYY-MM-DD")
        }
        guard let facts = node["facts"], let expect = node["expect"] else {
            throw DocumentError(line: node.line, message: "a case needs 'facts' and 'expect'")
        }
        self.source = source
        self.scheme = scheme
        self.asOf = asOf
        self.facts = facts
        self.expect = expect
        self.parameters = node["parameters"]
        self.text = text
    }

    /// The case file's text.
    let text: String

    /// The catalog's version in force on the case's date, with the case's parameters set.
    ///
    /// - Throws: `CatalogError` when no version is in force; `SchemeLoadError` when the case
    ///   sets a parameter the scheme does not declare or a value of the wrong kind.
    public func scheme(in catalog: SchemeCatalog) throws -> Scheme {
        let scheme = try catalog.scheme(id: self.scheme, asOf: asOf)
        guard let parameters else { return scheme }
        return try SchemeLoader.setting(parameters.entries ?? [], of: scheme, source: source, line: parameters.line, hashed: text)
    }

    /// What a case file holds, for messages.
    static let shape = "a case file is a mapping of scheme, as_of, facts and expect"

    /// What the catalog's scheme gives that the case does not expect, one sentence each;
    /// empty when the case holds.
    public func mismatches(in catalog: SchemeCatalog) -> [String] {
        let scheme: Scheme
        do {
            scheme = try self.scheme(in: catalog)
        } catch let error as CatalogError {
            if case .noVersionInForce = error, expect["error"]?.scalar == "no_version_in_force" { return [] }
            return ["\(error)"]
        } catch {
            return ["\(error)"]
        }
        if expect["error"]?.scalar == "no_version_in_force" { return ["expected no version in force, but \(scheme.metadata.version) is"] }
        let card: ScoreCard
        do {
            card = try scheme.score(document: facts, asOf: asOf)
        } catch {
            guard expect["error"]?.scalar == "missing_facts" else { return ["cannot be scored: \(error)"] }
            let missing = Set(error.issues.map(\.fact)), expected = Set(expect["facts"]?.items?.compactMap(\.scalar) ?? [])
            return missing == expected ? [] : ["missing facts \(missing.sorted()) where \(expected.sorted()) were expected"]
        }
        if let error = expect["error"]?.scalar { return ["expected error \(error), but the facts score \(card.total)"] }
        return CardExpectation(expect).mismatches(card)
    }
}

/// The `expect` of a case as checks on a card.
struct CardExpectation {
    let expect: DocumentNode

    init(_ expect: DocumentNode) { self.expect = expect }

    /// The keys an expectation may have.
    static let keys = ["version", "total", "ranking_score", "qualified", "undetermined", "failed_gates", "exempt_gates", "lines", "raw", "scores",
                       "warnings", "tiers", "channels", "next_steps"]

    func mismatches(_ card: ScoreCard) -> [String] {
        var out: [String] = []
        for entry in expect.entries ?? [] where !Self.keys.contains(entry.key) {
            out.append("expect.\(entry.key) (line \(entry.value.line)) is not a key of an expectation; they are: \(Self.keys.joined(separator: ", "))")
        }
        func check(_ what: String, _ actual: String?, _ expected: String?) {
            if actual != expected { out.append("\(what): \(actual ?? "absent") where \(expected ?? "absent") was expected") }
        }
        func list(_ key: String) -> String { "[" + (expect[key]?.items?.compactMap(\.scalar) ?? []).joined(separator: ", ") + "]" }
        func shown(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
        func fixed(_ node: DocumentNode?) -> String? { node?.scalar.flatMap { Fixed(decimal: $0) }?.description ?? node?.scalar }
        check("version", card.scheme.version, expect["version"]?.scalar)
        check("total", card.total.description, fixed(expect["total"]))
        check("ranking_score", card.rankingScore.description, fixed(expect["ranking_score"]))
        check("qualified", card.qualified.map { "\($0)" } ?? "undetermined", expect["qualified"]?.scalar)
        check("undetermined", shown((card.undetermined ?? []).map(\.name)), list("undetermined"))
        check("failed_gates", shown(card.failedGates.map(\.id)), list("failed_gates"))
        check("exempt_gates", shown(card.gates.filter(\.exempt).map(\.id)), list("exempt_gates"))
        let lines = expect["lines"]?.entries ?? []
        for entry in lines where !card.lines.contains(where: { $0.id == entry.key }) { out.append("line \(entry.key): the card has no such line") }
        for line in card.lines {
            check("line \(line.id)", line.points.description, fixed(lines.first { $0.key == line.id }?.value) ?? "0")
        }
        for entry in expect["raw"]?.entries ?? [] { check("raw of \(entry.key)", card.lines.first { $0.id == entry.key }?.raw.description, fixed(entry.value)) }
        for entry in expect["scores"]?.entries ?? [] { check("score \(entry.key)", card.scores.first { $0.id == entry.key }?.points.description, fixed(entry.value)) }
        check("warnings", "\(card.warnings.count)", expect["warnings"]?.scalar ?? "0")
        let tiers = expect["tiers"]?.entries ?? []
        check("services", shown(card.tiers.map(\.service)), shown(tiers.map(\.key)))
        for entry in tiers {
            let tier = card.tiers.first { $0.service == entry.key }
            check("tier of \(entry.key)", tier?.undetermined == true ? "undetermined" : tier?.tier ?? "none", entry.value["tier"]?.scalar)
            check("batch of \(entry.key)", tier?.batch.map { "\($0)" }, entry.value["batch"]?.scalar)
        }
        let channels = expect["channels"]?.entries ?? []
        check("channels", shown((card.channels ?? []).map(\.id)), shown(channels.map(\.key)))
        for entry in channels {
            let holds = card.channels?.first { $0.id == entry.key }?.holds
            check("channel \(entry.key)", holds.map { $0 ? "holds" : "no" } ?? "open", entry.value.scalar)
        }
        if let steps = expect["next_steps"]?.items {
            let actual = card.nextSteps ?? []
            check("next steps", shown(actual.map { "\($0.kind.rawValue) \($0.id)" }),
                  shown(steps.map { "\($0["kind"]?.scalar ?? "?") \($0["id"]?.scalar ?? "?")" }))
            for (step, want) in zip(actual, steps) {
                let fields: [String: String?] = ["fact": step.fact, "from": step.from, "to": step.to, "date": step.date, "points": step.points?.description]
                for entry in want.entries ?? [] where entry.key != "kind" && entry.key != "id" {
                    check("next step \(step.kind.rawValue) \(step.id) \(entry.key)", fields[entry.key] ?? nil, entry.key == "points" ? fixed(entry.value) : entry.value.scalar)
                }
            }
        }
        return out
    }
}
