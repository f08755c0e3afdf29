/// A named total built from groups (`total` = basic + bonus + deduction; `basic` ranks).
public struct ScoreDefinition: Sendable {
    /// The score id.
    public let id: String
    /// Its title.
    public let title: Bilingual
    /// Positions of the groups it adds up.
    public let groups: [Int]
    /// The greatest value it may reach, or nil.
    public let cap: Fixed?
}
