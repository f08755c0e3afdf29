/// What each column of a population CSV holds, resolved once from the header.
struct PopulationColumns {
    let names: [String]
    /// How each column's cells are read (`applicant_id` and the sink's own columns are skipped).
    let kinds: [FactTextReader.Kind]
    /// The position of `applicant_id`.
    let id: Int
    /// The position of each of the sink's own columns, nil for one the header lacks.
    let own: [Int?]
    /// Whether every row must be decoded the slow way (a fact named twice).
    let slowOnly: Bool

    /// - Throws: `DocumentError` when the header lacks `applicant_id` or names a column that is
    ///   no fact of the scheme (once, for the header, rather than on every row).
    init(header names: [String], tables: FactTextReader.Tables, own: [String]) throws(DocumentError) {
        guard let id = names.firstIndex(of: Applicant.idKey) else {
            throw DocumentError(line: 1, message: "the header has no \(Applicant.idKey) column")
        }
        self.names = names
        self.id = id
        self.own = own.map { names.firstIndex(of: $0) }
        self.slowOnly = Set(names).count < names.count
        var kinds: [FactTextReader.Kind] = []
        for (i, name) in names.enumerated() {
            if name == Applicant.idKey || own.contains(name) { kinds.append(.skip); continue }
            guard let fact = tables.registry.id(of: name) else {
                let hint = tables.registry.suggestion(for: name).map { "did you mean '\($0)'? " } ?? ""
                let shown = name.utf8.count > 128 ? "of \(name.utf8.count) bytes" : "'\(name)'"
                throw DocumentError(line: 1, message: "header column \(i + 1) \(shown) is not a fact of the scheme; \(hint)the columns are \(Applicant.idKey), facts (FACTS.md) and the scheme's own facts")
            }
            kinds.append(tables.kinds[fact])
        }
        self.kinds = kinds
    }
}
