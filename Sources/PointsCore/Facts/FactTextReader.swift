#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads facts written as text (CSV cells, a wire request's strings) straight into a fact
/// row, checking each value as `FactsDecoder` does.
///
/// It answers only for values it can check completely (plain numbers, ISO dates, listed
/// choices, `[{field: value}]` and `{key: value}` flow cells); anything else returns false, and
/// the caller decodes the facts the slow way, through the facts decoder, which words the
/// error. So valid facts are read at byte speed and invalid ones get the same message as a
/// facts file.
public struct FactTextReader: Sendable {
    /// How a fact's text is read.
    enum Kind: Sendable {
        /// Not a fact read here (an id or passthrough column).
        case skip
        /// Not a fact of the vocabulary: the slow way words it.
        case unknown
        case bool(FactID), date(FactID), months(FactID), count(FactID, Int64, Int64), choice(FactID), text(FactID)
        /// Yuan or square metres: a decimal of at most two places, up to the limit (in units).
        case decimal(FactID, limit: Int64)
        /// A list, record or hours-by-year fact (a flow cell).
        case flow(FactID)
        /// A fact only the slow way reads (a nested facts document).
        case slow
    }

    /// What a vocabulary's reader precomputes: each fact's kind and its choices' bytes.
    final class Tables: Sendable {
        let registry: FactRegistry
        let kinds: [Kind]
        let choiceBytes: [[[UInt8]]]

        init(registry: FactRegistry) {
            self.registry = registry
            self.choiceBytes = registry.definitions.map { $0.type.choices?.map { Array($0.utf8) } ?? [] }
            self.kinds = registry.definitions.enumerated().map { id, definition in
                switch definition.type {
                case .bool: return .bool(id)
                case .date: return .date(id)
                case .months: return .months(id)
                case .count(let range): return .count(id, range.lowerBound, range.upperBound)
                case .yuan: return .decimal(id, limit: FactType.yuanLimit.units)
                case .area: return .decimal(id, limit: FactType.areaLimit.units)
                case .choice: return .choice(id)
                case .text: return .text(id)
                case .list, .record, .hoursByYear: return .flow(id)
                case .facts, .expiry: return .slow
                }
            }
        }
    }

    let tables: Tables
    private let asOf: LocalDate
    private let asOfValue: Int64
    private static let earliest = FactRow.encode(LocalDate(year: 1900, month: 1, day: 1)!)
    /// Flow cells up to this many bytes are read here (a facts document's limits cannot be
    /// reached in them: a 4 KiB cell holds a few hundred items).
    static let largestFlowCell = 4_096
    private var registry: FactRegistry { tables.registry }

    /// A reader for `scheme`'s vocabulary: no date may be after `asOf`.
    public init(scheme: Scheme, asOf: LocalDate) {
        self.tables = scheme.plan.textTables
        self.asOf = asOf
        self.asOfValue = FactRow.encode(asOf)
    }

    /// Stores the text of fact `id`; false when it needs the slow way.
    public func read(_ text: UnsafeBufferPointer<UInt8>, fact id: FactID, into row: inout FactRow) -> Bool {
        read(text, tables.kinds[id], into: &row)
    }

    /// Stores a whole number that arrived typed (a wire field) for fact `id` after the range
    /// check its text would get; false when it fails it.
    public func read(whole value: Int64, fact id: FactID, into row: inout FactRow) -> Bool {
        switch tables.kinds[id] {
        case .months: guard FactType.monthsRange.contains(value) else { return false }
        case .count(_, let low, let high): guard value >= low && value <= high else { return false }
        default: return false
        }
        row.values[id] = value * Fixed.scale
        return true
    }

    /// Stores one non-empty text; false when the value needs the slow way.
    func read(_ cell: UnsafeBufferPointer<UInt8>, _ kind: Kind, into row: inout FactRow) -> Bool {
        let slot: Int64?, id: FactID
        switch kind {
        case .skip: return true
        case .unknown, .slow: return false
        case .bool(let fact): (id, slot) = (fact, Self.equals(cell, "true") ? 1 : Self.equals(cell, "false") ? 0 : nil)
        case .date(let fact): (id, slot) = (fact, Self.date(cell).flatMap { $0 <= asOfValue && $0 >= Self.earliest ? $0 : nil })
        case .months(let fact): (id, slot) = (fact, Self.whole(cell).flatMap { FactType.monthsRange.contains($0) ? $0 * Fixed.scale : nil })
        case .count(let fact, let low, let high): (id, slot) = (fact, Self.whole(cell).flatMap { $0 >= low && $0 <= high ? $0 * Fixed.scale : nil })
        case .decimal(let fact, let limit): (id, slot) = (fact, Self.yuan(cell).flatMap { $0 <= limit ? $0 : nil })
        case .choice(let fact): (id, slot) = (fact, Self.choice(cell, tables.choiceBytes[fact]).map { Int64($0) })
        case .text(let fact): (id, slot) = (fact, scalar(cell, type: .text, row: &row))
        case .flow(let fact): (id, slot) = (fact, flow(cell, type: registry.definitions[fact].type, row: &row))
        }
        guard let slot else { return false }
        row.values[id] = slot
        return true
    }

    /// A scalar cell's slot value, or nil.
    private func scalar(_ cell: UnsafeBufferPointer<UInt8>, type: FactType, row: inout FactRow) -> Int64? {
        switch type {
        case .bool:
            if Self.equals(cell, "true") { return 1 }
            if Self.equals(cell, "false") { return 0 }
            return nil
        case .date:
            guard let date = Self.date(cell), date <= asOfValue, date >= Self.earliest else { return nil }
            return date
        case .expiry:
            return nil  // read the slow way, which says why a date is out of range
        case .months:
            guard let n = Self.whole(cell), FactType.monthsRange.contains(n) else { return nil }
            return n * Fixed.scale
        case .count(let range):
            guard let n = Self.whole(cell), range.contains(n) else { return nil }
            return n * Fixed.scale
        case .yuan, .area:
            guard let units = Self.yuan(cell), units <= (type == .yuan ? FactType.yuanLimit : FactType.areaLimit).units else { return nil }
            return units
        case .text:
            // A flow value where text is expected is the decoder's to refuse.
            guard let first = cell.first, first != UInt8(ascii: "["), first != UInt8(ascii: "{") else { return nil }
            row.texts.append(String(decoding: cell, as: UTF8.self))
            return Int64(row.texts.count - 1)
        case .choice, .list, .record, .hoursByYear, .facts:
            return nil
        }
    }

    /// A flow cell (`[{inventors: 2}]`, `{first: 1}`, `{2024: 120}`) of a list, record or
    /// hours-by-year fact, written to the arena; nil for anything else.
    private func flow(_ cell: UnsafeBufferPointer<UInt8>, type: FactType, row: inout FactRow) -> Int64? {
        // Only a cell that starts with a bracket is a flow value (as the decoder reads cells),
        // and only a small one is read here: a bigger one meets the facts document's limits.
        guard let first = cell.first, first == UInt8(ascii: "[") || first == UInt8(ascii: "{"),
              cell.count <= Self.largestFlowCell
        else { return nil }
        var parser = FlowCell(cell)
        switch type {
        case .list(let fields):
            guard parser.take(UInt8(ascii: "[")) else { return nil }
            let offset = row.arena.count
            var count = 0
            if !parser.take(UInt8(ascii: "]")) {
                repeat {
                    guard fieldsMapping(&parser, fields, row: &row) else { return nil }
                    count += 1
                } while parser.take(UInt8(ascii: ","))
                guard parser.take(UInt8(ascii: "]")) else { return nil }
            }
            guard parser.atEnd else { return nil }
            return FactRow.span(offset: offset, count: count)
        case .record(let fields):
            let offset = row.arena.count
            guard fieldsMapping(&parser, fields, row: &row), parser.atEnd else { return nil }
            return FactRow.span(offset: offset, count: fields.count)
        case .hoursByYear:
            guard parser.take(UInt8(ascii: "{")) else { return nil }
            let offset = row.arena.count
            var count = 0
            if !parser.take(UInt8(ascii: "}")) {
                repeat {
                    guard let key = parser.plain(), parser.colon(), let value = parser.plain(), key.count == 4,
                          let year = Self.whole(key), year >= 1900, year <= asOf.year,
                          let hours = Self.whole(value), hours <= FactType.hoursPerYearLimit
                    else { return nil }
                    // Sorted by year, as the decoder keeps them; a year twice is the decoder's to word.
                    row.arena.append(year)
                    row.arena.append(hours)
                    var at = offset + 2 * count
                    while at > offset && row.arena[at - 2] > year {
                        row.arena.swapAt(at - 2, at)
                        row.arena.swapAt(at - 1, at + 1)
                        at -= 2
                    }
                    if at > offset && row.arena[at - 2] == year { return nil }
                    count += 1
                } while parser.take(UInt8(ascii: ","))
                guard parser.take(UInt8(ascii: "}")) else { return nil }
            }
            guard parser.atEnd else { return nil }
            return FactRow.span(offset: offset, count: count)
        default:
            return nil
        }
    }

    /// `{field: value, …}` of a list item or record: every field known, none twice, every
    /// required one present; written as one arena entry per field.
    private func fieldsMapping(_ parser: inout FlowCell, _ fields: [FactField], row: inout FactRow) -> Bool {
        guard parser.take(UInt8(ascii: "{")) else { return false }
        let offset = row.arena.count
        for _ in fields { row.arena.append(FactRow.absent) }
        if !parser.take(UInt8(ascii: "}")) {
            repeat {
                guard let key = parser.plain(), parser.colon(), let value = parser.plain(),
                      let index = fields.firstIndex(where: { Self.equals(key, $0.name) }),
                      row.arena[offset + index] == FactRow.absent
                else { return false }
                let field = fields[index]
                if case .choice(let values) = field.type {
                    guard let choice = values.firstIndex(where: { Self.equals(value, $0) }) else { return false }
                    row.arena[offset + index] = Int64(choice)
                } else {
                    guard let slot = scalar(value, type: field.type, row: &row) else { return false }
                    row.arena[offset + index] = slot
                }
            } while parser.take(UInt8(ascii: ","))
            guard parser.take(UInt8(ascii: "}")) else { return false }
        }
        for (index, field) in fields.enumerated() where field.required && row.arena[offset + index] == FactRow.absent { return false }
        return true
    }

    /// The impossibilities `FactsDecoder` checks between facts; false when one is found.
    public func consistent(_ row: FactRow) -> Bool {
        if let continuous = registry.continuousPermitMonths, let cumulative = registry.permitMonths {
            let c = row.values[continuous], t = row.values[cumulative]
            if c != FactRow.absent && t != FactRow.absent && c > t { return false }
        }
        guard let birthID = registry.birthDate, row.values[birthID] != FactRow.absent else { return true }
        let birth = row.values[birthID]
        let lifeMonths = Int64((asOf.year - Int(birth / 10_000)) * 12 + (asOf.month - Int(birth / 100 % 100))) * Fixed.scale
        for id in registry.monthFacts where row.values[id] != FactRow.absent && row.values[id] > lifeMonths { return false }
        return true
    }

    static func equals(_ cell: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard cell.count == text.utf8CodeUnitCount else { return false }
        let expected = text.utf8Start
        for i in 0..<cell.count where cell[i] != expected[i] { return false }
        return true
    }

    static func equals(_ cell: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == cell.count else { return false }
        guard let base = cell.baseAddress else { return true }
        return utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress!, base, cell.count) == 0 } ?? cell.elementsEqual(utf8)
    }

    private static func choice(_ cell: UnsafeBufferPointer<UInt8>, _ values: [[UInt8]]) -> Int? {
        for index in values.indices where values[index].count == cell.count {
            let same = values[index].withUnsafeBufferPointer { value in
                var i = 0
                while i < cell.count && value[i] == cell[i] { i += 1 }
                return i == cell.count
            }
            if same { return index }
        }
        return nil
    }

    /// Plain decimal digits (at most 15), or nil.
    static func whole(_ cell: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !cell.isEmpty, cell.count <= 15 else { return nil }
        var n: Int64 = 0
        for byte in cell {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            n = n * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return n
    }

    /// Yuan as `digits[.d[d]]` with at most 14 whole digits (as `Fixed(decimal:)` reads them),
    /// in fixed-point units.
    private static func yuan(_ cell: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let dot = cell.firstIndex(of: UInt8(ascii: ".")) else { return cell.count <= 14 ? whole(cell).map { $0 * Fixed.scale } : nil }
        let fraction = UnsafeBufferPointer(rebasing: cell[(dot + 1)...])
        guard dot > 0, dot <= 14, (1...2).contains(fraction.count),
              let units = whole(UnsafeBufferPointer(rebasing: cell[..<dot])), let cents = whole(fraction)
        else { return nil }
        return units * Fixed.scale + cents * (fraction.count == 1 ? 1_000 : 100)
    }

    /// `YYYY-MM-DD` of a real day, as a slot value.
    private static func date(_ cell: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard cell.count == 10, cell[4] == UInt8(ascii: "-"), cell[7] == UInt8(ascii: "-"),
              let y = whole(UnsafeBufferPointer(rebasing: cell[0..<4])), let m = whole(UnsafeBufferPointer(rebasing: cell[5..<7])),
              let d = whole(UnsafeBufferPointer(rebasing: cell[8..<10])),
              LocalDate(year: Int(y), month: Int(m), day: Int(d)) != nil
        else { return nil }
        return y * 10_000 + m * 100 + d
    }
}
