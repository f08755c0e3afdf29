import ArgumentParser
import Foundation
import PointsCore

/// `points rank`: rank a file of applicants under a quota.
struct RankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rank", abstract: "Rank applicants (CSV or JSON lines) under a quota and write a CSV.")

    @Argument(help: "Applicants: a CSV with an applicant_id column, or JSON lines (.jsonl) with an applicant_id key.")
    var file: String

    @OptionGroup var options: SchemeOptions

    @Option(name: .long, parsing: .unconditional, help: "How many may be admitted (ties at the cut-off are all admitted).")
    var quota: Int

    @Option(name: .long, help: "Write the CSV here instead of standard output.")
    var output: String?

    func validate() throws {
        guard quota >= 0 else { throw ValidationError("--quota must be 0 or more, got \(quota)") }
    }

    func run() throws {
        let (scheme, date) = try options.resolve()
        guard scheme.ranksApplicants else {
            throw failure("error: scheme \(scheme.metadata.id) \(scheme.metadata.version) gives service tiers only (no gates, settlement channels or points), so there is nothing to rank by; `points score` shows an applicant's tiers and `points simulate` compares them across a population")
        }
        let table: RankingTable
        let bar = ProgressBar(totalBytes: (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        do {
            table = try Ranking.rank(.file(path: file), format: populationFormat(file), scheme: scheme, asOf: date, quota: quota) {
                bar.update(bytes: $0, label: "ranking \(file)")
            }
            bar.finish()
        } catch {
            bar.finish()
            throw failure(error.located(in: file))
        }
        let out: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let handle = FileHandle(forWritingAtPath: output) else {
                throw failure("cannot write \(output)")
            }
            out = handle
        } else {
            out = FileHandle.standardOutput
        }
        try table.writeCSV { try out.write(contentsOf: $0) }
        let cutOff = table.cutOff.map { "; cut-off score \($0.score), shared by \($0.sharing)" } ?? ""
        FileHandle.standardError.write(Data("\(table.applicants) applicants, \(table.qualified) qualified, \(table.admitted) admitted (quota \(quota))\(cutOff) under \(scheme.metadata.id) \(scheme.metadata.version)\n".utf8))
    }
}
