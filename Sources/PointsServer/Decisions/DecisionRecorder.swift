import Foundation
import PointsCore

/// Collects the decisions one call makes, for the decision log.
public struct DecisionRecorder: Sendable {
    /// The calling agency.
    public let agency: String
    private let hasher: ApplicantHasher
    private let timeMs: Int64
    /// What the call decided.
    public private(set) var records: [DecisionRecord] = []

    /// A recorder for one call by `agency`, made now.
    public init(agency: String, hasher: ApplicantHasher, now: Date = Date()) {
        self.agency = agency
        self.hasher = hasher
        self.timeMs = Int64((now.timeIntervalSince1970 * 1000).rounded())
    }

    private func record(_ method: String, _ reference: String, _ scheme: (id: String, version: String, hash: String), asOf: String) -> DecisionRecord {
        DecisionRecord(timeMs: timeMs, agency: agency, method: method, applicantHash: hasher.hash(reference), schemeID: scheme.id,
                       schemeVersion: scheme.version, contentHash: scheme.hash, asOf: asOf, total: nil, qualified: nil, tiers: [])
    }

    /// An evaluation (Score, ScoreBatch).
    mutating func record(_ result: ScoreResult, under scheme: Scheme, method: String, applicantRef: String) {
        let m = scheme.metadata
        var r = record(method, applicantRef, (m.id, m.version, m.contentHash), asOf: result.asOf.description)
        r.total = result.total.description
        r.qualified = result.undetermined ? nil : result.qualified
        r.tiers = scheme.services.enumerated().map { s, service in
            let tier = result.tier(s)
            return (service.id, tier >= 0 ? service.tiers[tier].id : tier == -3 ? "undetermined" : "none")
        }
        records.append(r)
    }

    /// An enrolment tier.
    mutating func record(_ answer: EnrolmentAnswer, applicantRef: String) {
        var r = record("EnrolmentTier", applicantRef, (answer.schemeID, answer.schemeVersion, answer.contentHash), asOf: answer.asOf)
        r.total = answer.score.description
        r.tiers = [(answer.service, answer.tier ?? (answer.undetermined == true ? "undetermined" : "none"))]
        records.append(r)
    }

    /// Every applicant's outcome of a seat allocation.
    mutating func record(_ rows: [Allocation.Row], scheme: SchemeMetadata, asOf: String, service: String) {
        for row in rows {
            var r = record("AllocateSeats", row.applicantID, (scheme.id, scheme.version, scheme.contentHash), asOf: asOf)
            r.total = row.score?.description
            let outcome = row.school ?? row.waitingPosition.map { "waiting:\($0)" } ?? (row.reason.hasPrefix("invalid") ? "invalid" : "not_eligible")
            r.tiers = [(service, outcome)]
            records.append(r)
        }
    }
}
