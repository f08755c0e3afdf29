import ArgumentParser
import Foundation
import PointsCore

/// `points simulate`: a draft scheme against a population, beside the one in force.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Score a population under a baseline scheme and draft candidates, rank each under the quota, and say what moves.",
        discussion: "A progress bar is drawn on standard error when it is a terminal.")

    @Option(name: .long, help: "The scheme in force: a scheme file, or a built-in ID or ID@VERSION (ID alone: the version in force on --as-of).")
    var baseline: String

    @Option(name: .long, help: "A draft scheme file (repeatable). It may carry the baseline's id and version; it is never published.")
    var candidate: [String] = []

    @Option(name: .long, help: "Applicants: a CSV with an applicant_id column, or JSON lines (.jsonl).")
    var population: String

    @Option(name: .long, help: "Evaluation date YYYY-MM-DD (default: today in China Standard Time).")
    var asOf: String?

    @Option(name: .long, parsing: .unconditional, help: "How many may be admitted.")
    var quota: Int

    @Option(name: .long, help: "Write the applicants each candidate admits or drops here, as CSV (with one candidate).")
    var changes: String?

    @Option(name: .long, help: "Write the whole comparison here, as JSON.")
    var json: String?

    @Option(name: .long, help: "Write a case file for each applicant the candidate admits or drops into this folder (facts in, the candidate's card expected; check them with `points cases`). With one candidate.")
    var emitCases: String?

    @Option(name: .long, help: "Write a self-contained HTML report here (charts, tier transitions, breakdowns, the scheme diff; zh and en; prints well).")
    var report: String?

    func validate() throws {
        guard quota >= 0 else { throw ValidationError("--quota must be 0 or more") }
        guard !candidate.isEmpty else { throw ValidationError("name at least one --candidate scheme file") }
        guard changes == nil || candidate.count == 1 else { throw ValidationError("--changes takes one --candidate") }
        guard emitCases == nil || candidate.count == 1 else { throw ValidationError("--emit-cases takes one --candidate") }
        if let emitCases {  // checked before the run, not after it
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: emitCases, isDirectory: &isFolder) {
                guard isFolder.boolValue else { throw ValidationError("--emit-cases \(emitCases) is a file; name a folder (made if missing)") }
                let held = ((try? FileManager.default.contentsOfDirectory(atPath: emitCases)) ?? []).filter { $0.hasSuffix(".yaml") }
                guard held.isEmpty else {
                    throw ValidationError("--emit-cases \(emitCases) already holds \(held.count) case file(s); name an empty or new folder, so that old and new cases do not mix")
                }
            }
        }
    }

    func run() throws {
        let date = try evaluationDate(asOf)
        let base = try scheme(named: baseline, asOf: date)
        var drafts: [Scheme] = []
        for path in candidate {
            do {
                drafts.append(try SchemeLoader.load(path: path))
            } catch {
                throw failure(error.diagnostics.map(\.description))
            }
        }
        let simulation: Simulation
        let size = (try? FileManager.default.attributesOfItem(atPath: population)[.size] as? Int) ?? 0
        let bar = ProgressBar(totalBytes: size)
        do throws(DocumentError) {
            simulation = try Simulation.run(.file(path: population), format: populationFormat(population), baseline: base, candidates: drafts,
                                            asOf: date, quota: quota, movedLines: changes != nil, emitCases: emitCases != nil,
                                            progress: bar.update)
            bar.finish()
        } catch {
            bar.finish()
            throw failure(error.located(in: population))
        }
        print(simulation.text, terminator: "")
        if let json, !FileManager.default.createFile(atPath: json, contents: simulation.json) {
            throw failure("cannot write \(json)")
        }
        if let emitCases, let comparison = simulation.candidates.first {
            try write(comparison.cases, into: emitCases, unscorable: comparison.changes.count - comparison.cases.count)
            // The cases name `points cases --scheme-file DRAFT`: say now if that would refuse the draft.
            do {
                _ = try builtInCatalog(overlaidWith: candidate)
            } catch let error as SchemeLoadError {
                let reasons = error.diagnostics.map(\.description).joined(separator: "; ")
                FileHandle.standardError.write(Data(("note: `points cases \(emitCases) --scheme-file \(candidate[0])` will refuse the draft (\(reasons)); "
                    + "give it the version label of the built-in version it replaces to check its cases\n").utf8))
            }
        }
        if let report {
            let page = SimulationReport(simulation: simulation, baseline: base, candidates: drafts,
                                        population: URL(fileURLWithPath: population).lastPathComponent, asOf: date).html
            guard FileManager.default.createFile(atPath: report, contents: Data(page.utf8)) else { throw failure("cannot write \(report)") }
        }
        if let changes, let comparison = simulation.candidates.first {
            guard FileManager.default.createFile(atPath: changes, contents: Data(Simulation.changesCSV(comparison).utf8)) else {
                throw failure("cannot write \(changes)")
            }
        }
    }

    /// Writes case files into a folder (made if missing) and says where, and how many moved
    /// applicants had none (facts the candidate cannot score).
    private func write(_ cases: [(name: String, text: String)], into folder: String, unscorable: Int) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw failure("cannot make \(folder): \(error.localizedDescription)")
        }
        for file in cases {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(file.name).path
            guard FileManager.default.createFile(atPath: path, contents: Data(file.text.utf8)) else { throw failure("cannot write \(path)") }
        }
        let skipped = unscorable > 0 ? " (\(unscorable) moved applicant(s) the candidate cannot score have none: see --changes)" : ""
        FileHandle.standardError.write(Data("wrote \(cases.count) case file(s) to \(folder)\(skipped)\n".utf8))
    }
}
