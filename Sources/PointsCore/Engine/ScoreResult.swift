/// The numbers of one evaluation: every line's points, subtotals, scores, gate outcomes and
/// tiers, plus the trace a card's explanations are rendered from.
///
/// Reused from applicant to applicant: evaluating into a result that has held one before
/// allocates nothing.
public struct ScoreResult: Sendable {
    /// A gate's outcome.
    public enum GateState: UInt8, Sendable {
        case passed, failed, exempt, undetermined
    }

    /// The evaluation date.
    public internal(set) var asOf = LocalDate(year: 2000, month: 1, day: 1)!
    /// Points before each line's cap, in plan line order.
    public internal(set) var lineRaw: [Fixed] = []
    /// Points after each line's cap.
    public internal(set) var linePoints: [Fixed] = []
    /// Group subtotals before and after their caps.
    public internal(set) var groupRaw: [Fixed] = [], groupPoints: [Fixed] = []
    /// Named scores before and after multiplier and cap.
    public internal(set) var scoreRaw: [Fixed] = [], scorePoints: [Fixed] = []
    /// Whether each score's multiplier applied.
    public internal(set) var multiplied: [Bool] = []
    /// Each gate's outcome.
    public internal(set) var gates: [GateState] = []
    /// Each service's tier index (-1: none holds; -2: a fact it needs is missing).
    public internal(set) var tiers: [Int] = []
    /// Tie-breaker values in the ranking rule's order (nil: not stated).
    public internal(set) var tieBreakers: [Fixed?] = []
    /// Facts needed but neither stated nor defaulted, with the rule that needed them.
    var missing: [(id: FactID, user: NeededBy, spouse: Bool)] = []
    /// Hours outside a per-year window: the indicator and the year.
    var warnings: [(indicator: Indicator, year: Int64)] = []
    /// Values read and intermediate numbers, in evaluation order, for the explanations.
    var trace: [Int64] = []
    /// Where the gates' and the services' parts of the trace begin.
    var gateTrace = 0, serviceTrace = 0

    /// An empty result.
    public init() {}

    /// Whether every fact the scheme needed was stated or defaulted.
    public var isComplete: Bool { missing.isEmpty }
    /// Whether every gate holds (exempt gates hold).
    public var qualified: Bool { !gates.contains { $0 == .failed || $0 == .undetermined } }

    mutating func reset(lines: Int, groups: Int, scores: Int, gates gateCount: Int, services: Int, tieBreakers tieCount: Int, asOf: LocalDate) {
        self.asOf = asOf
        Self.resize(&lineRaw, lines, .zero)
        Self.resize(&linePoints, lines, .zero)
        Self.resize(&groupRaw, groups, .zero)
        Self.resize(&groupPoints, groups, .zero)
        Self.resize(&scoreRaw, scores, .zero)
        Self.resize(&scorePoints, scores, .zero)
        Self.resize(&multiplied, scores, false)
        Self.resize(&gates, gateCount, .passed)
        Self.resize(&tiers, services, -1)
        Self.resize(&tieBreakers, tieCount, nil)
        missing.removeAll(keepingCapacity: true)
        warnings.removeAll(keepingCapacity: true)
        trace.removeAll(keepingCapacity: true)
    }

    private static func resize<T>(_ array: inout [T], _ count: Int, _ value: T) {
        if array.count != count {
            array = Array(repeating: value, count: count)
        } else {
            for i in array.indices { array[i] = value }
        }
    }
}
