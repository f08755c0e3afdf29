import Dispatch
import Foundation

/// What a command keeps of each applicant of a population, filled by one worker for a run of
/// rows and then appended, in file order, to the sink of the whole file.
public protocol PopulationSink: Sendable {
    /// An empty sink.
    init()
    /// Makes room for `applicants` more, about to be taken.
    mutating func reserve(_ applicants: Int)
    /// One applicant: scored into `result` from `row`, or refused with `error` (invalid or
    /// missing facts; `result` is then not this applicant's).
    mutating func take(id: String, line: Int, scheme: Scheme, row: FactRow, result: ScoreResult, error: FactsError?)
    /// Appends a later run of rows.
    mutating func append(_ later: Self)
}

/// Scores a population file (CSV or JSON lines, one applicant a row, each with an
/// `applicant_id`) block by block on every core, keeping only what the sink keeps.
///
/// CSV cells are read straight into fact rows; a row with a value the fast reader cannot
/// check completely is decoded through `FactsDecoder`, so every error reads as it would for a
/// facts file. Memory grows with what the sink keeps, not with the file.
public enum Population {
    /// The two accepted layouts.
    public typealias Format = ApplicantFile.Format

    /// Scores every applicant of `source`.
    ///
    /// - Throws: `DocumentError` for a file that is not a population: no `applicant_id` column,
    ///   a row with the wrong number of cells or without an id, a malformed flow cell or line.
    public static func score<Sink: PopulationSink>(_ source: PopulationSource, format: Format, scheme: Scheme, asOf: LocalDate,
                                                   into sink: Sink.Type = Sink.self) throws(DocumentError) -> Sink {
        let workers = (0..<ProcessInfo.processInfo.activeProcessorCount).map { _ in
            PopulationWorker<Sink>(scheme: scheme, asOf: asOf)
        }
        var total = Sink()
        var columns: PopulationColumns?
        try source.forEachBlock(csv: format == .csv) { block throws(DocumentError) in
            var rows = block.rows[...]
            if format == .csv && columns == nil {
                guard let header = rows.popFirst() else { return }
                columns = try PopulationColumns(header: try workers[0].headerCells(block, header), tables: scheme.plan.textTables)
            }
            let count = rows.count, parts = count < 512 ? 1 : workers.count
            let first = rows.startIndex, layout = columns
            let shared = workers
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                shared[part].run(block, rows: (first + count * part / parts)..<(first + count * (part + 1) / parts), columns: layout)
            }
            for worker in workers.prefix(parts) {
                let (sink, error) = worker.takeResults()
                if let error { throw error }
                total.append(sink)
            }
        }
        return total
    }
}
