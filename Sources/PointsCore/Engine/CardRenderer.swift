/// Reads an evaluation's trace back, in the order `NumericEvaluator` wrote it, and words it as
/// bytes: explanations of lines, reasons of gates and tiers. It computes nothing the evaluator
/// did not.
///
/// It writes into its own copies of a `CardText`'s buffers (no access checks per phrase) and
/// hands them back with `finish`.
struct CardRenderer {
    unowned(unsafe) let plan: ScorePlan
    let row: FactRow
    unowned(unsafe) let result: ScoreResult
    let explain: Bool
    /// The next trace entry to read.
    var cursor = 0
    var zh: TextBytes
    var en: TextBytes
    /// Phrases rendered for a phrase that quotes some of them, innermost last.
    var stack: [Part]

    /// A phrase kept for the one that quotes it, with the numbers it goes with.
    struct Part {
        var words: CardText.Words
        var holds = false
        var raw = Fixed.zero, points = Fixed.zero
    }

    init(plan: ScorePlan, row: FactRow, result: ScoreResult, explain: Bool, into text: CardText) {
        self.plan = plan
        self.row = row
        self.result = result
        self.explain = explain
        zh = text.zh
        en = text.en
        stack = []
    }

    /// Hands the buffers back to `text`.
    func finish(_ text: CardText) {
        text.zh = zh
        text.en = en
    }

    mutating func next() -> Int64 {
        precondition(cursor < result.traceCount, "the renderer read past the evaluation's trace")
        defer { cursor += 1 }
        return result.traced(cursor)
    }

    /// Where the next words begin.
    var mark: CardText.Words { CardText.Words(zh: zh.count..<zh.count, en: en.count..<en.count) }

    /// The words written since `mark`.
    func words(since mark: CardText.Words) -> CardText.Words {
        CardText.Words(zh: mark.zh.lowerBound..<zh.count, en: mark.en.lowerBound..<en.count)
    }

    /// One phrase in both languages.
    mutating func say<each Z: TextPart, each E: TextPart>(zh zhParts: repeat each Z, en enParts: repeat each E) -> CardText.Words {
        let start = mark
        zh.write(repeat each zhParts)
        en.write(repeat each enParts)
        return words(since: start)
    }

    func title(_ ref: FactRef) -> String { plan.titles[ref.id].zh }

    /// The fact as the card shows it (the applicant's, or the default standing in for it):
    /// its value's text in `en`, and whether it was defaulted; nil when neither has it.
    mutating func use(_ ref: FactRef) -> (value: Range<Int>, defaulted: Bool)? {
        let start = en.count
        if write(ref, from: row) { return (start..<en.count, false) }
        if write(ref, from: plan.defaults) { return (start..<en.count, true) }
        return nil
    }

    /// Writes a fact's value from `row`, as `FactValue.rendered(as:)` words it.
    private mutating func write(_ ref: FactRef, from row: FactRow) -> Bool {
        let slot = row.values[ref.id]
        guard slot != FactRow.absent, ref.type != .facts else { return false }
        switch ref.type {
        case .bool: en.write(slot != 0)
        case .date: en.write(FactRow.date(slot))
        case .months, .count: en.write(slot / Fixed.scale)
        case .yuan: en.write(Fixed(units: slot))
        case .choice(let values): en.write(values[Int(slot)])
        case .text: en.write(row.texts[Int(slot)])
        default: en.write(row.value(of: ref.id, type: ref.type)!.rendered(as: ref.type))
        }
        return true
    }

    /// An indicator's explanation (the trace of `NumericEvaluator.indicator`).
    mutating func indicator(_ indicator: Indicator, person: Int) -> CardText.Words {
        let own = onePerson(indicator, person: person)
        guard indicator.poolsSpouse, person == 0, row.hasSpouse else { return own }
        let theirs = onePerson(indicator, person: row.width)
        let sum = Fixed(units: next())
        return say(zh: "申请人：", Earlier(range: own.zh), "；配偶：", Earlier(range: theirs.zh), "；合计", sum, "分",
                   en: "applicant: ", Earlier(range: own.en), "; spouse: ", Earlier(range: theirs.en), "; pooled = ", sum)
    }

    private mutating func onePerson(_ indicator: Indicator, person: Int) -> CardText.Words {
        if let when = indicator.when {
            let applies = condition(when, reasons: .always)
            if !applies.holds {
                return say(zh: "不适用：", Earlier(range: applies.words.zh), en: "not applicable: ", Earlier(range: applies.words.en))
            }
        }
        return rule(indicator, person: person)
    }
}
