/// One core's share of each block: a `RowScorer` and the sink of the rows it scored.
final class PopulationWorker<Sink: PopulationSink>: @unchecked Sendable {
    private var scorer: RowScorer<Sink>?
    /// The first error of the current block's rows, which ends the run.
    private(set) var error: DocumentError?

    init(scheme: Scheme, asOf: LocalDate, context: Sink.Context) {
        scorer = RowScorer(scheme: scheme, asOf: asOf, context: context)
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

    /// Scores applicants given as documents, until `isCancelled`.
    func run(_ applicants: ArraySlice<Applicant>, isCancelled: () -> Bool) {
        var scorer = self.scorer.take()!
        defer { self.scorer = scorer }
        scorer.run(applicants, isCancelled: isCancelled)
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
    private let context: Sink.Context
    private let reader: FactTextReader
    private let decoder: FactsDecoder
    private var row: FactRow
    private let result = ScoreResult()
    private var cells = CSVCells()
    private var sink: Sink

    init(scheme: Scheme, asOf: LocalDate, context: Sink.Context) {
        self.scheme = scheme
        self.asOf = asOf
        self.context = context
        self.reader = FactTextReader(scheme: scheme, asOf: asOf)
        self.decoder = FactsDecoder(registry: scheme.registry, asOf: asOf, ignoredKeys: Set([Applicant.idKey] + Sink.ownColumns))
        self.row = FactRow(width: scheme.registry.count)
        self.sink = Sink(context)
    }

    mutating func takeSink() -> Sink {
        defer { sink = Sink(context) }
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
        if !id.isEmpty && !sink.wants(id) { return }
        var own: [DocumentNode?] = []
        for position in columns.own {
            if let position { own.append(try cellValue(position, columns, bytes, line: span.line)) } else { own.append(nil) }
        }
        // An id cell in brackets is a flow value to the decoder (and not an id): the slow way says so.
        if !id.isEmpty && id.first != "[" && id.first != "{" && !columns.slowOnly && fastRow(bytes, columns) {
            finish(PopulationApplicant(id: id, line: span.line, own: own))
            return
        }
        // The slow way: the row as a facts document, as a facts file is read.
        var entries: [DocumentNode.Entry] = []
        for (index, name) in columns.names.enumerated() {
            if let value = try cellValue(index, columns, bytes, line: span.line) { entries.append(DocumentNode.Entry(key: name, value: value)) }
        }
        let document = DocumentNode(.mapping(entries), line: span.line)
        decode(document, PopulationApplicant(id: try Self.id(of: document, line: span.line), line: span.line, own: own))
    }

    /// The applicant id of a row read as a document.
    ///
    /// - Throws: `DocumentError` when it has none.
    private static func id(of document: DocumentNode, line: Int) throws(DocumentError) -> String {
        guard let id = document[Applicant.idKey]?.scalar, !id.isEmpty else {
            throw DocumentError(line: line, message: "no \(Applicant.idKey); every applicant needs one")
        }
        return id
    }

    /// Cell `index` as a document value (a flow value when it starts with a bracket), nil when empty.
    private func cellValue(_ index: Int, _ columns: PopulationColumns, _ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws(DocumentError) -> DocumentNode? {
        let cell = cells.text(index, in: bytes)
        guard !cell.isEmpty else { return nil }
        guard cell.first == "[" || cell.first == "{" else { return DocumentNode(.scalar(cell), line: line) }
        do {
            return DocumentNode(try DocumentNode.parse(yaml: cell, limits: .facts).content, line: line)
        } catch {
            throw DocumentError(line: line, message: "column \(columns.names[index]): \(error.message)")
        }
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
        let id = try Self.id(of: document, line: span.line)
        guard sink.wants(id) else { return }
        // The line was parsed on its own: its values are placed on the file's line.
        let own = Sink.ownColumns.map { document[$0].map { DocumentNode($0.content, line: span.line) } }
        decode(document, PopulationApplicant(id: id, line: span.line, own: own))
    }

    /// Scores applicants given as documents, until `isCancelled`.
    mutating func run(_ applicants: ArraySlice<Applicant>, isCancelled: () -> Bool) {
        for applicant in applicants where sink.wants(applicant.id) {
            if isCancelled() { return }
            decode(applicant.document, PopulationApplicant(id: applicant.id, line: applicant.line,
                                                           own: Sink.ownColumns.map { applicant.document[$0] }))
        }
    }

    /// Decodes an applicant's facts the slow way and scores them.
    private mutating func decode(_ document: DocumentNode, _ applicant: PopulationApplicant) {
        do {
            row.fill(try decoder.decode(document), registry: scheme.registry)
        } catch {
            sink.take(applicant, scheme: scheme, row: row, result: result, error: error)
            return
        }
        finish(applicant)
    }

    private mutating func finish(_ applicant: PopulationApplicant) {
        scheme.evaluate(row, asOf: asOf, into: result)
        let missing = result.isComplete ? nil : scheme.missingFactsError(result)
        sink.take(applicant, scheme: scheme, row: row, result: result, error: missing)
    }
}
