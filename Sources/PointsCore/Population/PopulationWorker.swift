/// One core's share of each block: a `RowScorer` and the sink of the rows it scored.
final class PopulationWorker<Sink: PopulationSink>: @unchecked Sendable {
    private var scorer: RowScorer<Sink>?
    /// The first error of the current block's rows, which ends the run.
    private(set) var error: DocumentError?

    init(scheme: Scheme, asOf: LocalDate) {
        scorer = RowScorer(scheme: scheme, asOf: asOf)
    }

    /// The header row's names.
    func headerCells(_ block: RowBlock, _ header: RowSpan) throws(DocumentError) -> [String] {
        try scorer!.headerCells(block, header)
    }

    /// Scores `rows` of the block (CSV with `columns`, else JSON lines).
    func run(_ block: RowBlock, rows: Range<Int>, columns: PopulationColumns?) {
        // Worked on as a local value: no exclusivity checks or copies per row.
        var scorer = self.scorer.take()!
        defer { self.scorer = scorer }
        do throws(DocumentError) {
            try scorer.run(block, rows: rows, columns: columns)
        } catch {
            self.error = error
        }
    }

    /// Hands over what the rows of the last block gave, and the error that ended them.
    func takeResults() -> (Sink, DocumentError?) {
        defer { error = nil }
        return (scorer!.takeSink(), error)
    }
}

/// Reads rows into a reusable fact row, scores them into a reusable result, and gives each
/// applicant to the sink.
struct RowScorer<Sink: PopulationSink> {
    let scheme: Scheme
    let asOf: LocalDate
    private let reader: FactTextReader
    private let decoder: FactsDecoder
    private var row: FactRow
    private let result = ScoreResult()
    private var cells = CSVCells()
    private var sink = Sink()

    init(scheme: Scheme, asOf: LocalDate) {
        self.scheme = scheme
        self.asOf = asOf
        self.reader = FactTextReader(scheme: scheme, asOf: asOf)
        self.decoder = FactsDecoder(registry: scheme.registry, asOf: asOf, ignoredKeys: [Applicant.idKey])
        self.row = FactRow(width: scheme.registry.count)
    }

    mutating func takeSink() -> Sink {
        defer { sink = Sink() }
        return sink
    }

    mutating func headerCells(_ block: RowBlock, _ header: RowSpan) throws(DocumentError) -> [String] {
        try block.bytes.withUnsafeBufferPointer { bytes throws(DocumentError) in
            try cells.split(bytes, header)
            return (0..<cells.count).map { cells.text($0, in: bytes) }
        }
    }

    mutating func run(_ block: RowBlock, rows: Range<Int>, columns: PopulationColumns?) throws(DocumentError) {
        sink.reserve(rows.count)
        try block.bytes.withUnsafeBufferPointer { bytes throws(DocumentError) in
            for index in rows {
                if let columns {
                    try csvRow(bytes, block.rows[index], columns)
                } else {
                    try jsonLine(bytes, block.rows[index])
                }
            }
        }
    }

    private mutating func csvRow(_ bytes: UnsafeBufferPointer<UInt8>, _ span: RowSpan, _ columns: PopulationColumns) throws(DocumentError) {
        try cells.split(bytes, span)
        if cells.isBlank { return }
        guard cells.count == columns.kinds.count else {
            throw DocumentError(line: span.line, message: "\(cells.count) cells, but the header has \(columns.kinds.count)")
        }
        let id = cells.text(columns.id, in: bytes)
        // An id cell in brackets is a flow value to the decoder (and not an id): the slow way says so.
        if !id.isEmpty && id.first != "[" && id.first != "{" && !columns.slowOnly && fastRow(bytes, columns) {
            finish(id: id, line: span.line)
            return
        }
        // The slow way: the row as a facts document, as a facts file is read.
        var entries: [DocumentNode.Entry] = []
        for (index, name) in columns.names.enumerated() {
            let cell = cells.text(index, in: bytes)
            guard !cell.isEmpty else { continue }
            let value: DocumentNode
            if cell.first == "[" || cell.first == "{" {
                do {
                    value = DocumentNode(try DocumentNode.parse(yaml: cell, limits: .facts).content, line: span.line)
                } catch {
                    throw DocumentError(line: span.line, message: "column \(name): \(error.message)")
                }
            } else {
                value = DocumentNode(.scalar(cell), line: span.line)
            }
            entries.append(DocumentNode.Entry(key: name, value: value))
        }
        try decode(DocumentNode(.mapping(entries), line: span.line), line: span.line)
    }

    /// Reads the row's fact cells straight into the row; false when one needs the slow way.
    private mutating func fastRow(_ bytes: UnsafeBufferPointer<UInt8>, _ columns: PopulationColumns) -> Bool {
        row.clear()
        let reader = self.reader, kinds = columns.kinds
        var row = FactRow(width: 0)
        swap(&row, &self.row)  // a local row: no copies of the reader around each cell's access to it
        defer { swap(&row, &self.row) }
        let complete = cells.withCells(in: bytes) { cell in
            for index in 0..<kinds.count {
                let bytes = cell(index)
                if !bytes.isEmpty && !reader.read(bytes, kinds[index], into: &row) { return false }
            }
            return true
        }
        return complete && reader.consistent(row)
    }

    private mutating func jsonLine(_ bytes: UnsafeBufferPointer<UInt8>, _ span: RowSpan) throws(DocumentError) {
        let line = UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) { return }
        let document: DocumentNode
        do {
            document = try DocumentNode.parse(yaml: String(decoding: line, as: UTF8.self), limits: .facts)
        } catch {
            throw DocumentError(line: span.line, message: error.message)
        }
        try decode(document, line: span.line)
    }

    /// Decodes a row the slow way and scores it.
    private mutating func decode(_ document: DocumentNode, line: Int) throws(DocumentError) {
        guard let id = document[Applicant.idKey]?.scalar, !id.isEmpty else {
            throw DocumentError(line: line, message: "no \(Applicant.idKey); every applicant needs one")
        }
        do {
            row.fill(try decoder.decode(document), registry: scheme.registry)
        } catch {
            sink.take(id: id, line: line, scheme: scheme, row: row, result: result, error: error)
            return
        }
        finish(id: id, line: line)
    }

    private mutating func finish(id: String, line: Int) {
        scheme.evaluate(row, asOf: asOf, into: result)
        let missing = result.isComplete ? nil : scheme.missingFactsError(result)
        sink.take(id: id, line: line, scheme: scheme, row: row, result: result, error: missing)
    }
}
