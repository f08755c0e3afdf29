extension Scheme {
    /// How far ahead a `wait` step looks when the scheme has no last day in force.
    public static let nextStepsHorizonMonths = 120

    /// What the applicant of an evaluation could do, or wait for, next.
    ///
    /// Not qualified: every failed gate; when a score is short of its gate, each single fact
    /// that, changed alone, reaches it (the smallest such change); and the first day on which
    /// the applicant qualifies if nothing else changes (`wait`) or that none comes while the
    /// scheme is in force (`never`). Qualified: the points each capped indicator can still give
    /// and the next tier of each service with what it needs. Every step cites its clause.
    ///
    /// Only the steps search evaluates: other rows, into a result of its own, never `result`.
    ///
    /// - Precondition: `result` is complete and was evaluated from `row`; `text` was rendered
    ///   from it (the tiers' words name what the next tier needs).
    public func nextSteps(_ row: FactRow, _ result: ScoreResult, _ text: CardText) -> [NextStep] {
        // Undetermined, no change of facts is known to qualify: what is open is all there is.
        result.qualified || result.undetermined ? openSteps(result) + tierSteps(text) : NextStepSearch(scheme: self, row: row, result: result).steps()
    }

    /// The points line `line` can still give: its cap less what it gives, or less when its
    /// group's cap or a capped score adding the group has less room left; nil for a line with
    /// no cap, a deduction, or none left.
    public func openPoints(_ result: ScoreResult, line: Int) -> Fixed? {
        let indicator = indicators[line], group = lineGroups[line]
        guard let cap = indicator.cap, !indicator.deducts else { return nil }
        var open = cap - result.linePoints(line)
        if let groupCap = groups[group].cap { open = min(open, groupCap - result.groupPoints(group)) }
        for (s, score) in scores.enumerated() where score.cap != nil && score.groups.contains(group) {
            open = min(open, score.cap! - result.scorePoints(s))
        }
        return open > .zero ? open : nil
    }

    /// An `open` step of each line with points left (`openPoints`).
    private func openSteps(_ result: ScoreResult) -> [NextStep] {
        indicators.indices.compactMap { line in
            guard let open = openPoints(result, line: line), let words = indicators[line].openWords else { return nil }
            return NextStep(kind: .open, id: indicators[line].id, clause: indicators[line].clause, points: open,
                            text: Bilingual(zh: words.zh.before + open.description + words.zh.after, en: words.en.before + open.description + words.en.after))
        }
    }

    /// The next tier of each service below its highest, with why it does not hold yet.
    private func tierSteps(_ text: CardText) -> [NextStep] {
        services.enumerated().compactMap { s, service in
            guard let next = text.tiers[s].next else { return nil }
            let tier = service.tiers[next.tier]
            return NextStep(kind: .tier, id: service.id, clause: tier.clause, from: text.tiers[s].tier.map { service.tiers[$0].id }, to: tier.id,
                            text: Bilingual(zh: service.nextTierWords.zh + text.zh.string(next.words.zh),
                                            en: service.nextTierWords.en + text.en.string(next.words.en)))
        }
    }
}

/// What an `open` step says before and after the points still open, in each language.
public struct OpenWords: Sendable {
    /// The Chinese before and after the points.
    public let zh: (before: String, after: String)
    /// The English before and after the points.
    public let en: (before: String, after: String)
}

extension PublicService {
    /// What a `tier` step says before why the next tier does not hold yet.
    public var nextTierWords: Bilingual { Bilingual(zh: "\(title.zh)的下一档：", en: "\(title.en), next tier: ") }
}

extension Indicator {
    /// The words of an `open` step of an indicator titled `title` under `cap`.
    static func openWords(title: Bilingual, cap: Fixed?) -> OpenWords? {
        cap.map { cap in OpenWords(zh: (title.zh + "：尚可得", "分（上限\(cap)）"), en: (title.en + ": ", " more points possible (cap \(cap))")) }
    }

    /// Whether it takes points away (a deduction has nothing to gain).
    var deducts: Bool {
        if case .deduction = rule { return true }
        return false
    }

    /// The facts its points or its `when` read, options' (and their `when`s) included.
    var readFacts: [FactRef] {
        if case .bestOf(let options) = rule { return (when?.facts ?? []) + options.flatMap(\.readFacts) }
        return (when?.facts ?? []) + factRefs
    }
}

extension Gate {
    /// The score and bound when the gate requires a score to reach a threshold.
    var threshold: (score: Int, bound: Fixed)? {
        if case .scoreAtLeast(let score, _, let bound) = require { return (score, bound) }
        return nil
    }
}
