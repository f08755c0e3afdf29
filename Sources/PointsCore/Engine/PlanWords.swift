/// Every text of a scheme that the card renderer writes, encoded once as UTF-8 in one buffer,
/// with flat tables saying where each is: fact names, titles and choice values, each line's
/// id, title, unit, field and entry names, score names of conditions, tier titles. The
/// renderer reads them through plain pointers, so wording a card touches no reference-counted
/// value of the scheme (two threads wording cards of one scheme would otherwise contend on
/// its objects' counts). A plain value: the `ScorePlan` holding it frees it.
struct PlanWords: @unchecked Sendable {
    /// Where one text is in `bytes`.
    struct Span {
        var start: Int32
        var count: Int32
    }

    /// How the card shows a fact's value.
    enum Shown: UInt8 {
        case bool, date, whole, yuan, choice, text, other
    }

    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let spans: UnsafeMutableBufferPointer<Span>
    /// By fact id: its name and Chinese title are spans `2 * id` and `2 * id + 1`; its choice
    /// values start at `choices[id]`; `shown[id]` says how its value is written.
    private let choices: UnsafeMutableBufferPointer<Int32>
    let shown: UnsafeMutableBufferPointer<Shown>
    /// By line: where its spans start (id, Chinese title, unit in Chinese and English, field
    /// name, then entry names or an item field's choice values).
    private let lines: UnsafeMutableBufferPointer<Int32>
    /// By condition node: the span of a score condition's name (-1 for others).
    private let condNames: UnsafeMutableBufferPointer<Int32>
    /// By link index of a service's tier: the span of its Chinese title (the English follows).
    private let tierTitles: UnsafeMutableBufferPointer<Int32>

    init(registry: FactRegistry, compiled: CompiledPlan, conditionNames: [Int32: String], tierTitles titles: [Int32: Bilingual]) {
        var bytes: [UInt8] = [], spans: [Span] = []
        func add(_ text: String) -> Int32 {
            spans.append(Span(start: Int32(bytes.count), count: Int32(text.utf8.count)))
            bytes += text.utf8
            return Int32(spans.count - 1)
        }
        var choices: [Int32] = [], shown: [Shown] = []
        for definition in registry.definitions {
            _ = add(definition.name)
            _ = add(definition.title.zh)
        }
        for definition in registry.definitions {
            choices.append(Int32(spans.count))
            for value in definition.type.choices ?? [] { _ = add(value) }
            switch definition.type {
            case .bool: shown.append(.bool)
            case .date: shown.append(.date)
            case .months, .count: shown.append(.whole)
            case .yuan: shown.append(.yuan)
            case .choice: shown.append(.choice)
            case .text: shown.append(.text)
            case .list, .record, .hoursByYear, .facts: shown.append(.other)
            }
        }
        var lines: [Int32] = []
        for indicator in compiled.indicators {
            lines.append(Int32(spans.count))
            _ = add(indicator.id)
            _ = add(indicator.title.zh)
            switch indicator.rule {
            case .perUnit(let rule):
                _ = add(rule.unit.zh)
                _ = add(rule.unit.en)
                _ = add("")
            case .shares(_, _, let fieldName, _):
                _ = add("")
                _ = add("")
                _ = add(fieldName)
            case .itemLookup(let ref, let field, let fieldName, _):
                _ = add("")
                _ = add("")
                _ = add(fieldName)
                for value in ref.type.fields![field].type.choices! { _ = add(value) }
            case .firstAndFurther(_, let counted):
                _ = add("")
                _ = add("")
                _ = add("")
                for entry in counted { _ = add(entry.name) }
            default:
                _ = add("")
                _ = add("")
                _ = add("")
            }
        }
        var condNames = [Int32](repeating: -1, count: compiled.conds.count)
        for (node, name) in conditionNames { condNames[Int(node)] = add(name) }
        var tierTitleSpans = [Int32](repeating: -1, count: compiled.links.count)
        for (link, title) in titles {
            tierTitleSpans[Int(link)] = add(title.zh)
            _ = add(title.en)
        }
        func buffer<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
            let base = UnsafeMutablePointer<T>.allocate(capacity: max(array.count, 1))
            base.initialize(from: array, count: array.count)
            return UnsafeMutableBufferPointer(start: base, count: array.count)
        }
        self.bytes = buffer(bytes)
        self.spans = buffer(spans)
        self.choices = buffer(choices)
        self.shown = buffer(shown)
        self.lines = buffer(lines)
        self.condNames = buffer(condNames)
        self.tierTitles = buffer(tierTitleSpans)
    }

    /// Frees the tables (by the plan, when it goes).
    func deallocate() {
        bytes.deallocate(); spans.deallocate(); choices.deallocate(); shown.deallocate()
        lines.deallocate(); condNames.deallocate(); tierTitles.deallocate()
    }

    /// The text of span `index`, to write.
    @inline(__always)
    private func text(_ index: Int32) -> WordBytes {
        let span = spans[Int(index)]
        return WordBytes(start: UnsafePointer(bytes.baseAddress! + Int(span.start)), count: Int(span.count))
    }

    /// A fact's name.
    func name(_ fact: Int32) -> WordBytes { text(2 * fact) }
    /// A fact's Chinese title.
    func title(_ fact: Int32) -> WordBytes { text(2 * fact + 1) }
    /// Value `index` of a choice fact.
    func choice(_ fact: Int32, _ index: Int) -> WordBytes { text(choices[Int(fact)] + Int32(index)) }
    /// A line's indicator id.
    func id(line: Int) -> WordBytes { text(lines[line]) }
    /// A line's indicator title in Chinese.
    func title(line: Int) -> WordBytes { text(lines[line] + 1) }
    /// A per-unit line's unit, in Chinese and in English.
    func unit(line: Int) -> (zh: WordBytes, en: WordBytes) { (text(lines[line] + 2), text(lines[line] + 3)) }
    /// A list line's field name.
    func field(line: Int) -> WordBytes { text(lines[line] + 4) }
    /// Entry `k` of a line: a first-and-further field's name, or an item field's choice value.
    func entry(line: Int, _ k: Int) -> WordBytes { text(lines[line] + 5 + Int32(k)) }
    /// A score condition's name.
    func scoreName(cond: Int) -> WordBytes { text(condNames[cond]) }
    /// The title of the tier whose condition is link `link`, in Chinese and in English.
    func tierTitle(link: Int) -> (zh: WordBytes, en: WordBytes) { (text(tierTitles[link]), text(tierTitles[link] + 1)) }
}

/// Bytes of a `PlanWords` buffer (or of a literal), to write.
struct WordBytes: TextPart {
    let start: UnsafePointer<UInt8>
    let count: Int

    init(start: UnsafePointer<UInt8>, count: Int) {
        self.start = start
        self.count = count
    }

    init(literal: StaticString) {
        self.init(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
    }

    @inline(__always)
    func write(to text: inout TextBytes) {
        text.append(UnsafeRawBufferPointer(start: start, count: count))
    }
}
