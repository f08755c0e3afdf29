/// A named group of indicators with an optional cap on its subtotal (basic, bonus, deduction).
public struct IndicatorGroup: Sendable {
    /// The group id.
    public let id: String
    /// Its title.
    public let title: Bilingual
    /// The greatest magnitude of the group's subtotal, or nil.
    public let cap: Fixed?
    /// The indicators in file order.
    public let indicators: [Indicator]
}
