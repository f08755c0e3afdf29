/// A scheme version compiled for evaluation: flat tables of plain values (operations,
/// conditions, constants, fact slots) that `NumericEvaluator` walks with no reference
/// counting, no allocation and no text. Built once when the scheme is compiled.
public final class ScorePlan: @unchecked Sendable {
    /// One indicator's rule (a card line, or an option of a `best_of`).
    struct Line {
        enum Kind: UInt8 { case perUnit, lookup, bands, ageBands, flag, deduction, bestOf, ageSteps, perYear, shares, itemLookup, firstAndFurther }
        var kind: Kind
        var poolsSpouse = false
        var hasCap = false
        var cap: Int64 = 0
        /// The `when` condition, or -1.
        var when: Int32 = -1
        /// Who needs its facts (an index into `users`).
        var user: Int32 = 0
        /// The fact read (-1: none).
        var fact: Int32 = -1
        /// A list item's field read, and fields per item.
        var field: Int32 = 0, width: Int32 = 1
        /// A range of `consts` (tables, bands), `slots` (per-unit facts) or `links` (options).
        var first: Int32 = 0, count: Int32 = 0
        /// Rule constants, by kind (see `ScorePlan+Compile`).
        var a: Int64 = 0, b: Int64 = 0, c: Int64 = 0, d: Int64 = 0, e: Int64 = 0
        var flag = false, flag2 = false
    }

    /// One node of a condition.
    struct Cond {
        enum Kind: UInt8 { case flag, choice, text, atLeast, atMost, ageAtLeast, ageAtMost, scoreAtLeast, scoreAtMost, awaits, validOnAsOf, all, any, not }
        var kind: Kind
        var negated = false
        var fact: Int32 = -1
        /// The bound; for `awaits`, the parameter's position (and `negated` for at most).
        var bound: Int64 = 0
        /// Allowed choices (a range of `consts`), parts (of `links`), or a text set's index.
        var first: Int32 = 0, count: Int32 = 0
    }

    struct Group { var first: Int32; var count: Int32; var hasCap: Bool; var cap: Int64 }
    struct Score { var groupsFirst: Int32; var groupsCount: Int32; var multiplier: Int32; var percent: Int64; var hasCap: Bool; var cap: Int64; var user: Int32 }
    struct GateOp { var exempt: Int32; var require: Int32; var user: Int32 }
    struct Service { var score: Int32; var tiersFirst: Int32; var tiersCount: Int32; var user: Int32 }
    struct TieBreaker { var fact: Int32; var numeric: Bool }

    let lines: UnsafeMutableBufferPointer<Line>
    /// Lines `0..<lineCount` are the card's; options of `best_of` follow.
    public let lineCount: Int
    let conds: UnsafeMutableBufferPointer<Cond>
    let links: UnsafeMutableBufferPointer<Int32>
    let consts: UnsafeMutableBufferPointer<Int64>
    let slots: UnsafeMutableBufferPointer<Int32>
    let groups: UnsafeMutableBufferPointer<Group>
    let scores: UnsafeMutableBufferPointer<Score>
    let gates: UnsafeMutableBufferPointer<GateOp>
    /// Settlement channels: conditions whose missing facts do not fail the evaluation.
    let channels: UnsafeMutableBufferPointer<GateOp>
    let services: UnsafeMutableBufferPointer<Service>
    let tieBreakers: UnsafeMutableBufferPointer<TieBreaker>
    /// How many trace entries each condition writes (conditions read no lists, so it is fixed).
    let condTraceLengths: [Int]
    /// The texts a text condition accepts, by index.
    let textSets: [Set<String>]
    /// Who needs a fact, for missing-fact errors: every indicator, score, gate and service.
    let users: [NeededBy]
    /// The facts each card line shows, by line.
    let lineFacts: [[FactRef]]
    /// Every text the card renderer writes, pre-encoded.
    let words: PlanWords
    /// The facts each card line shows, as ids: `lineFactIDs[lineFactEnds[line - 1]..<lineFactEnds[line]]`.
    let lineFactIDs: UnsafeMutableBufferPointer<Int32>
    let lineFactEnds: UnsafeMutableBufferPointer<Int32>
    /// What reading facts from text needs, for this vocabulary.
    let textTables: FactTextReader.Tables
    /// The scheme's defaults as a row (absent where a fact has none), with its slots as a buffer.
    let defaults: FactRow
    let defaultValues: UnsafeMutableBufferPointer<Int64>
    let defaultArena: UnsafeMutableBufferPointer<Int64>
    let rounding: Rounding
    let ageReference: LocalDate?
    /// The scheme's parameters (`awaits` conditions name them by position).
    let parameters: [SchemeParameter]
    /// The facts that stand for the child an enrolment question names (`child.FIELD`): a tier
    /// that needs one not given does not hold, and the card does not fail.
    let childFacts: Set<Int>
    let totalScore: Int, rankingScore: Int
    /// What other modules derive from this plan once.
    public let cache = PlanCache()
    /// Where each part of a result's numbers starts, and their count.
    let layout: Layout

    struct Layout {
        var lineRaw = 0, linePoints = 0, capCut = 0, groupRaw = 0, groupPoints = 0, scoreRaw = 0, scorePoints = 0, multiplied = 0
        var gates = 0, channels = 0, tiers = 0, tieBreakers = 0, count = 0
    }

    init(_ compiled: CompiledPlan, registry: FactRegistry, defaults: FactRow, rounding: Rounding, ageReference: LocalDate?,
         parameters: [SchemeParameter] = [], totalScore: Int, rankingScore: Int) {
        // Never a null base address (an empty table has room for one), but the count is the table's.
        func buffer<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
            let base = UnsafeMutablePointer<T>.allocate(capacity: max(array.count, 1))
            base.initialize(from: array, count: array.count)
            return UnsafeMutableBufferPointer(start: base, count: array.count)
        }
        lines = buffer(compiled.lines)
        lineCount = compiled.lineCount
        conds = buffer(compiled.conds)
        links = buffer(compiled.links)
        consts = buffer(compiled.consts)
        slots = buffer(compiled.slots)
        groups = buffer(compiled.groups)
        scores = buffer(compiled.scores)
        gates = buffer(compiled.gates)
        channels = buffer(compiled.channels)
        services = buffer(compiled.services)
        tieBreakers = buffer(compiled.tieBreakers)
        textSets = compiled.textSets
        var lengths = [Int](repeating: 0, count: compiled.conds.count)
        for (i, cond) in compiled.conds.enumerated() {  // parts come before the node that joins them
            switch cond.kind {
            case .all, .any, .not: lengths[i] = 1 + (0..<Int(cond.count)).reduce(0) { $0 + lengths[Int(compiled.links[Int(cond.first) + $1])] }
            default: lengths[i] = 2
            }
        }
        condTraceLengths = lengths
        users = compiled.users
        lineFacts = compiled.indicators.prefix(compiled.lineCount).map(\.factRefs)
        words = PlanWords(registry: registry, compiled: compiled, conditionNames: compiled.conditionNames, tierTitles: compiled.tierTitles)
        lineFactIDs = buffer(lineFacts.flatMap { $0.map { Int32($0.id) } })
        var ends: [Int32] = [], end: Int32 = 0
        for facts in lineFacts { end += Int32(facts.count); ends.append(end) }
        lineFactEnds = buffer(ends)
        self.textTables = FactTextReader.Tables(registry: registry)
        self.defaults = defaults
        defaultValues = buffer(defaults.values)
        defaultArena = buffer(defaults.arena)
        self.rounding = rounding
        self.ageReference = ageReference
        self.parameters = parameters
        childFacts = Set(registry.definitions.indices.filter { registry.definitions[$0].name.hasPrefix(SchemeCompiler.childPrefix) })
        self.totalScore = totalScore
        self.rankingScore = rankingScore
        var layout = Layout(), at = 0
        func take(_ n: Int) -> Int { defer { at += n }; return at }
        layout.lineRaw = take(compiled.lineCount)
        layout.linePoints = take(compiled.lineCount)
        layout.capCut = take(compiled.lineCount)
        layout.groupRaw = take(compiled.groups.count)
        layout.groupPoints = take(compiled.groups.count)
        layout.scoreRaw = take(compiled.scores.count)
        layout.scorePoints = take(compiled.scores.count)
        layout.multiplied = take(compiled.scores.count)
        layout.gates = take(compiled.gates.count)
        layout.channels = take(compiled.channels.count)
        layout.tiers = take(compiled.services.count)
        layout.tieBreakers = take(compiled.tieBreakers.count)
        layout.count = at
        self.layout = layout
    }

    deinit {
        lines.deallocate(); conds.deallocate(); links.deallocate(); consts.deallocate(); slots.deallocate()
        groups.deallocate(); scores.deallocate(); gates.deallocate(); channels.deallocate(); services.deallocate(); tieBreakers.deallocate()
        defaultValues.deallocate(); defaultArena.deallocate(); lineFactIDs.deallocate(); lineFactEnds.deallocate()
        words.deallocate()
    }
}
