/// A public service a scheme grants in tiers (阶梯式享有): compulsory education, the senior
/// high entrance exam, basic medical care, public culture, public rental housing, hukou.
public struct PublicService: Sendable {
    /// The service id, e.g. `compulsory_education`.
    public let id: String
    /// What the service is.
    public let title: Bilingual
    /// The clause granting it.
    public let clause: String
    /// The score that orders applicants for it (school points for school places), by
    /// position in the scheme's scores.
    public let score: Int
    /// The school stages (`FactRegistry.schoolStages` positions) it enrols, for the education
    /// bureau's enrolment tier; empty when it is not a school service.
    public let stages: [Int]
    /// Tiers from the highest to the lowest: an applicant is in the first whose condition holds.
    public let tiers: [ServiceTier]
}

/// One tier of a service and the condition that unlocks it.
public struct ServiceTier: Sendable {
    /// The tier id, e.g. `priority_batch`, `full`.
    public let id: String
    /// What the tier grants.
    public let title: Bilingual
    /// The clause it comes from.
    public let clause: String
    /// The condition over facts, age and scores that unlocks it.
    public let when: Condition
    /// For school services: the admission batch (1 is served first), or nil.
    public let batch: Int?
}
