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
    /// A percentage added to the sum when its condition holds (Zhongshan's +30 % in outer
    /// towns), applied before the cap.
    public let multiplier: ScoreMultiplier?
}

/// `percent` more points when `when` holds: the sum × (100 + percent) ÷ 100, rounded by the
/// scheme's rule.
public struct ScoreMultiplier: Sendable {
    /// The percentage added (30 means × 1.3).
    public let percent: Fixed
    /// When it applies; a condition over facts only.
    public let when: Condition
    /// The clause it implements.
    public let clause: String
}

extension ScoreDefinition {
    /// The total of a scheme that gives no points (channels or services alone): no groups.
    static let emptyTotal = ScoreDefinition(id: "total", title: Bilingual(zh: "总分", en: "total"), groups: [], cap: nil, multiplier: nil)
}
