/// A settlement channel: one of a scheme's alternative ways in (a graduate, stable housing in
/// a town, reunion with a relative). A scheme with channels qualifies an applicant when every
/// gate holds and at least one channel does. A fact a channel needs and the applicant did not
/// state makes that channel not hold (the card says so), not the card fail.
public final class SettlementChannel: Sendable {
    /// Unique within the scheme.
    public let id: String
    /// The channel's name.
    public let title: Bilingual
    /// The clause it implements.
    public let clause: String
    /// When it holds.
    public let when: Condition
    /// Who may follow the applicant in (`spouse`, `children`, `parents`), as the clause says.
    public let family: [String]

    /// The family members a channel may name.
    public static let familyMembers = ["spouse", "children", "parents"]

    init(id: String, title: Bilingual, clause: String, when: Condition, family: [String]) {
        self.id = id
        self.title = title
        self.clause = clause
        self.when = when
        self.family = family
    }
}
