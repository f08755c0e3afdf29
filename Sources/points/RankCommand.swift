import ArgumentParser
import Foundation
import PointsCore

/// `points rank`: rank a file of applicants under a quota.
struct RankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rank", abstract: "Rank applicants (CSV or JSON lines) under a quota and write a CSV.")

    @Argument(help: "Applicants: a CSV with an applicant_id column, or JSON lines (.jsonl) with an applicant_id key.")
    var file: String

    @OptionGroup var options: SchemeOptions

    @Option(name: .long, help: "How many may be admitted (ties at the cut-off are all admitted).")
    var quota: Int

    @Option(name: .long, help: "Write the CSV here instead of standard output.")
    var output: String?

    func validate() throws {
        guard quota >= 0 else { throw ValidationError("--quota must be 0 or more") }
    }

    func run() throws {
        let (scheme, date) = try options.resolve()
        let applicants = try readApplicants(file)
        let ranked = Ranking.rank(applicants, scheme: scheme, asOf: date, quota: quota)
        let csv = Ranking.csv(ranked)
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(csv.utf8)) else { throw failure("cannot write \(output)") }
        } else {
            print(csv, terminator: "")
        }
        let admitted = ranked.filter(\.admitted).count
        let qualified = ranked.filter { $0.rank != nil }.count
        FileHandle.standardError.write(Data("\(applicants.count) applicants, \(qualified) qualified, \(admitted) admitted (quota \(quota)) under \(scheme.metadata.id) \(scheme.metadata.version)\n".utf8))
    }
}
