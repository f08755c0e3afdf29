extension FactRow {
    /// The row of a decoded facts set.
    public init(_ facts: FactSet, registry: FactRegistry) {
        self.init(width: registry.count)
        fill(facts, registry: registry)
    }

    /// Replaces the row's facts with those of a decoded facts set.
    public mutating func fill(_ facts: FactSet, registry: FactRegistry) {
        clear()
        store(facts, registry: registry, base: 0)
    }

    private mutating func store(_ facts: FactSet, registry: FactRegistry, base: Int) {
        for id in 0..<min(facts.values.count, width) {
            guard let value = facts.values[id] else { continue }
            if case .facts(let spouse) = value {
                guard base == 0 else { continue }
                values[id] = 1
                store(spouse, registry: registry, base: width)
            } else {
                values[base + id] = encode(value)
            }
        }
    }

    /// Sets one fact of the applicant (`spouse` false) or of the spouse.
    public mutating func set(_ id: FactID, _ value: FactValue, spouse: Bool = false) {
        values[(spouse ? width : 0) + id] = encode(value)
    }

    /// The slot value of a fact value, writing what it holds to the arena or texts.
    mutating func encode(_ value: FactValue) -> Int64 {
        switch value {
        case .bool(let b): return b ? 1 : 0
        case .date(let date): return Self.encode(date)
        case .number(let n): return n * Fixed.scale
        case .money(let amount): return amount.units
        case .choice(let index): return Int64(index)
        case .text(let text):
            texts.append(text)
            return Int64(texts.count - 1)
        case .list(let items):
            let offset = arena.count
            for item in items { for field in item { arena.append(field.map { encode($0) } ?? Self.absent) } }
            return Self.span(offset: offset, count: items.count)
        case .record(let fields):
            let offset = arena.count
            for field in fields { arena.append(field.map { encode($0) } ?? Self.absent) }
            return Self.span(offset: offset, count: fields.count)
        case .hoursByYear(let entries):
            let offset = arena.count
            for entry in entries { arena.append(Int64(entry.year)); arena.append(entry.hours) }
            return Self.span(offset: offset, count: entries.count)
        case .facts: return 1
        }
    }

    /// A fact's value as the card shows it, decoded back from its slot.
    func value(of id: FactID, type: FactType, spouse: Bool = false) -> FactValue? {
        let slot = values[(spouse ? width : 0) + id]
        guard slot != Self.absent, type != .facts else { return nil }
        return decode(slot, type: type, spouse: spouse)
    }

    private func decode(_ slot: Int64, type: FactType, spouse: Bool = false) -> FactValue {
        switch type {
        case .bool: return .bool(slot != 0)
        case .date, .expiry: return .date(Self.date(slot))
        case .months, .count: return .number(slot / Fixed.scale)
        case .yuan, .area: return .money(Fixed(units: slot))
        case .choice: return .choice(Int(slot))
        case .text: return .text(texts[Int(slot)])
        case .list(let fields):
            let (offset, count) = Self.span(slot)
            return .list((0..<count).map { item in fieldValues(offset + item * fields.count, fields) })
        case .record(let fields):
            return .record(fieldValues(Self.span(slot).offset, fields))
        case .hoursByYear:
            let (offset, count) = Self.span(slot)
            return .hoursByYear((0..<count).map { YearHours(year: Int(arena[offset + 2 * $0]), hours: arena[offset + 2 * $0 + 1]) })
        case .facts:
            // No rule reads a nested facts document as a value (pooling reads its facts).
            return .bool(true)
        }
    }

    private func fieldValues(_ offset: Int, _ fields: [FactField]) -> [FactValue?] {
        fields.indices.map { i in arena[offset + i] == Self.absent ? nil : decode(arena[offset + i], type: fields[i].type) }
    }
}
