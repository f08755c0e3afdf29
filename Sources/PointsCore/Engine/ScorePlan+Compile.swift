/// The tables of a `ScorePlan`, built from a scheme's compiled rules.
///
/// Constants of a line, by kind: per_unit `a` units per scoring unit (fixed point), `b`
/// points, `c` base, `d` from (`flag`: has one), `e` cap each (`flag2`: has one), facts in
/// `slots`; lookup and item lookup: points by choice in `consts`; bands and age bands:
/// (from, to or absent, points) triples in `consts`; flag and deduction: `a` points; best_of:
/// option lines in `links`; age steps: `a` full, `b` minus per year, `c` from age (`flag`), `d`
/// flat until, `flag2` count started years; per year: `a` hours per unit, `b` points, `c` year
/// cap, `d` window years; shares: `a` points; first and further: (field, first, further)
/// triples in `consts`.
struct CompiledPlan {
    var lines: [ScorePlan.Line] = []
    var lineCount = 0
    var conds: [ScorePlan.Cond] = []
    var links: [Int32] = []
    var consts: [Int64] = []
    var slots: [Int32] = []
    var groups: [ScorePlan.Group] = []
    var scores: [ScorePlan.Score] = []
    var gates: [ScorePlan.GateOp] = []
    var channels: [ScorePlan.GateOp] = []
    var services: [ScorePlan.Service] = []
    var tieBreakers: [ScorePlan.TieBreaker] = []
    var textSets: [Set<String>] = []
    var users: [NeededBy] = []
    var indicators: [Indicator] = []
    /// The name of each score condition, by node (for the card's words).
    var conditionNames: [Int32: String] = [:]
    /// The title of each service tier, by the link index of its condition.
    var tierTitles: [Int32: Bilingual] = [:]

    init(groups: [IndicatorGroup], scores: [ScoreDefinition], gates: [Gate], channels: [SettlementChannel], services: [PublicService], ranking: RankingRule) {
        let top = groups.flatMap(\.indicators)
        lineCount = top.count
        lines = top.map { _ in ScorePlan.Line(kind: .flag) }
        indicators = top
        for (i, indicator) in top.enumerated() {
            let compiled = line(indicator)
            lines[i] = compiled
        }
        var first: Int32 = 0
        for group in groups {
            self.groups.append(ScorePlan.Group(first: first, count: Int32(group.indicators.count), hasCap: group.cap != nil, cap: group.cap?.units ?? 0))
            first += Int32(group.indicators.count)
        }
        for score in scores {
            let groupsFirst = Int32(links.count)
            links += score.groups.map { Int32($0) }
            let multiplier = score.multiplier.map { condition($0.when) } ?? -1
            self.scores.append(ScorePlan.Score(groupsFirst: groupsFirst, groupsCount: Int32(score.groups.count), multiplier: multiplier,
                                               percent: score.multiplier?.percent.units ?? 0, hasCap: score.cap != nil, cap: score.cap?.units ?? 0,
                                               user: user(NeededBy(isGate: false, id: "score \(score.id)"))))
        }
        for gate in gates {
            let exempt = gate.exemptWhen.map { condition($0) } ?? -1
            self.gates.append(ScorePlan.GateOp(exempt: exempt, require: condition(gate.require), user: user(NeededBy(isGate: true, id: gate.id))))
        }
        for channel in channels {
            self.channels.append(ScorePlan.GateOp(exempt: -1, require: condition(channel.when), user: user(NeededBy(isGate: true, id: channel.id))))
        }
        for service in services {
            let tiers = service.tiers.map { condition($0.when) }
            let tiersFirst = Int32(links.count)
            links += tiers
            for (t, tier) in service.tiers.enumerated() { tierTitles[tiersFirst + Int32(t)] = tier.title }
            self.services.append(ScorePlan.Service(score: Int32(service.score), tiersFirst: tiersFirst, tiersCount: Int32(tiers.count),
                                                   user: user(NeededBy(isGate: false, id: "service \(service.id)"))))
        }
        tieBreakers = ranking.tieBreakers.map { ScorePlan.TieBreaker(fact: Int32($0.fact.id), numeric: $0.fact.type.isNumeric) }
    }

    private mutating func user(_ user: NeededBy) -> Int32 {
        users.append(user)
        return Int32(users.count - 1)
    }

    private mutating func constants(_ values: [Int64]) -> (Int32, Int32) {
        defer { consts += values }
        return (Int32(consts.count), Int32(values.count))
    }

    private mutating func bands(_ bands: [Band]) -> (Int32, Int32) {
        let (first, _) = constants(bands.flatMap { [$0.from.units, $0.to?.units ?? FactRow.absent, $0.points.units] })
        return (first, Int32(bands.count))
    }

    /// One indicator's line; the options of a `best_of` are appended after the card's lines.
    private mutating func line(_ indicator: Indicator) -> ScorePlan.Line {
        var line = ScorePlan.Line(kind: .flag)
        line.user = user(NeededBy(isGate: false, id: indicator.id))
        line.poolsSpouse = indicator.poolsSpouse
        line.hasCap = indicator.cap != nil
        line.cap = indicator.cap?.units ?? 0
        line.when = indicator.when.map { condition($0) } ?? -1
        func items(_ ref: FactRef, _ field: Int) {
            line.fact = Int32(ref.id)
            line.field = Int32(field)
            line.width = Int32(ref.type.fields?.count ?? 1)
        }
        switch indicator.rule {
        case .perUnit(let rule):
            line.kind = .perUnit
            line.first = Int32(slots.count)
            line.count = Int32(rule.facts.count)
            slots += rule.facts.map { Int32($0.id) }
            line.a = rule.every * Fixed.scale
            line.b = rule.points.units
            line.c = rule.base?.units ?? 0
            line.d = rule.from?.units ?? 0
            line.flag = rule.from != nil
            line.e = rule.capEach?.units ?? 0
            line.flag2 = rule.capEach != nil
        case .lookup(let ref, let table):
            line.kind = .lookup
            line.fact = Int32(ref.id)
            (line.first, line.count) = constants(table.map(\.units))
        case .bands(let ref, let list):
            line.kind = .bands
            line.fact = Int32(ref.id)
            (line.first, line.count) = bands(list)
        case .ageBands(let list):
            line.kind = .ageBands
            (line.first, line.count) = bands(list)
        case .flag(let ref, let points):
            line.kind = .flag
            line.fact = ref.map { Int32($0.id) } ?? -1
            line.a = points.units
        case .deduction(let ref, let points):
            line.kind = .deduction
            line.fact = Int32(ref.id)
            line.a = points.units
        case .bestOf(let options):
            line.kind = .bestOf
            var indices: [Int32] = []
            for option in options {
                let compiled = self.line(option)
                lines.append(compiled)
                indicators.append(option)
                indices.append(Int32(lines.count - 1))
            }
            line.first = Int32(links.count)
            line.count = Int32(indices.count)
            links += indices
        case .ageSteps(let steps):
            line.kind = .ageSteps
            line.a = steps.full.units
            line.b = steps.minusPerYear.units
            line.c = Int64(steps.fromAge ?? 0)
            line.flag = steps.fromAge != nil
            line.d = Int64(steps.flatUntil)
            line.flag2 = steps.countStarted
        case .perYear(let ref, let every, let points, let yearCap, let window):
            line.kind = .perYear
            line.fact = Int32(ref.id)
            line.a = every
            line.b = points.units
            line.c = yearCap.units
            line.d = Int64(window)
        case .shares(let ref, let field, _, let points):
            line.kind = .shares
            items(ref, field)
            line.a = points.units
        case .itemLookup(let ref, let field, _, let table):
            line.kind = .itemLookup
            items(ref, field)
            (line.first, line.count) = constants(table.map(\.units))
        case .firstAndFurther(let ref, let counted):
            line.kind = .firstAndFurther
            line.fact = Int32(ref.id)
            let (first, _) = constants(counted.flatMap { [Int64($0.field), $0.first.units, $0.further.units] })
            line.first = first
            line.count = Int32(counted.count)
        }
        return line
    }

    /// A condition's node, after its parts'.
    private mutating func condition(_ condition: Condition) -> Int32 {
        var node = ScorePlan.Cond(kind: .flag)
        switch condition {
        case .flag(let ref, let expected):
            node.fact = Int32(ref.id)
            node.negated = !expected
        case .choice(let ref, let allowed, let negated):
            node.kind = .choice
            node.fact = Int32(ref.id)
            node.negated = negated
            (node.first, node.count) = constants(allowed.sorted().map { Int64($0) })
        case .text(let ref, let allowed, let negated):
            node.kind = .text
            node.fact = Int32(ref.id)
            node.negated = negated
            node.first = Int32(textSets.count)
            textSets.append(allowed)
        case .atLeast(let ref, let bound), .atMost(let ref, let bound):
            if case .atLeast = condition { node.kind = .atLeast } else { node.kind = .atMost }
            node.fact = Int32(ref.id)
            node.bound = bound.units
        case .validOnAsOf(let ref):
            node.kind = .validOnAsOf
            node.fact = Int32(ref.id)
        case .awaits(let ref, let parameter, let atLeast):
            node.kind = .awaits
            node.fact = Int32(ref.id)
            node.bound = Int64(parameter)
            node.negated = !atLeast
        case .ageAtLeast(let years), .ageAtMost(let years):
            if case .ageAtLeast = condition { node.kind = .ageAtLeast } else { node.kind = .ageAtMost }
            node.bound = Int64(years)
        case .scoreAtLeast(let index, let name, let bound), .scoreAtMost(let index, let name, let bound):
            if case .scoreAtLeast = condition { node.kind = .scoreAtLeast } else { node.kind = .scoreAtMost }
            node.fact = Int32(index)
            node.bound = bound.units
            conditionNames[Int32(conds.count)] = name
        case .all(let parts), .any(let parts):
            if case .all = condition { node.kind = .all } else { node.kind = .any }
            let indices = parts.map { self.condition($0) }
            node.first = Int32(links.count)
            node.count = Int32(indices.count)
            links += indices
        case .not(let inner):
            node.kind = .not
            let index = self.condition(inner)
            node.first = Int32(links.count)
            node.count = 1
            links.append(index)
        }
        conds.append(node)
        return Int32(conds.count - 1)
    }
}
