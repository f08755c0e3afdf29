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
        case bool, date, whole, yuan, choice, text, list, record, hours, other

        init(_ type: FactType) {
            switch type {
            case .bool: self = .bool
            case .date, .expiry: self = .date
            case .months, .count: self = .whole
            case .yuan, .area: self = .yuan
            case .choice: self = .choice
            case .text: self = .text
            case .hoursByYear: self = .hours
            // Items and records of plain fields are written here; anything deeper as FactValue words it.
            case .list(let fields): self = fields.allSatisfy(\.type.isPlain) ? .list : .other
            case .record(let fields): self = fields.allSatisfy(\.type.isPlain) ? .record : .other
            case .facts: self = .other
            }
        }
    }

    /// A field of a list item or record: its name, how its value is shown, its choices.
    struct Field {
        var name: Int32
        var shown: Shown
        var choices: Int32
    }

    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let spans: UnsafeMutableBufferPointer<Span>
    /// By fact id: its name and Chinese title are spans `2 * id` and `2 * id + 1`; its choice
    /// values start at `choices[id]`; `shown[id]` says how its value is written.
    private let choices: UnsafeMutableBufferPointer<Int32>
    /// By fact id: where its choice values' Chinese titles start.
    private let choicesZh: UnsafeMutableBufferPointer<Int32>
    let shown: UnsafeMutableBufferPointer<Shown>
    /// By fact id: where its fields start in `fields` (lists and records), and their count.
    private let fieldsFirst: UnsafeMutableBufferPointer<Int32>
    private let fieldCounts: UnsafeMutableBufferPointer<Int32>
    private let fields: UnsafeMutableBufferPointer<Field>
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
        var choices: [Int32] = [], choicesZh: [Int32] = [], shown: [Shown] = []
        for definition in registry.definitions {
            _ = add(definition.name)
            _ = add(definition.title.zh)
        }
        var fieldsFirst: [Int32] = [], fieldCounts: [Int32] = [], fields: [Field] = []
        for definition in registry.definitions {
            choices.append(Int32(spans.count))
            for value in definition.type.choices ?? [] { _ = add(value) }
            choicesZh.append(Int32(spans.count))
            for value in definition.type.choices ?? [] { _ = add(FactRegistry.valueTitlesZh[value] ?? value) }
            shown.append(Shown(definition.type))
            fieldsFirst.append(Int32(fields.count))
            fieldCounts.append(Int32(definition.type.fields?.count ?? 0))
            for field in definition.type.fields ?? [] {
                let name = add(field.name), first = Int32(spans.count)
                for value in field.type.choices ?? [] { _ = add(value) }
                fields.append(Field(name: name, shown: Shown(field.type), choices: first))
            }
        }
        var lines: [Int32] = []
        for indicator in compiled.indicators {
            lines.append(Int32(spans.count))
            // id, title, unit (zh, en), field name, then entries (counted fields' names or an item field's choices).
            var unit = Bilingual(zh: "", en: ""), field = "", entries: [String] = []
            switch indicator.rule {
            case .perUnit(let rule): unit = rule.unit
            case .shares(_, _, let fieldName, _): field = fieldName
            case .itemLookup(let ref, let index, let fieldName, _):
                field = fieldName
                entries = ref.type.fields![index].type.choices!
            case .firstAndFurther(_, let counted): entries = counted.map(\.name)
            default: break
            }
            for text in [indicator.id, indicator.title.zh, unit.zh, unit.en, field] + entries { _ = add(text) }
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
        self.choicesZh = buffer(choicesZh)
        self.shown = buffer(shown)
        self.fieldsFirst = buffer(fieldsFirst)
        self.fieldCounts = buffer(fieldCounts)
        self.fields = buffer(fields)
        self.lines = buffer(lines)
        self.condNames = buffer(condNames)
        self.tierTitles = buffer(tierTitleSpans)
    }

    /// Frees the tables (by the plan, when it goes).
    func deallocate() {
        bytes.deallocate(); spans.deallocate(); choices.deallocate(); choicesZh.deallocate(); shown.deallocate()
        fieldsFirst.deallocate(); fieldCounts.deallocate(); fields.deallocate()
        lines.deallocate(); condNames.deallocate(); tierTitles.deallocate()
    }

    /// The text of span `index`, to write.
    @inline(__always)
    private func text(_ index: Int32) -> WordBytes {
        let span = spans[Int(index)]
        return WordBytes(start: UnsafePointer(bytes.baseAddress! + Int(span.start)), count: Int(span.count))
    }

    /// A fact's name.
    @inline(__always) func name(_ fact: Int32) -> WordBytes { text(2 * fact) }
    /// A fact's Chinese title.
    @inline(__always) func title(_ fact: Int32) -> WordBytes { text(2 * fact + 1) }
    /// Value `index` of a choice fact.
    @inline(__always) func choice(_ fact: Int32, _ index: Int) -> WordBytes { text(choices[Int(fact)] + Int32(index)) }
    /// A choice fact's value `index` in Chinese (`FactRegistry.valueTitlesZh`; the value itself
    /// for a scheme's own choices).
    @inline(__always) func choiceZh(_ fact: Int32, _ index: Int) -> WordBytes { text(choicesZh[Int(fact)] + Int32(index)) }
    /// Where a choice fact's values start (for `choice(from:_:)`).
    @inline(__always) func choices(of fact: Int32) -> Int32 { choices[Int(fact)] }
    /// Value `index` of the choices starting at `first`.
    @inline(__always) func choice(from first: Int32, _ index: Int) -> WordBytes { text(first + Int32(index)) }
    /// The fields of a list or record fact.
    @inline(__always) func fields(of fact: Int32) -> UnsafeMutableBufferPointer<Field> {
        UnsafeMutableBufferPointer(rebasing: fields[Int(fieldsFirst[Int(fact)])..<Int(fieldsFirst[Int(fact)] + fieldCounts[Int(fact)])])
    }
    /// A field's name.
    @inline(__always) func name(_ field: Field) -> WordBytes { text(field.name) }
    /// A line's indicator id.
    @inline(__always) func id(line: Int) -> WordBytes { text(lines[line]) }
    /// A line's indicator title in Chinese.
    @inline(__always) func title(line: Int) -> WordBytes { text(lines[line] + 1) }
    /// A per-unit line's unit, in Chinese and in English.
    @inline(__always) func unit(line: Int) -> (zh: WordBytes, en: WordBytes) { (text(lines[line] + 2), text(lines[line] + 3)) }
    /// A list line's field name.
    @inline(__always) func field(line: Int) -> WordBytes { text(lines[line] + 4) }
    /// Entry `k` of a line: a first-and-further field's name, or an item field's choice value.
    @inline(__always) func entry(line: Int, _ k: Int) -> WordBytes { text(lines[line] + 5 + Int32(k)) }
    /// A score condition's name.
    @inline(__always) func scoreName(cond: Int) -> WordBytes { text(condNames[cond]) }
    /// The title of the tier whose condition is link `link`, in Chinese and in English.
    @inline(__always) func tierTitle(link: Int) -> (zh: WordBytes, en: WordBytes) { (text(tierTitles[link]), text(tierTitles[link] + 1)) }
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

extension FactType {
    /// Whether a value of this type is one slot: a flag, date, number, choice or text.
    var isPlain: Bool {
        switch self {
        case .bool, .date, .expiry, .months, .count, .yuan, .area, .choice, .text: return true
        case .list, .record, .hoursByYear, .facts: return false
        }
    }
}
