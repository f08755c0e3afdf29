import PointsCore

extension ScoreCard {
    /// A `ScoreResponse` holding this card as a summary, encoded directly: the same bytes as
    /// `Points_V1_ScoreResponse` with `Points_V1_ScoreCard(card, detail: .summary)`, at a
    /// fraction of the cost (no intermediate message values).
    public func summaryResponseBytes() -> [UInt8] {
        var writer = ProtoWriter(capacity: 64 + 48 * self.lines.count)
        writer.message(1) { card in
            card.message(1) { scheme in
                scheme.string(1, self.scheme.id)
                scheme.string(2, self.scheme.version)
                scheme.string(5, self.scheme.contentHash)
            }
            card.string(2, self.asOf)
            card.decimal(3, self.total)
            card.decimal(4, self.rankingScore)
            for tieBreaker in self.tieBreakers {
                card.message(5) { tb in
                    tb.string(1, tieBreaker.fact)
                    tb.bool(2, tieBreaker.descending)
                    if let value = tieBreaker.value { tb.decimal(3, value) }
                }
            }
            card.bool(6, self.qualified)
            for (field, subtotals) in [(7, self.scores), (8, self.groups)] {
                for subtotal in subtotals {
                    card.message(field) { s in
                        s.string(1, subtotal.id)
                        s.decimal(3, subtotal.raw)
                        s.decimal(4, subtotal.points)
                        if let cap = subtotal.cap { s.decimal(5, cap) }
                        if let percent = subtotal.percentAdded { s.decimal(6, percent) }
                    }
                }
            }
            for line in self.lines {
                card.message(9) { l in
                    l.string(1, line.id)
                    l.string(2, line.group)
                    l.decimal(6, line.raw)
                    l.decimal(7, line.points)
                    if let cap = line.cap { l.decimal(8, cap) }
                }
            }
            for gate in self.failedGates {
                card.message(11) { g in
                    g.string(1, gate.id)
                    g.message(2) { Self.bilingual(&$0, gate.title) }
                    g.string(3, gate.clause)
                    g.bool(4, gate.passed)
                    g.bool(5, gate.exempt)
                    g.message(6) { Self.bilingual(&$0, gate.reason) }
                }
            }
            for warning in self.warnings {
                card.message(12) { Self.bilingual(&$0, warning) }
            }
            for tier in self.tiers {
                card.message(13) { t in
                    t.string(1, tier.service)
                    if let id = tier.tier { t.string(2, id) }
                    t.message(3) { Self.bilingual(&$0, tier.title) }
                    t.string(4, tier.clause)
                    if let batch = tier.batch { t.uint(5, UInt64(batch)) }
                    t.decimal(6, tier.score)
                    t.message(7) { Self.bilingual(&$0, tier.reason) }
                }
            }
        }
        return writer.bytes
    }

    private static func bilingual(_ writer: inout ProtoWriter, _ text: Bilingual) {
        writer.string(1, text.zh)
        writer.string(2, text.en)
    }
}
