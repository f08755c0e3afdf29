import Foundation
import PointsCore

// `ScoreResponse` bytes written directly, the same bytes as swift-protobuf's for the same card
// (a test checks both on every golden case), at a fraction of the cost: the scheme's pieces
// pre-encoded once (`CardTemplate`), the applicant's numbers and words spliced in, no
// message values and no strings.

extension Scheme {
    /// A `ScoreResponse` holding the summary card of an evaluation: points and ids, and words
    /// only for failed gates, warnings and tiers.
    ///
    /// - Parameters:
    ///   - cardField: The field the card is written as (1 in a `ScoreResponse`, 2 in a
    ///     `ScoreBatchResult`).
    /// - Precondition: `result` is complete and was evaluated from `row` under this scheme.
    public func summaryResponseBytes(_ row: FactRow, _ result: ScoreResult, cardField: Int = 1) -> Data {
        render(row, result, explain: false, into: result.text, passingGates: false)
        return responseBytes(result, result.text, full: false, searched: nil, cardField: cardField)
    }

    /// A `ScoreResponse` holding the explained card of an evaluation, in full.
    ///
    /// - Parameters:
    ///   - cardField: The field the card is written as (1 in a `ScoreResponse`, 2 in a
    ///     `ScoreBatchResult`).
    /// - Precondition: `result` is complete and was evaluated from `row` under this scheme.
    public func fullResponseBytes(_ row: FactRow, _ result: ScoreResult, cardField: Int = 1) -> Data {
        render(row, result, explain: true, into: result.text)
        // A qualified applicant's steps are written from the template; the others' are searched.
        return responseBytes(result, result.text, full: true, searched: result.qualified ? nil : nextSteps(row, result, result.text),
                             cardField: cardField)
    }

    /// - Parameter searched: The next steps of an applicant who does not qualify (nil for a
    ///   summary, or a qualified applicant: their open points and next tiers are written here).
    private func responseBytes(_ evaluation: ScoreResult, _ text: CardText, full: Bool, searched: [NextStep]?, cardField: Int) -> Data {
        let template = CardTemplate.of(self)
        let result = evaluation.view
        // The words' tables read once (the text is a class: each read of a property is checked).
        let lines = text.lines, uses = text.uses, useEnds = text.useEnds, gates = text.gates, en = text.en
        var writer = ProtoWriter(reusing: &text.output,
                                 capacity: (full ? 2 * template.bytes.count + text.zh.count + text.en.count : template.bytes.count) + 32 * plan.lineCount + 64)
        template.bytes.withUnsafeBufferPointer { pieces in
            /// Writes one pre-encoded piece.
            func put(_ range: Range<Int>, _ writer: inout ProtoWriter) {
                writer.append(UnsafeBufferPointer(rebasing: pieces[range]))
            }
            writer.message(cardField, large: true) { card in
                put(full ? template.fullScheme : template.summaryScheme, &card)
                card.date(2, evaluation.asOf)
                card.decimal(3, result.total)
                card.decimal(4, result.rankingScore)
                for (i, piece) in template.tieBreakers.enumerated() {
                    card.message(5) { tb in
                        put(piece, &tb)
                        if let value = result.tieBreaker(i) { tb.decimal(3, value) }
                    }
                }
                if !result.undetermined { card.bool(6, result.qualified) }
                /// A score's or group's subtotal: its pieces, with the numbers between them.
                func subtotal(_ field: Int, head: Range<Int>, raw: Fixed, points: Fixed, cap: Range<Int>, percent: Fixed?) {
                    card.message(field) { m in
                        put(head, &m)
                        m.decimal(3, raw)
                        m.decimal(4, points)
                        put(cap, &m)
                        if let percent { m.decimal(6, percent) }
                    }
                }
                for s in template.scoreHeads.indices {
                    subtotal(7, head: full ? template.fullScoreHeads[s] : template.scoreHeads[s], raw: result.scoreRaw(s),
                             points: result.scorePoints(s), cap: template.scoreCaps[s],
                             percent: result.multiplied(s) ? scores[s].multiplier?.percent : nil)
                }
                for g in template.groupHeads.indices {
                    subtotal(8, head: full ? template.fullGroupHeads[g] : template.groupHeads[g], raw: result.groupRaw(g),
                             points: result.groupPoints(g), cap: template.groupCaps[g], percent: nil)
                }
                for line in 0..<plan.lineCount {
                    card.message(9, large: full) { l in
                        put(full ? template.fullLineHeads[line] : template.lineHeads[line], &l)
                        if full {
                            for use in uses[(line == 0 ? 0 : useEnds[line - 1])..<useEnds[line]] {
                                l.message(5) { f in
                                    put(template.useNames[line][use.fact], &f)
                                    f.text(2, en.bytes(use.value))
                                    f.bool(3, use.defaulted)
                                }
                            }
                        }
                        l.decimal(6, result.lineRaw(line))
                        l.decimal(7, result.linePoints(line))
                        put(template.lineCaps[line], &l)
                        if full { l.words(9, lines[line], of: text) }
                    }
                }
                /// A gate's result.
                func gate(_ field: Int, _ g: Int) {
                    let words = gates[g]
                    card.message(field, large: full) { m in
                        put(template.gateHeads[g], &m)
                        if !words.open { m.bool(4, words.passed) }
                        m.bool(5, words.exempt)
                        m.words(6, words.reason, of: text)
                    }
                }
                if full {
                    for g in gates.indices { gate(10, g) }
                }
                for g in gates.indices where !gates[g].passed && !gates[g].open { gate(11, g) }
                for warning in text.warnings { card.words(12, warning, of: text) }
                for (s, tier) in text.tiers.enumerated() {
                    card.message(13, large: true) { t in
                        put(template.serviceHeads[s], &t)
                        put(template.tierHeads[s][tier.tier ?? services[s].tiers.count], &t)
                        t.decimal(6, result.scorePoints(services[s].score))
                        t.words(7, tier.reason, of: text)
                        if tier.open { t.bool(8, true) }
                    }
                }
                if full { writeNextSteps(evaluation, text, searched: searched, template: template, into: &card, put: put) }
                if let known = evaluation.rulesKnownOn { card.date(15, known) }
                for (c, channel) in text.channels.enumerated() {
                    card.message(16, large: true) { m in
                        put(template.channelHeads[c], &m)
                        if !channel.open { m.bool(4, channel.holds) }
                        m.words(5, channel.reason, of: text)
                        put(template.channelFamilies[c], &m)
                    }
                }
                for p in text.openParameters {
                    let parameter = parameters[p]
                    card.message(17, large: true) { m in
                        m.string(1, parameter.name)
                        m.message(2) { b in b.string(1, parameter.title.zh); b.string(2, parameter.title.en) }
                        m.string(3, parameter.clause)
                        m.message(4) { b in b.string(1, parameter.setBy.zh); b.string(2, parameter.setBy.en) }
                    }
                }
            }
        }
        return writer.data(returningStorageTo: &text.output)
    }

    /// A full card's next steps: those searched for an applicant who does not qualify, else
    /// open points and next tiers from the template's pieces.
    private func writeNextSteps(_ evaluation: ScoreResult, _ text: CardText, searched: [NextStep]?, template: CardTemplate,
                                into card: inout ProtoWriter, put: (Range<Int>, inout ProtoWriter) -> Void) {
        if let searched {
            for step in searched { card.nextStep(step) }
            return
        }
        for line in 0..<plan.lineCount {
            guard let open = openPoints(evaluation, line: line) else { continue }
            let words = template.openWords[line]
            card.message(14, large: true) { step in
                put(template.openHeads[line], &step)
                step.decimal(7, open)
                step.message(9, large: true) { b in
                    b.message(1, large: true) { put(words.zhBefore, &$0); $0.decimalText(open); put(words.zhAfter, &$0) }
                    b.message(2, large: true) { put(words.enBefore, &$0); $0.decimalText(open); put(words.enAfter, &$0) }
                }
            }
        }
        for (s, tier) in text.tiers.enumerated() {
            guard let next = tier.next else { continue }
            card.message(14, large: true) { step in
                put(template.tierStepHeads[s][next.tier], &step)
                step.message(9, large: true) { b in
                    b.message(1, large: true) { put(template.nextTierWords[s].zh, &$0); $0.append(text.zh.bytes(next.words.zh)) }
                    b.message(2, large: true) { put(template.nextTierWords[s].en, &$0); $0.append(text.en.bytes(next.words.en)) }
                }
            }
        }
    }
}

extension ProtoWriter {
    mutating func bilingual(_ text: Bilingual) {
        string(1, text.zh)
        string(2, text.en)
    }

    /// A `NextStep` as field 14 of a card.
    mutating func nextStep(_ step: NextStep) {
        message(14, large: true) { m in
            m.string(1, step.kind.rawValue)
            m.string(2, step.id)
            m.string(3, step.clause)
            if let fact = step.fact { m.string(4, fact) }
            if let from = step.from { m.string(5, from) }
            if let to = step.to { m.string(6, to) }
            if let points = step.points { m.decimal(7, points) }
            if let date = step.date { m.string(8, date) }
            m.message(9, large: true) { $0.bilingual(step.text) }
        }
    }
}
