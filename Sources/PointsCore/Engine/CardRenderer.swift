/// Reads an evaluation's trace back, in the order `NumericEvaluator` wrote it, and words it as
/// bytes: explanations of lines, reasons of gates and tiers. It computes nothing the evaluator
/// did not.
///
/// It writes through sinks on a `CardText`'s buffers (no access checks per phrase) and hands
/// its stack's storage back with `finish`. Its helpers that only read are `mutating` all the
/// same, so that the mutating rules call them in place instead of copying the renderer first.
struct CardRenderer {
    unowned(unsafe) let plan: ScorePlan
    /// The scheme's pre-encoded texts.
    let words: PlanWords
    /// The evaluation date.
    let asOf: LocalDate
    let row: FactRow
    let explain: Bool
    /// The result's trace, read without access checks.
    let trace: UnsafePointer<Int64>, traceCount: Int
    /// The next trace entry to read.
    var cursor = 0
    let zh: TextSink
    let en: TextSink
    /// Phrases rendered for a phrase that quotes some of them, innermost last.
    var stack: [Part]
    /// The parameters not on record that conditions worded so far wait on (`CardText`'s).
    var openParameters: [Int] = []

    /// A phrase kept for the one that quotes it, with the numbers it goes with.
    struct Part {
        var words: CardText.Words
        var truth = Truth.fails
        var holds: Bool { truth == .holds }
        var raw = Fixed.zero, points = Fixed.zero
    }

    init(plan: ScorePlan, row: FactRow, result: ScoreResult, explain: Bool, into text: CardText) {
        self.plan = plan
        self.words = plan.words
        self.asOf = result.asOf
        self.row = row
        self.explain = explain
        trace = UnsafePointer(result.trace)
        traceCount = result.traceCount
        zh = text.zhSink
        en = text.enSink
        stack = []
        swap(&stack, &text.stack)
        swap(&openParameters, &text.openParameters)
    }

    /// Hands the stack's storage and the open parameters back to `text`.
    mutating func finish(_ text: CardText) {
        swap(&stack, &text.stack)
        swap(&openParameters, &text.openParameters)
    }

    mutating func next() -> Int64 {
        precondition(cursor < traceCount, "the renderer read past the evaluation's trace")
        defer { cursor += 1 }
        return trace[cursor]
    }

    /// Where the next words begin.
    var mark: CardText.Words { mutating get { CardText.Words(zh: zh.count..<zh.count, en: en.count..<en.count) } }

    /// The words written since `mark`.
    mutating func words(since mark: CardText.Words) -> CardText.Words {
        CardText.Words(zh: mark.zh.lowerBound..<zh.count, en: mark.en.lowerBound..<en.count)
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
    private mutating func write(_ fact: Int32, _ slot: Int64, defaulted: Bool, line: Int, at k: Int) -> Bool {
        let shown = words.shown[Int(fact)]
        switch shown {
        case .list, .record, .hours:
            if defaulted {
                write(shown, fact, span: slot, UnsafeBufferPointer(plan.defaultArena), defaulted: true)
            } else {
                row.arena.withUnsafeBufferPointer { write(shown, fact, span: slot, $0, defaulted: false) }
            }
        case .other:
            let ref = plan.lineFacts[line][k], source = defaulted ? plan.defaults : row
            guard ref.type != .facts else { return false }
            en <<< UTF8Text(source.value(of: ref.id, type: ref.type)!.rendered(as: ref.type))
        default:
            write(shown, slot, choices: words.choices(of: fact), defaulted: defaulted)
        }
        return true
    }

    /// A list, record or hours-by-year value from its span in an arena.
    private mutating func write(_ shown: PlanWords.Shown, _ fact: Int32, span slot: Int64, _ arena: UnsafeBufferPointer<Int64>, defaulted: Bool) {
        let (offset, count) = FactRow.span(slot)
        if shown == .hours {
            for i in 0..<count {
                en <<< (i == 0 ? "" : ", ") <<< arena[offset + 2 * i] <<< ":" <<< arena[offset + 2 * i + 1]
            }
            return
        }
        let fields = words.fields(of: fact)
        if shown == .record { return write(fields, arena, at: offset, defaulted: defaulted) }
        en <<< "["
        for item in 0..<count {
            if item > 0 { en <<< "; " }
            write(fields, arena, at: offset + item * fields.count, defaulted: defaulted)
        }
        en <<< "]"
    }

    /// The present fields of an item or record from `at` in an arena: `name value, name value`.
    private mutating func write(_ fields: UnsafeMutableBufferPointer<PlanWords.Field>, _ arena: UnsafeBufferPointer<Int64>, at offset: Int, defaulted: Bool) {
        var first = true
        for (i, field) in fields.enumerated() where arena[offset + i] != FactRow.absent {
            en <<< (first ? "" : ", ") <<< words.name(field) <<< " "
            write(field.shown, arena[offset + i], choices: field.choices, defaulted: defaulted)
            first = false
        }
    }

    /// A plain value from its slot.
    private mutating func write(_ shown: PlanWords.Shown, _ slot: Int64, choices: Int32, defaulted: Bool) {
        switch shown {
        case .bool: en <<< (slot != 0)
        case .date: en <<< FactRow.date(slot)
        case .whole: en <<< slot / Fixed.scale
        case .yuan: en <<< Fixed(units: slot)
        case .choice: en <<< words.choice(from: choices, Int(slot))
        case .text: en <<< UTF8Text(defaulted ? plan.defaults.texts[Int(slot)] : row.texts[Int(slot)])
        case .list, .record, .hours, .other: break  // not plain: never a field (see `Shown.init`)
        }
    }

    /// A line's explanation (the trace of `NumericEvaluator.indicator`).
    mutating func line(_ l: Int, person: Int) -> CardText.Words {
        let own = onePerson(l, person: person)
        guard plan.lines[l].poolsSpouse, person == 0, row.hasSpouse else { return own }
        let theirs = onePerson(l, person: row.width)
        let sum = Fixed(units: next())
        let said = mark
        zh <<< "申请人：" <<< Earlier(range: own.zh) <<< "；配偶：" <<< Earlier(range: theirs.zh) <<< "；合计" <<< sum <<< "分"
        en <<< "applicant: " <<< Earlier(range: own.en) <<< "; spouse: " <<< Earlier(range: theirs.en) <<< "; pooled = " <<< sum
        return words(since: said)
    }

    private mutating func onePerson(_ l: Int, person: Int) -> CardText.Words {
        let when = plan.lines[l].when
        if when >= 0 {
            let applies = condition(Int(when), reasons: .always)
            if !applies.holds {
                let said = mark
                zh <<< "不适用：" <<< Earlier(range: applies.words.zh)
                en <<< "not applicable: " <<< Earlier(range: applies.words.en)
                return words(since: said)
            }
        }
        return rule(l, person: person)
    }
}
