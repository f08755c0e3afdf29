import PointsCore

// `ScoreResponse` bytes written directly, the same bytes as swift-protobuf's for the same card
// (a test checks both on every golden case), at a fraction of the cost: no message values.

extension Scheme {
    /// A `ScoreResponse` holding the summary card of an evaluation, written straight from the
    /// result: points and ids as numbers and the scheme's strings; words only for failed
    /// gates, warnings and tiers.
    ///
    /// - Precondition: `result` is complete and was evaluated from `row` under this scheme.
    public func summaryResponseBytes(_ row: FactRow, _ evaluation: ScoreResult) -> [UInt8] {
        let template = SummaryTemplate.of(self)
        let result = evaluation.view
        let qualified = result.qualified
        var writer = ProtoWriter(capacity: template.bytes.count + 32 * plan.lineCount + 64)
        template.bytes.withUnsafeBufferPointer { bytes in
            template.ends.withUnsafeBufferPointer { ends in
                func piece(_ i: Int) -> UnsafeBufferPointer<UInt8> {
                    UnsafeBufferPointer(rebasing: bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]])
                }
                writer.message(1) { card in
                    card.append(piece(0))
                    card.date(2, evaluation.asOf)
                    card.decimal(3, result.total)
                    card.decimal(4, result.rankingScore)
                    for i in 0..<(template.scores - template.tieBreakers) {
                        card.message(5) { tb in
                            tb.append(piece(template.tieBreakers + i))
                            if let value = result.tieBreaker(i) { tb.decimal(3, value) }
                        }
                    }
                    card.bool(6, qualified)
                    // A subtotal: its id, raw and points, its cap, and a multiplier's percentage.
                    func subtotal(_ field: Int, _ at: Int, raw: Fixed, points: Fixed, percent: Fixed?) {
                        card.message(field) { m in
                            m.append(piece(at))
                            m.decimal(3, raw)
                            m.decimal(4, points)
                            m.append(piece(at + 1))
                            if let percent { m.decimal(6, percent) }
                        }
                    }
                    for s in 0..<(template.groups - template.scores) / 2 {
                        subtotal(7, template.scores + 2 * s, raw: result.scoreRaw(s), points: result.scorePoints(s),
                                 percent: result.multiplied(s) ? scores[s].multiplier?.percent : nil)
                    }
                    for g in 0..<(template.lines - template.groups) / 2 {
                        subtotal(8, template.groups + 2 * g, raw: result.groupRaw(g), points: result.groupPoints(g), percent: nil)
                    }
                    for line in 0..<plan.lineCount {
                        card.message(9) { l in
                            l.append(piece(template.lines + 2 * line))
                            l.decimal(6, result.lineRaw(line))
                            l.decimal(7, result.linePoints(line))
                            l.append(piece(template.lines + 2 * line + 1))
                        }
                    }
                    if !qualified {
                        for gate in failedGates(row, evaluation) { card.gate(11, gate) }
                    }
                    if !evaluation.warningsAreEmpty {
                        for warning in warnings(evaluation) { card.message(12) { $0.bilingual(warning) } }
                    }
                    if !services.isEmpty {
                        for tier in tierResults(row, evaluation) { card.tier(tier) }
                    }
                }
            }
        }
        return writer.bytes
    }
}

extension ScoreCard {
    /// A `ScoreResponse` holding this card in full.
    public func fullResponseBytes() -> [UInt8] {
        var writer = ProtoWriter(capacity: 512 + 400 * lines.count)
        writer.message(1) { card in
            card.message(1) { s in
                s.string(1, scheme.id)
                s.string(2, scheme.version)
                s.message(3) { $0.bilingual(scheme.title) }
                s.message(4) { $0.bilingual(scheme.legalSource) }
                s.string(5, scheme.contentHash)
            }
            card.string(2, asOf)
            card.decimal(3, total)
            card.decimal(4, rankingScore)
            for tieBreaker in tieBreakers { card.tieBreaker(fact: tieBreaker.fact, descending: tieBreaker.descending, value: tieBreaker.value) }
            card.bool(6, qualified)
            for score in scores { card.subtotal(7, id: score.id, title: score.title, raw: score.raw, points: score.points, cap: score.cap, percentAdded: score.percentAdded) }
            for group in groups { card.subtotal(8, id: group.id, title: group.title, raw: group.raw, points: group.points, cap: group.cap, percentAdded: group.percentAdded) }
            for line in lines {
                card.message(9) { l in
                    l.string(1, line.id)
                    l.string(2, line.group)
                    l.message(3) { $0.bilingual(line.title) }
                    l.string(4, line.clause)
                    for use in line.facts {
                        l.message(5) { f in
                            f.string(1, use.name)
                            f.string(2, use.value)
                            f.bool(3, use.defaulted)
                        }
                    }
                    l.decimal(6, line.raw)
                    l.decimal(7, line.points)
                    if let cap = line.cap { l.decimal(8, cap) }
                    l.message(9) { $0.bilingual(line.explanation) }
                }
            }
            for gate in gates { card.gate(10, gate) }
            for gate in failedGates { card.gate(11, gate) }
            for warning in warnings { card.message(12) { $0.bilingual(warning) } }
            for tier in tiers { card.tier(tier) }
        }
        return writer.bytes
    }
}

extension ProtoWriter {
    mutating func bilingual(_ text: Bilingual) {
        string(1, text.zh)
        string(2, text.en)
    }

    mutating func tieBreaker(fact: String, descending: Bool, value: Fixed?) {
        message(5) { tb in
            tb.string(1, fact)
            tb.bool(2, descending)
            if let value { tb.decimal(3, value) }
        }
    }

    mutating func subtotal(_ field: Int, id: String, title: Bilingual, raw: Fixed, points: Fixed, cap: Fixed?, percentAdded: Fixed?) {
        message(field) { s in
            s.string(1, id)
            s.message(2) { $0.bilingual(title) }
            s.decimal(3, raw)
            s.decimal(4, points)
            if let cap { s.decimal(5, cap) }
            if let percentAdded { s.decimal(6, percentAdded) }
        }
    }

    mutating func gate(_ field: Int, _ gate: ScoreCard.GateResult) {
        message(field) { g in
            g.string(1, gate.id)
            g.message(2) { $0.bilingual(gate.title) }
            g.string(3, gate.clause)
            g.bool(4, gate.passed)
            g.bool(5, gate.exempt)
            g.message(6) { $0.bilingual(gate.reason) }
        }
    }

    mutating func tier(_ tier: ScoreCard.TierResult) {
        message(13) { t in
            t.string(1, tier.service)
            if let id = tier.tier { t.string(2, id) }
            t.message(3) { $0.bilingual(tier.title) }
            t.string(4, tier.clause)
            if let batch = tier.batch { t.uint(5, UInt64(batch)) }
            t.decimal(6, tier.score)
            t.message(7) { $0.bilingual(tier.reason) }
        }
    }
}
