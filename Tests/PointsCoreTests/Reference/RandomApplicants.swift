@testable import PointsCore

/// Random applicants for a scheme: every fact of its vocabulary, each now and then absent,
/// with values drawn around the edges rules care about (whole years of months, birthdays,
/// 29 February, band limits) and texts the scheme's conditions name.
struct RandomApplicants {
    let scheme: Scheme
    let asOf: LocalDate
    var generator: SplitMix
    /// How often a fact is left out (defaults and missing-fact errors).
    var absence = 0.03
    private let texts: [String]

    init(scheme: Scheme, asOf: LocalDate, seed: UInt64) {
        self.scheme = scheme
        self.asOf = asOf
        self.generator = SplitMix(state: seed)
        var texts: Set<String> = ["elsewhere"]
        func collect(_ condition: Condition?) {
            switch condition {
            case .text(_, let allowed, _)?: texts.formUnion(allowed)
            case .all(let parts)?, .any(let parts)?: parts.forEach(collect)
            case .not(let inner)?: collect(inner)
            default: break
            }
        }
        func collect(_ indicator: Indicator) {
            collect(indicator.when)
            if case .bestOf(let options) = indicator.rule { options.forEach(collect) }
        }
        scheme.groups.flatMap(\.indicators).forEach(collect)
        scheme.gates.forEach { collect($0.require); collect($0.exemptWhen) }
        scheme.services.flatMap(\.tiers).forEach { collect($0.when) }
        scheme.scores.forEach { collect($0.multiplier?.when) }
        self.texts = texts.sorted()
    }

    /// The next applicant's facts.
    mutating func next() -> FactSet { facts(nested: false) }

    private mutating func facts(nested: Bool) -> FactSet {
        var set = FactSet(registry: scheme.registry)
        let born = birthDate()
        for (id, definition) in scheme.registry.definitions.enumerated() {
            if Double.random(in: 0..<1, using: &generator) < absence { continue }
            if definition.name == "birth_date" { set[id] = .date(born); continue }
            if case .facts = definition.type {
                if !nested, Bool.random(using: &generator) { set[id] = .facts(facts(nested: true)) }
                continue
            }
            set[id] = value(definition.type)
        }
        return set
    }

    private mutating func birthDate() -> LocalDate {
        let years = Int.random(in: 16...70, using: &generator)
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: return LocalDate(year: asOf.year - years, month: asOf.month, day: asOf.day)!  // a birthday
        case 1: return LocalDate(year: 1988 - 4 * Int.random(in: 0...8, using: &generator), month: 2, day: 29)!
        default:
            let month = Int.random(in: 1...12, using: &generator)
            return LocalDate(year: asOf.year - years, month: month, day: Int.random(in: 1...LocalDate.daysIn(month: month, year: 2001), using: &generator))!
        }
    }

    private mutating func months() -> Int64 {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return Int64.random(in: 0...12, using: &generator) * 12  // whole years
        case 1: return Int64.random(in: 0...12, using: &generator) * 12 - 1 < 0 ? 0 : Int64.random(in: 0...12, using: &generator) * 12 - 1
        default: return Int64.random(in: 0...200, using: &generator)
        }
    }

    private mutating func value(_ type: FactType) -> FactValue {
        switch type {
        case .bool: return .bool(Int.random(in: 0..<5, using: &generator) > 0 ? Bool.random(using: &generator) : false)
        case .date:
            return .date(LocalDate(year: asOf.year - Int.random(in: 0...20, using: &generator), month: Int.random(in: 1...12, using: &generator), day: 1)!)
        case .expiry:  // from two years before as_of to two years after, the day itself among them
            let offset = Int.random(in: -2...2, using: &generator)
            return .date(offset == 0 ? asOf : LocalDate(year: asOf.year + offset, month: Int.random(in: 1...12, using: &generator), day: 1)!)
        case .months: return .number(months())
        case .count(let range): return .number(min(range.upperBound, max(range.lowerBound, Int64.random(in: 0...6, using: &generator))))
        case .yuan:
            let steps: [Int64] = [0, 100, 10_000, 50_000, 100_000, 200_000, 500_000]
            let base = steps.randomElement(using: &generator)!
            return .money(Fixed(units: (base + Int64.random(in: -50...50, using: &generator)).clamped(0) * Fixed.scale
                                + Int64.random(in: 0...99, using: &generator) * 100))
        case .area: return .money(Fixed(units: Int64.random(in: 0...6_000, using: &generator) * 100))  // 0 to 60 m², two places
        case .choice(let values): return .choice(Int.random(in: 0..<values.count, using: &generator))
        case .text: return .text(texts.randomElement(using: &generator)!)
        case .list(let fields):
            return .list((0..<Int.random(in: 0...4, using: &generator)).map { _ in fieldValues(fields) })
        case .record(let fields): return .record(fieldValues(fields))
        case .hoursByYear:
            let years = Array(Set((0..<Int.random(in: 0...4, using: &generator)).map { _ in asOf.year - Int.random(in: 0...6, using: &generator) })).sorted()
            return .hoursByYear(years.map { YearHours(year: $0, hours: Int64.random(in: 0...400, using: &generator)) })
        case .facts: return .bool(false)
        }
    }

    private mutating func fieldValues(_ fields: [FactField]) -> [FactValue?] {
        fields.map { field in
            if case .count = field.type, field.name == "inventors" { return .number(Int64.random(in: 1...7, using: &generator)) }
            return !field.required && Bool.random(using: &generator) ? nil : value(field.type)
        }
    }
}

private extension Int64 {
    func clamped(_ low: Int64) -> Int64 { Swift.max(self, low) }
}
