import ArgumentParser
import Foundation
import PointsCore

/// `points simulate`: a draft scheme against a population, beside the one in force.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Score a population under a baseline scheme and draft candidates, rank each under the quota, and say what moves.")

    @Option(name: .long, help: "The scheme in force: a scheme file, or a built-in ID or ID@VERSION (ID alone: the version in force on --as-of).")
    var baseline: String

    @Option(name: .long, help: "A draft scheme file (repeatable). It may carry the baseline's id and version; it is never published.")
    var candidate: [String] = []

    @Option(name: .long, help: "Applicants: a CSV with an applicant_id column, or JSON lines (.jsonl).")
    var population: String

    @Option(name: .long, help: "Evaluation date YYYY-MM-DD (default: today in China Standard Time).")
    var asOf: String?

    @Option(name: .long, help: "How many may be admitted.")
    var quota: Int

    @Option(name: .long, help: "Write the applicants each candidate admits or drops here, as CSV (with one candidate).")
    var changes: String?

    @Option(name: .long, help: "Write the whole comparison here, as JSON.")
    var json: String?

    @Option(name: .long, help: "Write a self-contained HTML report here (charts, tier transitions, breakdowns, the scheme diff; zh and en; prints well).")
    var report: String?

    func validate() throws {
        guard quota >= 0 else { throw ValidationError("--quota must be 0 or more") }
        guard !candidate.isEmpty else { throw ValidationError("name at least one --candidate scheme file") }
        guard changes == nil || candidate.count == 1 else { throw ValidationError("--changes takes one --candidate") }
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
        do throws(DocumentError) {
            simulation = try Simulation.run(.file(path: population), format: populationFormat(population), baseline: base, candidates: drafts,
                                            asOf: date, quota: quota, movedLines: changes != nil)
        } catch {
            throw failure(error.located(in: population))
        }
        print(simulation.text, terminator: "")
        if let json, !FileManager.default.createFile(atPath: json, contents: simulation.json) {
            throw failure("cannot write \(json)")
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
}
