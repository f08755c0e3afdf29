/// Reads an evaluation's trace back, in the order `NumericEvaluator` wrote it, and words it as
/// bytes: explanations of lines, reasons of gates and tiers. It computes nothing the evaluator
/// did not.
///
/// It writes through sinks on a `CardText`'s buffers (no access checks per phrase) and hands
/// its stack's storage back with `finish`.
struct CardRenderer {
    unowned(unsafe) let plan: ScorePlan
    /// The scheme's pre-encoded texts.
    let words: PlanWords
    /// The evaluation date.
    let asOf: LocalDate
    let row: FactRow
    unowned(unsafe) let result: ScoreResult
    let explain: Bool
    /// The result's trace, read without access checks.
    let trace: UnsafePointer<Int64>, traceCount: Int
    /// The next trace entry to read.
    var cursor = 0
    let zh: TextSink
    let en: TextSink
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
        self.words = plan.words
        self.asOf = result.asOf
        self.row = row
        self.result = result
        self.explain = explain
        trace = UnsafePointer(result.trace)
        traceCount = result.traceCount
        zh = text.zhSink
        en = text.enSink
        stack = []
        swap(&stack, &text.stack)
    }

    /// Hands the stack's storage back to `text`.
    mutating func finish(_ text: CardText) {
        swap(&stack, &text.stack)
    }

    mutating func next() -> Int64 {
        precondition(cursor < traceCount, "the renderer read past the evaluation's trace")
        defer { cursor += 1 }
        return trace[cursor]
    }

    /// Where the next words begin.
    var mark: CardText.Words { CardText.Words(zh: zh.count..<zh.count, en: en.count..<en.count) }

    /// The words written since `mark`.
    func words(since mark: CardText.Words) -> CardText.Words {
        CardText.Words(zh: mark.zh.lowerBound..<zh.count, en: mark.en.lowerBound..<en.count)
    }

    /// One phrase in both languages, as `body` writes it.
    @inline(__always)
    func phrase(_ body: () -> Void) -> CardText.Words {
        let start = mark
        body()
        return words(since: start)
    }


    /// The fact as the card shows it (the applicant's, or the default standing in for it):
    /// its value's text in `en`, and whether it was defaulted; nil when neither has it.
    mutating func use(_ fact: Int32, line: Int, at k: Int) -> (value: Range<Int>, defaulted: Bool)? {
        let start = en.count, own = row.values[Int(fact)]
        if own != FactRow.absent { return write(fact, own, defaulted: false, line: line, at: k) ? (start..<en.count, false) : nil }
        let standIn = plan.defaultValues[Int(fact)]
        if standIn != FactRow.absent { return write(fact, standIn, defaulted: true, line: line, at: k) ? (start..<en.count, true) : nil }
        return nil
    }

    /// Writes a fact's value from its slot, as `FactValue.rendered(as:)` words it; false for a
    /// value a card does not show (a spouse's facts).
    private func write(_ fact: Int32, _ slot: Int64, defaulted: Bool, line: Int, at k: Int) -> Bool {
        switch words.shown[Int(fact)] {
        case .bool: en <<< (slot != 0)
        case .date: en <<< FactRow.date(slot)
        case .whole: en <<< slot / Fixed.scale
        case .yuan: en <<< Fixed(units: slot)
        case .choice: en <<< words.choice(fact, Int(slot))
        case .text: en <<< (defaulted ? plan.defaults.texts[Int(slot)] : row.texts[Int(slot)])
        case .other:
            let ref = plan.lineFacts[line][k], source = defaulted ? plan.defaults : row
            guard ref.type != .facts else { return false }
            en <<< source.value(of: ref.id, type: ref.type)!.rendered(as: ref.type)
        }
        return true
    }

    /// A line's explanation (the trace of `NumericEvaluator.indicator`).
    mutating func line(_ l: Int, person: Int) -> CardText.Words {
        let own = onePerson(l, person: person)
        guard plan.lines[l].poolsSpouse, person == 0, row.hasSpouse else { return own }
        let theirs = onePerson(l, person: row.width)
        let sum = Fixed(units: next())
        return phrase {
            zh <<< "申请人：" <<< Earlier(range: own.zh) <<< "；配偶：" <<< Earlier(range: theirs.zh) <<< "；合计" <<< sum <<< "分"
            en <<< "applicant: " <<< Earlier(range: own.en) <<< "; spouse: " <<< Earlier(range: theirs.en) <<< "; pooled = " <<< sum
        }
    }

    private mutating func onePerson(_ l: Int, person: Int) -> CardText.Words {
        let when = plan.lines[l].when
        if when >= 0 {
            let applies = condition(Int(when), reasons: .always)
            if !applies.holds {
                return phrase {
                    zh <<< "不适用：" <<< Earlier(range: applies.words.zh)
                    en <<< "not applicable: " <<< Earlier(range: applies.words.en)
                }
            }
        }
        return rule(l, person: person)
    }
}
