import Dispatch
import Foundation

/// Scores a population file (CSV or JSON lines, one applicant a row, each with an
/// `applicant_id`) block by block on every core, keeping only what the sink keeps.
///
/// CSV cells are read straight into fact rows; a row with a value the fast reader cannot
/// check completely is decoded through `FactsDecoder`, so every error reads as it would for a
/// facts file. Memory grows with what the sink keeps, not with the file.
public enum Population {
    /// The two accepted layouts.
    public enum Format: String, Sendable {
        /// A header of fact names (and `applicant_id`), one applicant a row.
        case csv
        /// One facts object a line, with an `applicant_id` key.
        case jsonl
    }

    /// Scores every applicant of `source`.
    ///
    /// - Parameter progress: Called after each block with the bytes of the source read and
    ///   scored so far (a progress bar's measure), on the calling thread.
    /// - Throws: `DocumentError` for a file that is not a population: empty, no `applicant_id`
    ///   column or a column that is no fact, a row with the wrong number of cells or without an
    ///   id, a malformed flow cell or line, no applicant at all.
    public static func score<Sink: PopulationSink>(_ source: PopulationSource, format: Format, scheme: Scheme, asOf: LocalDate,
                                                   context: Sink.Context, into sink: Sink.Type = Sink.self,
                                                   progress: ((Int) -> Void)? = nil) throws(DocumentError) -> Sink {
        let workers = Self.workers(Sink.self, scheme: scheme, asOf: asOf, context: context)
        var total = Sink(context)
        var columns: PopulationColumns?
        let blocks = try source.blocks(csv: format == .csv)
        var current = try blocks.next(), applicants = 0
        while let block = current {
            var rows = block.rows[...]
            if format == .csv && columns == nil, let header = rows.popFirst() {
                columns = try PopulationColumns(header: try workers[0].headerCells(block, header), tables: scheme.plan.textTables,
                                                own: Sink.ownColumns)
            }
            let count = rows.count, parts = count < 512 ? 1 : workers.count
            applicants += count
            let first = rows.startIndex, layout = columns
            let shared = workers
            // The next block is read and split into rows while this one is scored.
            nonisolated(unsafe) var next: RowBlock?, readError: DocumentError?
            DispatchQueue.concurrentPerform(iterations: parts + 1) { part in
                guard part < parts else {
                    do throws(DocumentError) { next = try blocks.next() } catch { readError = error }
                    return
                }
                shared[part].run(block, rows: (first + count * part / parts)..<(first + count * (part + 1) / parts), columns: layout)
            }
            for worker in workers.prefix(parts) {
                let (sink, error) = worker.takeResults()
                if let error { throw error }
                total.append(sink)
            }
            if let readError { throw readError }
            progress?(block.end)
            current = next
        }
        guard applicants > 0 else {
            throw DocumentError(line: 0, message: format == .csv && columns == nil
                ? "the file is empty; a population CSV starts with a header naming \(Applicant.idKey) and facts"
                : "no applicants in the file")
        }
        return total
    }

    /// Scores every applicant of `source` into a sink that needs no context.
    public static func score<Sink: PopulationSink>(_ source: PopulationSource, format: Format, scheme: Scheme, asOf: LocalDate,
                                                   into sink: Sink.Type = Sink.self, progress: ((Int) -> Void)? = nil) throws(DocumentError) -> Sink where Sink.Context == Void {
        try score(source, format: format, scheme: scheme, asOf: asOf, context: (), into: sink, progress: progress)
    }

    /// Scores applicants whose facts are documents already (a call's), on every core, unless
    /// `isCancelled` turns true first: it is checked before each applicant.
    ///
    /// - Returns: The sink, or nil when cancelled.
    public static func score<Sink: PopulationSink>(_ applicants: [Applicant], scheme: Scheme, asOf: LocalDate, context: Sink.Context,
                                                   into sink: Sink.Type = Sink.self, isCancelled: @Sendable () -> Bool) -> Sink? {
        let workers = Self.workers(Sink.self, scheme: scheme, asOf: asOf, context: context)
        let count = applicants.count, parts = count < 64 ? 1 : workers.count
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            workers[part].run(applicants[(count * part / parts)..<(count * (part + 1) / parts)], isCancelled: isCancelled)
        }
        var total = Sink(context)
        for worker in workers.prefix(parts) { total.append(worker.takeResults().0) }
        return isCancelled() ? nil : total
    }

    /// Four workers a core: a block's rows are cut in as many runs, which the cores take as they
    /// finish, so one slower run does not leave a core idle at the end of every block.
    private static func workers<Sink: PopulationSink>(_: Sink.Type, scheme: Scheme, asOf: LocalDate, context: Sink.Context) -> [PopulationWorker<Sink>] {
        (0..<4 * ProcessInfo.processInfo.activeProcessorCount).map { _ in PopulationWorker<Sink>(scheme: scheme, asOf: asOf, context: context) }
    }
}
