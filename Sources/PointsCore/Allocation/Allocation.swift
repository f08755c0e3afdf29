import Foundation

/// Allocates school seats to a file of applicants: scores each under a scheme, puts those
/// the school service admits in its batches, then runs `SeatAllocation`.
public enum Allocation {
    /// The applicant column or key listing school ids, most wanted first, separated by `;`
    /// (or a YAML list).
    public static let preferencesKey = "preferences"

    /// One applicant's outcome, a row of the CSV.
    public struct Row: Sendable, Equatable {
        /// 1-based place in the allocation order, or nil when not allocated (ineligible, invalid).
        public let order: Int?
        /// The applicant id.
        public let applicantID: String
        /// The admission batch, when eligible.
        public let batch: Int?
        /// The service's score, when the facts could be scored.
        public let score: Fixed?
        /// The school placed in, if any.
        public let school: String?
        /// Which preference it was (1 = first choice).
        public let choice: Int?
        /// Place on the waiting list, when eligible but unplaced.
        public let waitingPosition: Int?
        /// Why, in words.
        public let reason: String
    }

    /// Seats offered and filled.
    public struct Seats: Sendable, Equatable {
        /// Offered by the seat plan.
        public var offered = 0
        /// Taken.
        public var filled = 0

        /// Creates a count.
        public init(offered: Int = 0, filled: Int = 0) {
            self.offered = offered
            self.filled = filled
        }
    }

    /// Counts over the whole allocation.
    public struct Summary: Sendable, Equatable {
        /// Applicants in the file.
        public var applicants = 0
        /// Applicants the service admits to a batch.
        public var eligible = 0
        /// Placed, by batch (batch number → count).
        public var placedByBatch: [Int: Int] = [:]
        /// Placed in their first choice.
        public var firstChoice = 0
        /// Eligible but unplaced: the waiting list.
        public var waiting = 0
        /// In no tier of the service.
        public var notEligible = 0
        /// Facts or preferences that could not be used.
        public var invalid = 0
        /// Seats offered and filled, by school kind.
        public var seatsByKind: [String: Seats] = [:]

        /// Placed in all.
        public var placed: Int { placedByBatch.values.reduce(0, +) }

        /// The summary as readable lines.
        public var text: String {
            var lines = ["\(applicants) applicants: \(eligible) eligible, \(notEligible) in no tier, \(invalid) invalid"]
            let batches = placedByBatch.keys.sorted().map { "batch \($0): \(placedByBatch[$0]!)" }.joined(separator: ", ")
            lines.append("\(placed) placed (\(batches.isEmpty ? "none" : batches)), \(firstChoice) in their first choice, \(waiting) on the waiting list")
            for kind in seatsByKind.keys.sorted() {
                let seats = seatsByKind[kind]!
                lines.append("\(kind) schools: \(seats.filled) of \(seats.offered) seats filled")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// Why a school service cannot be used for an allocation.
    public struct ServiceError: Error, Sendable, CustomStringConvertible {
        /// What is wrong.
        public let description: String
    }

    /// The school service of a scheme: the one named, or the first that enrols a school stage.
    public static func schoolService(of scheme: Scheme, named name: String?) throws(ServiceError) -> PublicService {
        let schoolServices = scheme.services.filter { !$0.stages.isEmpty }
        if let name {
            guard let service = scheme.services.first(where: { $0.id == name }) else {
                throw ServiceError(description: "scheme \(scheme.metadata.id) \(scheme.metadata.version) has no service '\(name)'; it has: \(scheme.services.map(\.id).joined(separator: ", "))")
            }
            return service
        }
        guard let service = schoolServices.first else {
            throw ServiceError(description: "scheme \(scheme.metadata.id) \(scheme.metadata.version) has no school service (a service with stages); choose a scheme with one, e.g. panyu-school-points")
        }
        return service
    }

    /// Scores every applicant of a population file (read as `points rank` reads one, with a
    /// `preferences` column or key) and allocates the seats.
    ///
    /// - Throws: `DocumentError` for a file that is not a population (see `Population.score`).
    public static func run(_ source: PopulationSource, format: Population.Format, plan: SeatPlan, scheme: Scheme, service: PublicService,
                           asOf: LocalDate, progress: ((Int) -> Void)? = nil) throws(DocumentError) -> (rows: [Row], summary: Summary) {
        let entries = try Population.score(source, format: format, scheme: scheme, asOf: asOf,
                                           context: context(plan, scheme, service), into: AllocationEntries.self, progress: progress)
        return allocate(entries.assessments, plan: plan, scheme: scheme)
    }

    /// Scores every applicant and allocates the seats.
    public static func run(_ applicants: [Applicant], plan: SeatPlan, scheme: Scheme, service: PublicService, asOf: LocalDate) -> (rows: [Row], summary: Summary) {
        // Never cancelled, so never nil.
        run(applicants, plan: plan, scheme: scheme, service: service, asOf: asOf, isCancelled: { false })!
    }

    /// Scores every applicant and allocates the seats, unless `isCancelled` turns true first:
    /// it is checked before each applicant is scored.
    ///
    /// - Returns: The rows and summary, or nil when the allocation was cancelled.
    public static func run(_ applicants: [Applicant], plan: SeatPlan, scheme: Scheme, service: PublicService, asOf: LocalDate,
                           isCancelled: @Sendable () -> Bool) -> (rows: [Row], summary: Summary)? {
        guard let entries = Population.score(applicants, scheme: scheme, asOf: asOf, context: context(plan, scheme, service),
                                             into: AllocationEntries.self, isCancelled: isCancelled) else { return nil }
        return allocate(entries.assessments, plan: plan, scheme: scheme)
    }

    private static func context(_ plan: SeatPlan, _ scheme: Scheme, _ service: PublicService) -> AllocationEntries.Context {
        AllocationEntries.Context(plan: plan, service: scheme.services.firstIndex { $0.id == service.id }!)
    }

    /// Gives out the seats to the candidates among `assessments` (in file order).
    private static func allocate(_ assessments: [AllocationEntries.Assessment], plan: SeatPlan, scheme: Scheme) -> (rows: [Row], summary: Summary) {
        var candidates: [SeatAllocation.Candidate] = []
        var others: [Row] = []
        var summary = Summary()
        summary.applicants = assessments.count
        for assessment in assessments {
            switch assessment {
            case .candidate(let candidate): candidates.append(candidate)
            case .notEligible(let row): others.append(row); summary.notEligible += 1
            case .invalid(let row): others.append(row); summary.invalid += 1
            }
        }
        summary.eligible = candidates.count
        let placements = SeatAllocation.allocate(candidates, seats: plan.schools.map(\.seats), descending: scheme.ranking.tieBreakers.map(\.descending))
        for school in plan.schools { summary.seatsByKind[school.kind, default: Seats()].offered += school.seats }
        var rows: [Row] = []
        rows.reserveCapacity(assessments.count)
        for placement in placements {
            let candidate = candidates[placement.candidate]
            let school = placement.school.map { plan.schools[$0] }
            if let school, let choice = placement.choice {
                summary.placedByBatch[candidate.batch, default: 0] += 1
                summary.seatsByKind[school.kind]!.filled += 1
                if choice == 1 { summary.firstChoice += 1 }
            } else {
                summary.waiting += 1
            }
            let reason = school.map { "placed in choice \(placement.choice!) of \(candidate.preferences.count) (\($0.kind))" }
                ?? "no seat left in any of \(candidate.preferences.count) choice(s): waiting list \(placement.waitingPosition!)"
            rows.append(Row(order: placement.order, applicantID: candidate.id, batch: candidate.batch, score: candidate.score,
                            school: school?.id, choice: placement.choice, waitingPosition: placement.waitingPosition, reason: reason))
        }
        return (rows + others, summary)
    }

    /// The preference list: school ids separated by `;` (or a YAML list), each in the plan,
    /// none twice, at most `SeatAllocation.maxPreferences`.
    static func preferences(_ node: DocumentNode?, plan: SeatPlan) -> Result<[Int], DocumentError> {
        guard let node else { return .failure(DocumentError(line: 0, message: "no \(preferencesKey); list the schools wanted, most wanted first, separated by ';'")) }
        let ids: [String]
        if let items = node.items {
            ids = items.compactMap(\.scalar)
        } else {
            ids = (node.scalar ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        guard !ids.isEmpty else { return .failure(DocumentError(line: node.line, message: "\(preferencesKey) is empty; list at least one school")) }
        guard ids.count <= SeatAllocation.maxPreferences else {
            return .failure(DocumentError(line: node.line, message: "\(ids.count) preferences; at most \(SeatAllocation.maxPreferences) schools may be listed"))
        }
        var positions: [Int] = []
        for id in ids {
            guard let position = plan.position(of: id) else { return .failure(DocumentError(line: node.line, message: "preference '\(id)' is not a school of the seat plan")) }
            guard !positions.contains(position) else { return .failure(DocumentError(line: node.line, message: "school '\(id)' is listed twice")) }
            positions.append(position)
        }
        return .success(positions)
    }

    /// The rows as CSV: allocated applicants in allocation order, then the rest in file order.
    public static func csv(_ rows: [Row]) -> String {
        var out = "order,\(Applicant.idKey),batch,score,school_id,choice,waiting_position,reason\n"
        for row in rows {
            func number(_ value: Int?) -> String { value.map(String.init) ?? "" }
            let cells: [String] = [number(row.order), row.applicantID, number(row.batch), row.score?.description ?? "",
                                   row.school ?? "", number(row.choice), number(row.waitingPosition), row.reason]
            out += cells.map(CSVParser.cell).joined(separator: ",") + "\n"
        }
        return out
    }
}
