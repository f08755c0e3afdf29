import PointsCore

/// The bytes of a scheme's summary card that are the same for every applicant, encoded once:
/// the scheme's identity, and each tie-breaker's, score's, group's and line's ids and caps.
/// A summary is these pieces with the applicant's numbers between them.
final class SummaryTemplate: Sendable {
    /// Every piece, end to end; `ends[i]` is where piece `i` ends.
    let bytes: [UInt8]
    let ends: [Int]
    /// The first piece of each kind.
    let tieBreakers: Int, scores: Int, groups: Int, lines: Int

    /// The template of `scheme` (made once per scheme version).
    static func of(_ scheme: Scheme) -> SummaryTemplate {
        scheme.plan.cache.value { SummaryTemplate(scheme) }
    }

    private init(_ scheme: Scheme) {
        var bytes: [UInt8] = [], ends: [Int] = []
        func piece(_ body: (inout ProtoWriter) -> Void) {
            var writer = ProtoWriter(capacity: 64)
            body(&writer)
            bytes += writer.bytes
            ends.append(bytes.count)
        }
        // 0: the scheme reference.
        piece { card in
            card.message(1) { s in
                s.string(1, scheme.metadata.id)
                s.string(2, scheme.metadata.version)
                s.string(5, scheme.metadata.contentHash)
            }
        }
        // Tie-breakers: fact and direction.
        tieBreakers = ends.count
        for tieBreaker in scheme.ranking.tieBreakers {
            piece { tb in
                tb.string(1, tieBreaker.fact.name)
                tb.bool(2, tieBreaker.descending)
            }
        }
        // Scores and groups: the id, then the cap, as two pieces each.
        scores = ends.count
        for score in scheme.scores {
            piece { $0.string(1, score.id) }
            piece { s in if let cap = score.cap { s.decimal(5, cap) } }
        }
        groups = ends.count
        for group in scheme.groups {
            piece { $0.string(1, group.id) }
            piece { g in if let cap = group.cap { g.decimal(5, cap) } }
        }
        // Lines: id and group, then the cap.
        lines = ends.count
        for group in scheme.groups {
            for indicator in group.indicators {
                piece { l in
                    l.string(1, indicator.id)
                    l.string(2, group.id)
                }
                piece { l in if let cap = indicator.cap { l.decimal(8, cap) } }
            }
        }
        self.bytes = bytes
        self.ends = ends
    }
}
