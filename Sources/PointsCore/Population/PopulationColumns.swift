/// What each column of a population CSV holds, resolved once from the header.
struct PopulationColumns {
    let names: [String]
    /// How each column's cells are read (`applicant_id` and the sink's own columns are skipped,
    /// a name that is no fact is left to the slow way, which reports it).
    let kinds: [FactTextReader.Kind]
    /// The position of `applicant_id`.
    let id: Int
    /// The position of each of the sink's own columns, nil for one the header lacks.
    let own: [Int?]
    /// Whether every row must be decoded the slow way (a fact named twice).
    let slowOnly: Bool

    /// - Throws: `DocumentError` when the header lacks `applicant_id`.
    init(header names: [String], tables: FactTextReader.Tables, own: [String]) throws(DocumentError) {
        guard let id = names.firstIndex(of: Applicant.idKey) else {
            throw DocumentError(line: 1, message: "the header has no \(Applicant.idKey) column")
        }
        self.names = names
        self.id = id
        self.own = own.map { names.firstIndex(of: $0) }
        self.slowOnly = Set(names).count < names.count
        self.kinds = names.map { name in
            if name == Applicant.idKey || own.contains(name) { return .skip }
            return tables.registry.id(of: name).map { tables.kinds[$0] } ?? .unknown
        }
    }
}
