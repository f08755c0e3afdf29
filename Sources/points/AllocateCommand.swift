import ArgumentParser
import Foundation
import PointsCore

/// `points allocate APPLICANTS --seats PLAN`: school places by serial dictatorship.
struct AllocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate",
        abstract: "Allocate school seats: priority batch first, then points order; each applicant gets the highest preference with a seat left.")

    @Argument(help: "Applicants: a CSV with applicant_id, fact columns and a preferences column (school ids separated by ';', most wanted first, at most 19), or JSON lines.")
    var file: String

    @Option(name: .long, help: "The seat plan: a CSV with school_id,seats,kind (kind: public or subsidised).")
    var seats: String

    @OptionGroup var options: SchemeOptions

    @Option(name: .long, help: "The school service to allocate (default: the scheme's first service with school stages).")
    var service: String?

    @Option(name: .long, help: "Write the placements CSV here instead of standard output.")
    var output: String?

    func run() throws {
        let (scheme, date) = try options.resolve()
        let schoolService: PublicService
        do {
            schoolService = try Allocation.schoolService(of: scheme, named: service)
        } catch {
            throw failure("error: \(error.description)")
        }
        let plan: SeatPlan
        do {
            plan = try SeatPlan.read(try readText(seats))
        } catch let error as DocumentError {
            throw failure(error.located(in: seats))
        }
        let start = ContinuousClock.now
        let rows: [Allocation.Row], summary: Allocation.Summary
        let bar = ProgressBar(totalBytes: (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        do {
            (rows, summary) = try Allocation.run(.file(path: file), format: populationFormat(file), plan: plan, scheme: scheme,
                                                 service: schoolService, asOf: date) { bar.update(bytes: $0, label: "allocating \(file)") }
            bar.finish()
        } catch {
            bar.finish()
            throw failure(error.located(in: file))
        }
        let elapsed = ContinuousClock.now - start
        let csv = Allocation.csv(rows)
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(csv.utf8)) else { throw failure("cannot write \(output)") }
        } else {
            print(csv, terminator: "")
        }
        let header = "\(schoolService.id) under \(scheme.metadata.id) \(scheme.metadata.version), \(plan.schools.count) schools, scored and allocated in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds])))\n"
        FileHandle.standardError.write(Data((header + summary.text).utf8))
    }
}
