import PointsCore

extension Points_V1_Bilingual {
    init(_ text: Bilingual) {
        self.init()
        self.zh = text.zh
        self.en = text.en
    }

    var core: Bilingual { Bilingual(zh: self.zh, en: self.en) }
}

extension Points_V1_ScoreCard {
    /// The card on the wire: the same content as the JSON card, points as exact decimals.
    ///
    /// A summary keeps the scheme's identity, the totals, tie-breakers, qualification, the
    /// failed gates with their reasons, and each line's id, group and points.
    public init(_ card: ScoreCard, detail: Points_V1_Detail = .full) {
        self.init()
        let full = detail != .summary
        self.scheme.id = card.scheme.id
        self.scheme.version = card.scheme.version
        self.scheme.contentHash = card.scheme.contentHash
        if let published = card.scheme.publishedOn { self.scheme.publishedOn = published }
        if full {
            self.scheme.title = .init(card.scheme.title)
            self.scheme.legalSource = .init(card.scheme.legalSource)
        }
        self.asOf = card.asOf
        self.total = card.total.description
        self.rankingScore = card.rankingScore.description
        self.tieBreakers = card.tieBreakers.map { tb in
            var out = Points_V1_TieBreakerValue()
            out.fact = tb.fact
            out.descending = tb.descending
            if let value = tb.value { out.value = value.description }
            return out
        }
        if let qualified = card.qualified { self.qualified = qualified }
        self.scores = card.scores.map { Self.subtotal($0, full: full) }
        self.groups = card.groups.map { Self.subtotal($0, full: full) }
        self.failedGates = card.failedGates.map(Self.gate)
        self.warnings = card.warnings.map(Points_V1_Bilingual.init)
        self.lines = card.lines.map { line in
            var out = Points_V1_Line()
            out.id = line.id
            out.group = line.group
            out.raw = line.raw.description
            out.points = line.points.description
            if let cap = line.cap { out.cap = cap.description }
            guard full else { return out }
            out.title = .init(line.title)
            out.clause = line.clause
            out.facts = line.facts.map { use in
                var fact = Points_V1_FactUse()
                fact.name = use.name
                fact.value = use.value
                fact.defaulted = use.defaulted
                return fact
            }
            out.explanation = .init(line.explanation)
            return out
        }
        if full { self.gates = card.gates.map(Self.gate) }
        self.tiers = card.tiers.map(Points_V1_TierResult.init)
        if full { self.nextSteps = (card.nextSteps ?? []).map(Points_V1_NextStep.init) }
        if let known = card.rulesKnownOn { self.rulesKnownOn = known }
        self.channels = (card.channels ?? []).map { channel in
            var out = Points_V1_ChannelResult()
            out.id = channel.id
            out.title = .init(channel.title)
            out.clause = channel.clause
            if let holds = channel.holds { out.holds = holds }
            out.reason = .init(channel.reason)
            out.family = channel.family
            return out
        }
        self.undetermined = (card.undetermined ?? []).map { parameter in
            var out = Points_V1_OpenParameter()
            out.name = parameter.name
            out.title = .init(parameter.title)
            out.clause = parameter.clause
            out.setBy = .init(parameter.setBy)
            return out
        }
    }

    private static func subtotal(_ s: ScoreCard.Subtotal, full: Bool) -> Points_V1_Subtotal {
        var out = Points_V1_Subtotal()
        out.id = s.id
        if full { out.title = .init(s.title) }
        out.raw = s.raw.description
        out.points = s.points.description
        if let cap = s.cap { out.cap = cap.description }
        if let percent = s.percentAdded { out.percentAdded = percent.description }
        return out
    }

    private static func gate(_ g: ScoreCard.GateResult) -> Points_V1_GateResult {
        var out = Points_V1_GateResult()
        out.id = g.id
        out.title = .init(g.title)
        out.clause = g.clause
        if let passed = g.passed { out.passed = passed }
        out.exempt = g.exempt
        out.reason = .init(g.reason)
        return out
    }
}

extension Points_V1_TierResult {
    /// A service tier on the wire (summaries carry it whole: it is what they are asked for).
    init(_ tier: ScoreCard.TierResult) {
        self.init()
        self.service = tier.service
        if let id = tier.tier { self.tier = id }
        self.title = .init(tier.title)
        self.clause = tier.clause
        if let batch = tier.batch { self.batch = UInt32(batch) }
        self.score = tier.score.description
        self.reason = .init(tier.reason)
        if let undetermined = tier.undetermined { self.undetermined = undetermined }
    }
}

extension Points_V1_NextStep {
    /// A next step on the wire.
    init(_ step: NextStep) {
        self.init()
        self.kind = step.kind.rawValue
        self.id = step.id
        self.clause = step.clause
        if let fact = step.fact { self.fact = fact }
        if let from = step.from { self.from = from }
        if let to = step.to { self.to = to }
        if let points = step.points { self.points = points.description }
        if let date = step.date { self.date = date }
        self.text = .init(step.text)
    }
}

extension ScoreCard {
    /// The card a client received, back in the core type, so it prints exactly as a local one.
    ///
    /// - Parameter detail: What the client asked for: a full card has next steps (none is an
    ///   empty list), a summary none (nil).
    /// - Throws: `RPCError` (`DATA_LOSS`) when a points field is not an exact decimal or a
    ///   next step's kind is unknown.
    public init(_ card: Points_V1_ScoreCard, detail: Points_V1_Detail = .full) throws(RPCError) {
        func fixed(_ text: String) throws(RPCError) -> Fixed {
            guard let value = Fixed(decimal: text) else { throw RPCError(.dataLoss, "score card field '\(text)' is not an exact decimal") }
            return value
        }
        func optionalFixed(_ present: Bool, _ text: String) throws(RPCError) -> Fixed? { present ? try fixed(text) : nil }
        func subtotal(_ s: Points_V1_Subtotal) throws(RPCError) -> Subtotal {
            Subtotal(id: s.id, title: s.title.core, raw: try fixed(s.raw), points: try fixed(s.points), cap: try optionalFixed(s.hasCap, s.cap),
                     percentAdded: try optionalFixed(s.hasPercentAdded, s.percentAdded))
        }
        func gate(_ g: Points_V1_GateResult) -> GateResult {
            GateResult(id: g.id, title: g.title.core, clause: g.clause, passed: g.hasPassed ? g.passed : nil, exempt: g.exempt, reason: g.reason.core)
        }
        var tieBreakers: [TieBreakerValue] = []
        for tb in card.tieBreakers {
            tieBreakers.append(TieBreakerValue(fact: tb.fact, descending: tb.descending, value: try optionalFixed(tb.hasValue, tb.value)))
        }
        var scores: [Subtotal] = [], groups: [Subtotal] = [], lines: [Line] = []
        for s in card.scores { scores.append(try subtotal(s)) }
        for g in card.groups { groups.append(try subtotal(g)) }
        for l in card.lines {
            lines.append(Line(id: l.id, group: l.group, title: l.title.core, clause: l.clause,
                              facts: l.facts.map { FactUse(name: $0.name, value: $0.value, defaulted: $0.defaulted) },
                              raw: try fixed(l.raw), points: try fixed(l.points), cap: try optionalFixed(l.hasCap, l.cap),
                              explanation: l.explanation.core))
        }
        var tiers: [TierResult] = []
        for t in card.tiers {
            tiers.append(TierResult(service: t.service, tier: t.hasTier ? t.tier : nil, title: t.title.core, clause: t.clause,
                                    batch: t.hasBatch ? Int(t.batch) : nil, score: try fixed(t.score), reason: t.reason.core,
                                    undetermined: t.hasUndetermined ? t.undetermined : nil))
        }
        var nextSteps: [NextStep] = []
        for step in card.nextSteps {
            guard let kind = NextStep.Kind(rawValue: step.kind) else { throw RPCError(.dataLoss, "next step kind '\(step.kind)' is not one this client knows") }
            nextSteps.append(NextStep(kind: kind, id: step.id, clause: step.clause, fact: step.hasFact ? step.fact : nil, from: step.hasFrom ? step.from : nil,
                                      to: step.hasTo ? step.to : nil, points: try optionalFixed(step.hasPoints, step.points),
                                      date: step.hasDate ? step.date : nil, text: step.text.core))
        }
        self.init(scheme: SchemeInfo(id: card.scheme.id, version: card.scheme.version, title: card.scheme.title.core,
                                     legalSource: card.scheme.legalSource.core, contentHash: card.scheme.contentHash,
                                     publishedOn: card.scheme.hasPublishedOn ? card.scheme.publishedOn : nil),
                  asOf: card.asOf, total: try fixed(card.total), rankingScore: try fixed(card.rankingScore),
                  tieBreakers: tieBreakers, qualified: card.hasQualified ? card.qualified : nil, scores: scores, groups: groups, lines: lines,
                  gates: card.gates.map(gate), failedGates: card.failedGates.map(gate), warnings: card.warnings.map(\.core), tiers: tiers,
                  nextSteps: detail == .summary ? nil : nextSteps, rulesKnownOn: card.hasRulesKnownOn ? card.rulesKnownOn : nil,
                  channels: card.channels.isEmpty ? nil : card.channels.map {
                      ChannelResult(id: $0.id, title: $0.title.core, clause: $0.clause, holds: $0.hasHolds ? $0.holds : nil, reason: $0.reason.core, family: $0.family)
                  },
                  undetermined: card.undetermined.isEmpty ? nil : card.undetermined.map {
                      OpenParameter(name: $0.name, title: $0.title.core, clause: $0.clause, setBy: $0.setBy.core)
                  })
    }
}
