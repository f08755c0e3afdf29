/// The schools of an allocation and their seats, read from a CSV with the header
/// `school_id,seats,kind` (kind: `public` or `subsidised`, a government-subsidised private school).
public struct SeatPlan: Sendable {
    /// One school.
    public struct School: Sendable, Equatable {
        /// The school id applicants list.
        public let id: String
        /// Seats offered.
        public let seats: Int
        /// `public` or `subsidised`.
        public let kind: String

        /// Creates a school.
        public init(id: String, seats: Int, kind: String) {
            self.id = id
            self.seats = seats
            self.kind = kind
        }
    }

    /// The school kinds a plan may name.
    public static let kinds = ["public", "subsidised"]

    /// The schools in file order.
    public let schools: [School]
    private let index: [String: Int]

    /// Creates a plan from schools with unique ids.
    public init(schools: [School]) {
        self.schools = schools
        self.index = Dictionary(schools.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The position of a school id, if the plan has it.
    public func position(of id: String) -> Int? { index[id] }

    /// Parses the CSV.
    ///
    /// - Throws: `DocumentError` naming the line of a missing column, and of every bad seat
    ///   count, unknown kind or school listed twice.
    public static func read(_ text: String) throws(DocumentError) -> SeatPlan {
        let rows = try CSVParser.rows(text)
        guard let header = rows.first else { throw DocumentError(line: 1, message: "the seat plan is empty; give school_id,seats,kind and a row per school") }
        guard let idColumn = header.cells.firstIndex(of: "school_id"), let seatsColumn = header.cells.firstIndex(of: "seats") else {
            throw DocumentError(line: header.line, message: "the header needs school_id and seats columns (and optionally kind)")
        }
        let kindColumn = header.cells.firstIndex(of: "kind")
        var schools: [School] = []
        var seen: [String: Int] = [:]
        var problems: [DocumentError] = []  // every bad row is reported, not only the first
        for row in rows.dropFirst() {
            if row.cells.count == 1 && row.cells[0].isEmpty { continue }
            guard row.cells.count == header.cells.count else {
                problems.append(DocumentError(line: row.line, message: "\(row.cells.count) cells, but the header has \(header.cells.count)"))
                continue
            }
            let id = row.cells[idColumn]
            var rowProblems: [String] = []
            if id.isEmpty { rowProblems.append("empty school_id") }
            if let first = seen[id], !id.isEmpty { rowProblems.append("school \(id) is listed twice (first on line \(first))") }
            if seen[id] == nil { seen[id] = row.line }
            let seats = Int(row.cells[seatsColumn]).flatMap { (0...1_000_000).contains($0) ? $0 : nil }
            if seats == nil { rowProblems.append("seats must be a whole number from 0 to 1,000,000, got '\(row.cells[seatsColumn])'") }
            let kind = kindColumn.map { row.cells[$0] } ?? "public"
            if !kinds.contains(kind) { rowProblems.append("kind must be public or subsidised, got '\(kind)'") }
            guard rowProblems.isEmpty, let seats else {
                problems += rowProblems.map { DocumentError(line: row.line, message: $0) }
                continue
            }
            schools.append(School(id: id, seats: seats, kind: kind))
        }
        if !problems.isEmpty { throw DocumentError(problems) }
        return SeatPlan(schools: schools)
    }
}
