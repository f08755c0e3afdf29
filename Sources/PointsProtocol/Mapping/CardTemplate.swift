import PointsCore

/// The bytes of a scheme's cards that are the same for every applicant, encoded once: the
/// scheme's identity, and the ids, titles, clauses and caps of its tie-breakers, scores,
/// groups, lines, gates and tiers. A card is these pieces with the applicant's numbers and
/// words between them. Each piece is a range of `bytes`.
final class CardTemplate: Sendable {
    let bytes: [UInt8]
    /// The scheme reference (card field 1, whole): id, version and hash; in full, with titles.
    let summaryScheme: Range<Int>, fullScheme: Range<Int>
    /// Each tie-breaker's fact and direction.
    let tieBreakers: [Range<Int>]
    /// Each score's and group's id (in full, and title), and cap.
    let scoreHeads: [Range<Int>], fullScoreHeads: [Range<Int>], scoreCaps: [Range<Int>]
    let groupHeads: [Range<Int>], fullGroupHeads: [Range<Int>], groupCaps: [Range<Int>]
    /// Each line's id and group (in full, and title and clause), and cap.
    let lineHeads: [Range<Int>], fullLineHeads: [Range<Int>], lineCaps: [Range<Int>]
    /// Each line's facts' names (a fact use's field 1), by line.
    let useNames: [[Range<Int>]]
    /// Each gate's id, title and clause.
    let gateHeads: [Range<Int>]
    /// Each service's id.
    let serviceHeads: [Range<Int>]
    /// Each service's tiers' id, title, clause and batch, then the service's title and clause
    /// (in no tier).
    let tierHeads: [[Range<Int>]]
    /// Each line's `open` next step: kind, id and clause; and the UTF-8 of its words before
    /// and after the points (empty for a line with no cap).
    let openHeads: [Range<Int>], openWords: [(zhBefore: Range<Int>, zhAfter: Range<Int>, enBefore: Range<Int>, enAfter: Range<Int>)]
    /// Each service's `tier` next step towards each of its tiers: kind, id, clause, from and to;
    /// and the UTF-8 of the words before why that tier does not hold.
    let tierStepHeads: [[Range<Int>]], nextTierWords: [(zh: Range<Int>, en: Range<Int>)]
    /// Each settlement channel's id, title and clause, and its family (fields 6).
    let channelHeads: [Range<Int>], channelFamilies: [Range<Int>]

    /// The template of `scheme` (made once per scheme version).
    static func of(_ scheme: Scheme) -> CardTemplate {
        scheme.plan.cache.value { CardTemplate(scheme) }
    }

    private init(_ scheme: Scheme) {
        var bytes: [UInt8] = []
        func piece(_ body: (inout ProtoWriter) -> Void) -> Range<Int> {
            var writer = ProtoWriter(capacity: 64)
            body(&writer)
            let start = bytes.count
            bytes += writer.bytes
            return start..<bytes.count
        }
        let metadata = scheme.metadata
        summaryScheme = piece { card in
            card.message(1) { s in
                s.string(1, metadata.id)
                s.string(2, metadata.version)
                s.string(5, metadata.contentHash)
                if let published = metadata.publishedOn { s.string(6, published.description) }
            }
        }
        fullScheme = piece { card in
            card.message(1) { s in
                s.string(1, metadata.id)
                s.string(2, metadata.version)
                s.message(3) { $0.bilingual(metadata.title) }
                s.message(4) { $0.bilingual(metadata.legalSource) }
                s.string(5, metadata.contentHash)
                if let published = metadata.publishedOn { s.string(6, published.description) }
            }
        }
        tieBreakers = scheme.ranking.tieBreakers.map { tieBreaker in
            piece { tb in
                tb.string(1, tieBreaker.fact.name)
                tb.bool(2, tieBreaker.descending)
            }
        }
        scoreHeads = scheme.scores.map { score in piece { $0.string(1, score.id) } }
        fullScoreHeads = scheme.scores.map { score in piece { s in s.string(1, score.id); s.message(2) { $0.bilingual(score.title) } } }
        scoreCaps = scheme.scores.map { score in piece { s in if let cap = score.cap { s.decimal(5, cap) } } }
        groupHeads = scheme.groups.map { group in piece { $0.string(1, group.id) } }
        fullGroupHeads = scheme.groups.map { group in piece { g in g.string(1, group.id); g.message(2) { $0.bilingual(group.title) } } }
        groupCaps = scheme.groups.map { group in piece { g in if let cap = group.cap { g.decimal(5, cap) } } }
        let lines = scheme.groups.flatMap { group in group.indicators.map { (group, $0) } }
        lineHeads = lines.map { group, indicator in piece { l in l.string(1, indicator.id); l.string(2, group.id) } }
        fullLineHeads = lines.map { group, indicator in
            piece { l in
                l.string(1, indicator.id)
                l.string(2, group.id)
                l.message(3) { $0.bilingual(indicator.title) }
                l.string(4, indicator.clause)
            }
        }
        lineCaps = lines.map { _, indicator in piece { l in if let cap = indicator.cap { l.decimal(8, cap) } } }
        useNames = lines.indices.map { line in scheme.lineFacts(line).map { ref in piece { $0.string(1, ref.name) } } }
        gateHeads = scheme.gates.map { gate in
            piece { g in
                g.string(1, gate.id)
                g.message(2) { $0.bilingual(gate.title) }
                g.string(3, gate.clause)
            }
        }
        serviceHeads = scheme.services.map { service in piece { $0.string(1, service.id) } }
        tierHeads = scheme.services.map { service in
            service.tiers.map { tier in
                piece { t in
                    t.string(2, tier.id)
                    t.message(3) { $0.bilingual(tier.title) }
                    t.string(4, tier.clause)
                    if let batch = tier.batch { t.uint(5, UInt64(batch)) }
                }
            } + [piece { t in
                t.message(3) { $0.bilingual(service.title) }
                t.string(4, service.clause)
            }]
        }
        func utf8(_ text: String) -> Range<Int> {
            let start = bytes.count
            bytes += Array(text.utf8)
            return start..<bytes.count
        }
        openHeads = lines.map { _, indicator in
            piece { o in
                guard indicator.cap != nil else { return }
                o.string(1, NextStep.Kind.open.rawValue)
                o.string(2, indicator.id)
                o.string(3, indicator.clause)
            }
        }
        openWords = lines.map { _, indicator in
            let words = indicator.openWords
            return (utf8(words?.zh.before ?? ""), utf8(words?.zh.after ?? ""), utf8(words?.en.before ?? ""), utf8(words?.en.after ?? ""))
        }
        tierStepHeads = scheme.services.map { service in
            service.tiers.indices.map { next in
                piece { t in
                    t.string(1, NextStep.Kind.tier.rawValue)
                    t.string(2, service.id)
                    t.string(3, service.tiers[next].clause)
                    if next + 1 < service.tiers.count { t.string(5, service.tiers[next + 1].id) }  // the tier below, where the applicant is
                    t.string(6, service.tiers[next].id)
                }
            }
        }
        nextTierWords = scheme.services.map { service in (utf8(service.nextTierWords.zh), utf8(service.nextTierWords.en)) }
        channelHeads = scheme.channels.map { channel in
            piece { c in
                c.string(1, channel.id)
                c.message(2) { $0.bilingual(channel.title) }
                c.string(3, channel.clause)
            }
        }
        channelFamilies = scheme.channels.map { channel in piece { c in for member in channel.family { c.string(6, member) } } }
        self.bytes = bytes
    }
}
