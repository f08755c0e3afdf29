/// The numbers of one evaluation: every line's points, subtotals, scores, gate outcomes and
/// tiers, plus the trace a card's explanations are rendered from.
///
/// A buffer reused from applicant to applicant (one per thread): evaluating into a result
/// that has held one before allocates nothing. Read it before the next evaluation into it.
public final class ScoreResult {
    /// A gate's outcome.
    public enum GateState: Int64, Sendable {
        /// The requirement holds.
        case passed
        /// It does not, and no exemption holds.
        case failed
        /// The exemption holds.
        case exempt
        /// A fact it needs is missing (the card fails).
        case missing
        /// It waits on a parameter not on record.
        case open
    }

    /// The plan whose layout `numbers` follows.
    private(set) var plan: ScorePlan?
    /// The evaluation date.
    public internal(set) var asOf = LocalDate(year: 2000, month: 1, day: 1)!
    /// The day whose known rules chose the version (an appeal's decision day), when the caller
    /// asked for one; the card names it. Set after the evaluation, which clears it.
    public var rulesKnownOn: LocalDate?
    /// Every number, in the plan's layout.
    private(set) var numbers: UnsafeMutablePointer<Int64>
    private var numbersCapacity = 0
    /// Values read and intermediate numbers, in evaluation order, for the explanations.
    private(set) var trace: UnsafeMutablePointer<Int64>
    private(set) var traceCount = 0
    private(set) var traceCapacity = 256
    /// Where the gates' and the services' parts of the trace begin.
    var gateTrace = 0, channelTrace = 0, serviceTrace = 0
    /// Facts needed but neither stated nor defaulted: the fact, who needed it (an index of the
    /// plan's users), and whether it was the spouse's.
    var missing: [(id: FactID, user: Int32, spouse: Bool)] = []
    /// Hours outside a per-year window: the line (of the plan) and the year.
    var warnings: [(line: Int32, year: Int64)] = []

    /// Where the words of the evaluation in this result are rendered (reused with the result).
    public private(set) lazy var text = CardText()

    /// An empty result.
    public init() {
        numbers = .allocate(capacity: 1)
        trace = .allocate(capacity: traceCapacity)
    }

    deinit {
        numbers.deallocate()
        trace.deallocate()
    }

    /// Prepares for an evaluation under `plan`.
    func reset(_ plan: ScorePlan, asOf: LocalDate) {
        if self.plan !== plan { self.plan = plan }
        self.asOf = asOf
        rulesKnownOn = nil
        let count = plan.layout.count
        if count > numbersCapacity {
            numbers.deallocate()
            numbers = .allocate(capacity: count)
            numbersCapacity = count
        }
        numbers.update(repeating: 0, count: count)
        traceCount = 0
        if !missing.isEmpty { missing.removeAll(keepingCapacity: true) }
        if !warnings.isEmpty { warnings.removeAll(keepingCapacity: true) }
    }

    /// Takes back the trace buffer an evaluation grew.
    func adopt(trace: UnsafeMutablePointer<Int64>, count: Int, capacity: Int) {
        self.trace = trace
        traceCount = count
        traceCapacity = capacity
    }

    /// The numbers as a plain view (no reference counting or access checks per read), valid
    /// until the next evaluation into this result.
    public var view: ScoreNumbers { ScoreNumbers(numbers: UnsafePointer(numbers), layout: plan!.layout, plan: plan!) }

    /// Whether every fact the scheme needed was stated or defaulted.
    public var isComplete: Bool { missing.isEmpty }
    /// Whether the evaluation found nothing to warn about.
    public var warningsAreEmpty: Bool { warnings.isEmpty }
    /// Whether every gate holds (exempt gates hold) and, when the scheme has channels, one does.
    public var qualified: Bool { view.qualified }
    /// Whether qualifying waits on a parameter not on record (`qualified` is then false).
    public var undetermined: Bool { view.undetermined }
    /// Whether channel `i` holds (false also when a fact it needs is not stated).
    public func channel(_ i: Int) -> Bool { view.channel(i) }
    /// Whether channel `i` waits on a parameter not on record.
    public func channelOpen(_ i: Int) -> Bool { view.channelOpen(i) }
    /// Points of line `i` before its cap.
    public func lineRaw(_ i: Int) -> Fixed { view.lineRaw(i) }
    /// Points of line `i` after its cap.
    public func linePoints(_ i: Int) -> Fixed { view.linePoints(i) }
    /// Whether a cap cut line `i`'s points: its own, or its chosen `best_of` option's.
    public func capCut(_ i: Int) -> Bool { view.capCut(i) }
    /// Group `i`'s subtotal before its cap.
    public func groupRaw(_ i: Int) -> Fixed { view.groupRaw(i) }
    /// Group `i`'s subtotal after its cap.
    public func groupPoints(_ i: Int) -> Fixed { view.groupPoints(i) }
    /// Score `i` before its multiplier and cap.
    public func scoreRaw(_ i: Int) -> Fixed { view.scoreRaw(i) }
    /// Score `i` after its multiplier and cap.
    public func scorePoints(_ i: Int) -> Fixed { view.scorePoints(i) }
    /// Whether score `i`'s multiplier applied.
    public func multiplied(_ i: Int) -> Bool { view.multiplied(i) }
    /// Gate `i`'s outcome.
    public func gate(_ i: Int) -> GateState { view.gate(i) }
    /// Service `i`'s tier index (-1: none holds; -2: a fact it needs is missing; -3: waits on a
    /// parameter not on record).
    public func tier(_ i: Int) -> Int { view.tier(i) }
    /// Tie-breaker `i`'s value, or nil when not stated.
    public func tieBreaker(_ i: Int) -> Fixed? { view.tieBreaker(i) }
    /// The total (the threshold's score).
    public var total: Fixed { view.total }
    /// The score that orders qualified applicants.
    public var rankingScore: Fixed { view.rankingScore }
}

/// An evaluation's numbers, read through a pointer: what encoders read many times per call.
public struct ScoreNumbers {
    let numbers: UnsafePointer<Int64>
    let layout: ScorePlan.Layout
    unowned(unsafe) let plan: ScorePlan

    /// Whether every gate holds (exempt gates hold) and, when the scheme has channels, one does.
    public var qualified: Bool {
        (0..<plan.gates.count).allSatisfy { gate($0) == .passed || gate($0) == .exempt }
            && (plan.channels.isEmpty || (0..<plan.channels.count).contains { channel($0) })
    }
    /// Whether qualifying waits on a parameter not on record: no gate fails, the channels do
    /// not all fail, and a gate waits or (no channel holding) a channel waits.
    public var undetermined: Bool {
        var gateOpen = false
        for g in 0..<plan.gates.count {  // a loop, not an array: every response asks
            switch gate(g) {
            case .failed, .missing: return false
            case .open: gateOpen = true
            case .passed, .exempt: break
            }
        }
        let channels = 0..<plan.channels.count
        let channelHolds = plan.channels.isEmpty || channels.contains(where: channel)
        let channelsOpen = !channelHolds && channels.contains(where: channelOpen)
        guard channelHolds || channelsOpen else { return false }
        return gateOpen || channelsOpen
    }
    /// Whether channel `i` holds (false also when a fact it needs is not stated).
    public func channel(_ i: Int) -> Bool { numbers[layout.channels + i] == 1 }
    /// Whether channel `i` waits on a parameter not on record.
    public func channelOpen(_ i: Int) -> Bool { numbers[layout.channels + i] == 3 }
    /// Points of line `i` before its cap.
    public func lineRaw(_ i: Int) -> Fixed { Fixed(units: numbers[layout.lineRaw + i]) }
    /// Points of line `i` after its cap.
    public func linePoints(_ i: Int) -> Fixed { Fixed(units: numbers[layout.linePoints + i]) }
    /// Whether a cap cut line `i`'s points: its own, or its chosen `best_of` option's.
    public func capCut(_ i: Int) -> Bool { numbers[layout.capCut + i] != 0 }
    /// Group `i`'s subtotal before its cap.
    public func groupRaw(_ i: Int) -> Fixed { Fixed(units: numbers[layout.groupRaw + i]) }
    /// Group `i`'s subtotal after its cap.
    public func groupPoints(_ i: Int) -> Fixed { Fixed(units: numbers[layout.groupPoints + i]) }
    /// Score `i` before its multiplier and cap.
    public func scoreRaw(_ i: Int) -> Fixed { Fixed(units: numbers[layout.scoreRaw + i]) }
    /// Score `i` after its multiplier and cap.
    public func scorePoints(_ i: Int) -> Fixed { Fixed(units: numbers[layout.scorePoints + i]) }
    /// Whether score `i`'s multiplier applied.
    public func multiplied(_ i: Int) -> Bool { numbers[layout.multiplied + i] != 0 }
    /// Gate `i`'s outcome.
    public func gate(_ i: Int) -> ScoreResult.GateState { ScoreResult.GateState(rawValue: numbers[layout.gates + i]) ?? .missing }
    /// Service `i`'s tier index (-1: none holds; -2: a fact it needs is missing; -3: a tier
    /// waits on a parameter not on record and none above it holds).
    public func tier(_ i: Int) -> Int { Int(numbers[layout.tiers + i]) }
    /// Tie-breaker `i`'s value, or nil when not stated.
    public func tieBreaker(_ i: Int) -> Fixed? {
        let value = numbers[layout.tieBreakers + i]
        return value == FactRow.absent ? nil : Fixed(units: value)
    }
    /// The total (the threshold's score).
    public var total: Fixed { scorePoints(plan.totalScore) }
    /// The score that orders qualified applicants.
    public var rankingScore: Fixed { scorePoints(plan.rankingScore) }
}
