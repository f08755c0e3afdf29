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

    /// How a cell is read, by column: plain values, so reading a row retains nothing.
    enum CellKind {
        /// The id, a passthrough column, or an unknown one (read the slow way when not empty).
        case id, passthrough, unknown
        case bool(FactID), date(FactID), months(FactID), count(FactID, Int64, Int64), yuan(FactID), choice(FactID), text(FactID)
        /// A list, record or hours-by-year fact (a flow cell).
        case flow(FactID)
    }

    let names: [String]
    let columns: [Column]
    let kinds: [CellKind]
    /// The position of `applicant_id`.
    let id: Int
    /// Whether every row must be decoded the slow way (a fact named twice).
    let slowOnly: Bool

    /// - Throws: `DocumentError` when the header lacks `applicant_id`.
    init(header names: [String], registry: FactRegistry, passthrough: Set<String>) throws(DocumentError) {
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
            case .id: return .id
            case .passthrough: return .passthrough
            case .unknown: return .unknown
            case .fact(let id, let type):
                switch type {
                case .bool: return .bool(id)
                case .date: return .date(id)
                case .months: return .months(id)
                case .count(let range): return .count(id, range.lowerBound, range.upperBound)
                case .yuan: return .yuan(id)
                case .choice: return .choice(id)
                case .text: return .text(id)
                case .list, .record, .hoursByYear, .facts: return .flow(id)
                }
            }
        }
    }
}
