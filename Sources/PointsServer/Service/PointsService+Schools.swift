import Foundation
import PointsCore
import PointsProtocol

extension PointsService {
    /// The education bureau's question: which school tier is this child in?
    func enrolmentTier(_ request: Points_V1_EnrolmentTierRequest, recorder: inout DecisionRecorder?) throws(RPCError) -> Points_V1_EnrolmentTierResponse {
        let known = try rulesKnownOn(request.rulesKnownOn)
        let (scheme, date) = try resolve(scheme: request.scheme, asOf: request.asOf, knownOn: known)
        guard request.child.hasSchoolStage else {
            throw RPCError(facts: FactsError(issues: [FactIssue(fact: "child.school_stage", line: 0,
                                                                message: "missing; give primary, junior_secondary or senior_secondary", kind: .missing)]))
        }
        do {
            let facts = try request.parent.facts(decoder: FactsDecoder(registry: scheme.registry, asOf: date))
            let child = ChildFacts(stage: request.child.schoolStage,
                                   localSchoolingMonths: request.child.hasLocalSchoolingMonths ? Int(request.child.localSchoolingMonths) : nil,
                                   localJuniorHighRecord: request.child.hasLocalJuniorHighRecord ? request.child.localJuniorHighRecord : nil)
            let answer = try scheme.enrolmentTier(parent: facts, child: child, asOf: date, rulesKnownOn: known)
            recorder?.record(answer, applicantRef: request.applicantRef)
            return Points_V1_EnrolmentTierResponse(answer, scheme: scheme.metadata)
        } catch let error as FactsError {
            throw RPCError(facts: error)
        } catch let error as EnrolmentError {
            guard let facts = error.factsError else { throw RPCError(.failedPrecondition, error.description) }
            throw RPCError(facts: facts)
        } catch {
            throw RPCError(.internal, "could not answer the enrolment tier")
        }
    }

    /// Counts an allocation's schools and applicants on the wire, before anything is decoded.
    static func checkCounts(_ payload: Data) throws(RPCError) {
        try RequestBounds.check(count: WireFieldCount.occurrences(of: 4, in: payload) ?? 0, of: "schools", atMost: RequestBounds.schools)
        try RequestBounds.check(count: WireFieldCount.occurrences(of: 5, in: payload) ?? 0, of: "applicants", atMost: RequestBounds.applicants)
    }

    /// Checks an allocation's ids, seats and preferences before anything is scored.
    static func checkBounds(_ request: Points_V1_AllocateSeatsRequest) throws(RPCError) {
        for school in request.schools {
            try RequestBounds.check(identifier: school.id, field: "schools.id")
            guard school.seats <= RequestBounds.seatsPerSchool else {
                throw RPCError(.invalidArgument, "school \(school.id): seats must be a whole number from 0 to \(RequestBounds.seatsPerSchool), got \(school.seats)")
            }
        }
        for (index, applicant) in request.applicants.enumerated() {
            try RequestBounds.check(identifier: applicant.applicantID, field: "applicants[\(index + 1)].applicant_id")
            guard applicant.preferences.count <= RequestBounds.preferences else {
                throw RPCError(.invalidArgument, "applicants[\(index + 1)]: \(applicant.preferences.count) preferences is more than the \(RequestBounds.preferences) allowed")
            }
            for preference in applicant.preferences {
                try RequestBounds.check(identifier: preference, field: "applicants[\(index + 1)].preferences")
            }
        }
    }

    /// Places a district's applicants in its schools; stops when the call is cancelled.
    func allocateSeats(_ request: Points_V1_AllocateSeatsRequest, recorder: inout DecisionRecorder?,
                       cancellation: CallCancellation) throws(RPCError) -> Points_V1_AllocateSeatsResponse {
        let (scheme, date) = try resolve(scheme: request.scheme, asOf: request.asOf)
        let service: PublicService
        do {
            service = try Allocation.schoolService(of: scheme, named: request.service.isEmpty ? nil : request.service)
        } catch {
            throw RPCError(.failedPrecondition, error.description)
        }
        var seen = Set<String>()
        var schools: [SeatPlan.School] = []
        for school in request.schools {
            guard !school.id.isEmpty, seen.insert(school.id).inserted else {
                throw RPCError(.invalidArgument, "schools: every school needs an id of its own; '\(school.id)' is empty or repeated")
            }
            let kind = school.hasKind ? school.kind : "public"
            guard SeatPlan.kinds.contains(kind) else {
                throw RPCError(.invalidArgument, "school \(school.id): kind must be public or subsidised, got '\(kind.prefix(RequestBounds.identifierBytes))'")
            }
            schools.append(SeatPlan.School(id: school.id, seats: Int(school.seats), kind: kind))
        }
        var applicants: [Applicant] = []
        applicants.reserveCapacity(request.applicants.count)
        for (index, applicant) in request.applicants.enumerated() {
            var entries: [DocumentNode.Entry]
            do {
                entries = try applicant.facts.document().entries ?? []
            } catch {
                throw RPCError(facts: FactsError(issues: error.issues.map {
                    FactIssue(fact: "applicants[\(index + 1)].\($0.fact)", line: 0, message: $0.message, kind: $0.kind)
                }))
            }
            entries.append(DocumentNode.Entry(key: Allocation.preferencesKey,
                                              value: DocumentNode(.sequence(applicant.preferences.map { DocumentNode(.scalar($0), line: 0) }), line: 0)))
            applicants.append(Applicant(id: applicant.applicantID.isEmpty ? "#\(index + 1)" : applicant.applicantID, line: index + 1,
                                        document: DocumentNode(.mapping(entries), line: 0)))
        }
        guard let (rows, summary) = Allocation.run(applicants, plan: SeatPlan(schools: schools), scheme: scheme, service: service, asOf: date,
                                                   isCancelled: { cancellation.isCancelled }) else {
            throw RPCError(.cancelled, "the allocation was cancelled or passed its deadline")
        }
        recorder?.record(rows, scheme: scheme.metadata, asOf: date.description, service: service.id)
        return Points_V1_AllocateSeatsResponse(rows: rows, summary: summary, scheme: scheme.metadata)
    }
}
