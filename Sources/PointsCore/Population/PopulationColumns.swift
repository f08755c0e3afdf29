/// What each column of a population CSV holds, resolved once from the header.
struct PopulationColumns {
    enum Column {
        /// `applicant_id`.
        case id
        /// A fact of the scheme's vocabulary.
        case fact(FactID, FactType)
        /// A column the caller reads itself (an allocation's `preferences`).
        case passthrough(String)
        /// Not a fact: rows with a value in it are decoded the slow way, which reports it.
        case unknown(String)
    }

    let names: [String]
    let columns: [Column]
    /// How each column's cells are read.
    let kinds: [FactTextReader.Kind]
    /// The position of `applicant_id`.
    let id: Int
    /// Whether every row must be decoded the slow way (a fact named twice).
    let slowOnly: Bool

    /// - Throws: `DocumentError` when the header lacks `applicant_id`.
    init(header names: [String], tables: FactTextReader.Tables, passthrough: Set<String>) throws(DocumentError) {
        let registry = tables.registry
        guard let id = names.firstIndex(of: Applicant.idKey) else {
            throw DocumentError(line: 1, message: "the header has no \(Applicant.idKey) column")
        }
        self.names = names
        self.id = id
        var seen = Set<String>(), repeated = false
        self.columns = names.map { name in
            if !seen.insert(name).inserted { repeated = true }
            if name == Applicant.idKey { return .id }
            if passthrough.contains(name) { return .passthrough(name) }
            guard let fact = registry.id(of: name) else { return .unknown(name) }
            return .fact(fact, registry.definitions[fact].type)
        }
        self.slowOnly = repeated
        self.kinds = columns.map { column in
            switch column {
            case .id, .passthrough: return .skip
            case .unknown: return .unknown
            case .fact(let id, _): return tables.kinds[id]
            }
        }
    }
}
