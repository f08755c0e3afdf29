/// Reads applicants from a CSV file (a header of fact names, one applicant a row) or a
/// JSON-lines file (one facts object a line), each with an `applicant_id`.
public enum ApplicantFile {
    /// The two accepted layouts.
    public enum Format: String, Sendable {
        case csv
        case jsonl
    }

    /// Parses the whole file.
    ///
    /// In CSV, an empty cell is an absent fact and a cell starting with `[` or `{` is read as
    /// a YAML/JSON flow value (`[{inventors: 2}]`).
    ///
    /// - Throws: `DocumentError` for a malformed row or a row without `applicant_id`.
    public static func read(_ text: String, format: Format) throws(DocumentError) -> [Applicant] {
        switch format {
        case .csv: return try readCSV(text)
        case .jsonl: return try readJSONLines(text)
        }
    }

    private static func readJSONLines(_ text: String) throws(DocumentError) -> [Applicant] {
        var applicants: [Applicant] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\r" || $0 == "\t" }) { continue }
            let document: DocumentNode
            do {
                document = try DocumentNode.parse(yaml: String(line), limits: .facts)
            } catch {
                throw DocumentError(line: lineNumber, message: error.message)
            }
            applicants.append(try applicant(document, line: lineNumber))
        }
        return applicants
    }

    private static func readCSV(_ text: String) throws(DocumentError) -> [Applicant] {
        let rows = try CSVParser.rows(text)
        guard let header = rows.first else { return [] }
        guard header.cells.contains(Applicant.idKey) else {
            throw DocumentError(line: 1, message: "the header has no \(Applicant.idKey) column")
        }
        var applicants: [Applicant] = []
        for row in rows.dropFirst() {
            if row.cells.count == 1 && row.cells[0].isEmpty { continue }
            guard row.cells.count == header.cells.count else {
                throw DocumentError(line: row.line, message: "\(row.cells.count) cells, but the header has \(header.cells.count)")
            }
            var entries: [DocumentNode.Entry] = []
            for (name, cell) in zip(header.cells, row.cells) where !cell.isEmpty {
                let value: DocumentNode
                if cell.first == "[" || cell.first == "{" {
                    do {
                        let parsed = try DocumentNode.parse(yaml: cell, limits: .facts)
                        value = DocumentNode(parsed.content, line: row.line)
                    } catch {
                        throw DocumentError(line: row.line, message: "column \(name): \(error.message)")
                    }
                } else {
                    value = DocumentNode(.scalar(cell), line: row.line)
                }
                entries.append(DocumentNode.Entry(key: name, value: value))
            }
            applicants.append(try applicant(DocumentNode(.mapping(entries), line: row.line), line: row.line))
        }
        return applicants
    }

    private static func applicant(_ document: DocumentNode, line: Int) throws(DocumentError) -> Applicant {
        guard let id = document[Applicant.idKey]?.scalar, !id.isEmpty else {
            throw DocumentError(line: line, message: "no \(Applicant.idKey); every applicant needs one")
        }
        return Applicant(id: id, line: line, document: document)
    }
}
