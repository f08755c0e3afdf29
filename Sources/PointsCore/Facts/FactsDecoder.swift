/// A flag or whole number that arrived typed (a wire field), still to be range-checked.
public struct TypedFact: Sendable {
    /// The fact.
    public let id: FactID
    /// `.bool` or `.number`.
    public let value: FactValue

    /// Creates a typed fact.
    public init(id: FactID, value: FactValue) {
        self.id = id
        self.value = value
    }
}

/// Decodes a facts document (a YAML or JSON object keyed by fact names) into a `FactSet`,
/// checking every value's type and range and a few impossibilities between facts.
///
/// All issues are collected, so one pass tells the caller everything to fix.
public struct FactsDecoder: Sendable {
    /// The vocabulary to decode against: canonical facts plus a scheme's extras.
    public let registry: FactRegistry
    /// The evaluation date: no date may be after it.
    public let asOf: LocalDate
    /// Keys that are not facts and are skipped (an applicant id in a ranking file).
    public let ignoredKeys: Set<String>

    private static let earliestDate = LocalDate(year: 1900, month: 1, day: 1)!

    /// Creates a decoder.
    public init(registry: FactRegistry, asOf: LocalDate, ignoredKeys: Set<String> = []) {
        self.registry = registry
        self.asOf = asOf
        self.ignoredKeys = ignoredKeys
    }

    /// Decodes a whole document.
    ///
    /// - Throws: `FactsError` listing every unknown fact, wrong type, out-of-range or
    ///   impossible value.
    public func decode(_ document: DocumentNode) throws(FactsError) -> FactSet {
        try decode(document, typed: [])
    }

    /// Decodes facts that arrive partly typed (from the wire): each typed flag or whole number
    /// is checked exactly as its text would be, and `document` holds the rest.
    ///
    /// - Throws: `FactsError`, as for a document.
    public func decode(_ document: DocumentNode, typed: [TypedFact]) throws(FactsError) -> FactSet {
        var issues: [FactIssue] = []
        let facts = decodeFacts(document, path: "", nested: false, typed: typed, issues: &issues)
        if !issues.isEmpty { throw FactsError(issues: issues) }
        return facts
    }

    private func decodeFacts(_ node: DocumentNode, path: String, nested: Bool, typed: [TypedFact] = [],
                             issues: inout [FactIssue]) -> FactSet {
        var facts = FactSet(registry: registry)
        guard let entries = node.entries else {
            if !node.isNull {
                issues.append(FactIssue(fact: path.isEmpty ? "(document)" : path, line: node.line,
                                        message: "expected a mapping of fact names to values, got \(node.kindDescription)"))
            }
            return facts
        }
        for entry in entries where !(path.isEmpty && ignoredKeys.contains(entry.key)) {
            let name = path.isEmpty ? entry.key.shownName : "\(path).\(entry.key.shownName)"
            guard let id = registry.id(of: entry.key) else {
                // Past the issue limit, suggestions are not worth computing.
                let message = issues.count < FactsError.maximumIssues ? unknownFactMessage(entry.key) : "unknown fact"
                issues.append(FactIssue(fact: name, line: entry.value.line, message: message))
                continue
            }
            if entry.value.isNull { continue }
            let type = registry.definitions[id].type
            if case .facts = type, nested {
                issues.append(FactIssue(fact: name, line: entry.value.line, message: "a nested facts document cannot hold another one"))
                continue
            }
            if let value = decodeValue(entry.value, type: type, path: name, issues: &issues) {
                facts[id] = value
            }
        }
        for fact in typed {
            let definition = registry.definitions[fact.id]
            func fail(_ message: String) -> FactValue? {
                issues.append(FactIssue(fact: definition.name, line: 0, message: message))
                return nil
            }
            switch (definition.type, fact.value) {
            case (.bool, .bool): facts[fact.id] = fact.value
            case (.months, .number(let n)): facts[fact.id] = checkWhole(n, range: FactType.monthsRange, unit: "months", fail: fail)
            case (.count(let range), .number(let n)): facts[fact.id] = checkWhole(n, range: range, unit: "", fail: fail)
            default: _ = fail("expected \(definition.type.name), got another type")
            }
        }
        checkConsistency(facts, path: path, node: node, issues: &issues)
        return facts
    }

    private func decodeValue(_ node: DocumentNode, type: FactType, path: String, issues: inout [FactIssue]) -> FactValue? {
        func fail(_ message: String) -> FactValue? {
            issues.append(FactIssue(fact: path, line: node.line, message: message))
            return nil
        }
        switch type {
        case .bool:
            switch node.scalar {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return fail("expected true or false, got \(node.kindDescription)")
            }
        case .date:
            guard let text = node.scalar, let date = LocalDate(iso: text) else {
                return fail("expected a date YYYY-MM-DD, got \(node.kindDescription)")
            }
            if date > asOf { return fail("\(date) is in the future (after \(asOf)); give the real date") }
            if date < Self.earliestDate { return fail("\(date) is before 1900-01-01; give the real date") }
            return .date(date)
        case .expiry:
            guard let text = node.scalar, let date = LocalDate(iso: text) else {
                return fail("expected a date YYYY-MM-DD, got \(node.kindDescription)")
            }
            if date < Self.earliestDate { return fail("\(date) is before 1900-01-01; give the real date") }
            if date.year > asOf.year + 100 { return fail("\(date) is more than a century after \(asOf); give the real date") }
            return .date(date)
        case .months:
            return decodeWhole(node, range: FactType.monthsRange, unit: "months", fail: fail)
        case .count(let range):
            return decodeWhole(node, range: range, unit: "", fail: fail)
        case .yuan, .area:
            let (unit, example, limit) = type == .yuan ? ("yuan", "12000 or \"12000.50\"", FactType.yuanLimit) : ("square metres", "18 or \"18.25\"", FactType.areaLimit)
            guard let text = node.scalar, let amount = Fixed(decimal: text), amount.units % 100 == 0 else {
                return fail("expected \(unit) as a decimal with at most two places (e.g. \(example)), got \(node.kindDescription)")
            }
            if amount < .zero { return fail("must be 0 or more \(unit), got \(amount)") }
            if amount > limit { return fail("\(amount) \(unit) is beyond any real amount (limit \(limit))") }
            return .money(amount)
        case .choice(let values):
            guard let text = node.scalar, let index = values.firstIndex(of: text) else {
                return fail("expected one of \(values.joined(separator: ", ")), got \(node.kindDescription)")
            }
            return .choice(index)
        case .text:
            guard let text = node.scalar, !text.isEmpty else { return fail("expected text, got \(node.kindDescription)") }
            return .text(text)
        case .list(let fields):
            guard let items = node.items else { return fail("expected a list, got \(node.kindDescription)") }
            var decoded: [[FactValue?]] = []
            for (index, item) in items.enumerated() {
                decoded.append(decodeFields(item, fields: fields, path: "\(path)[\(index + 1)]", issues: &issues))
            }
            return .list(decoded)
        case .record(let fields):
            return .record(decodeFields(node, fields: fields, path: path, issues: &issues))
        case .hoursByYear:
            return decodeHoursByYear(node, path: path, issues: &issues)
        case .facts:
            guard node.entries != nil else { return fail("expected a mapping of facts, got \(node.kindDescription)") }
            return .facts(decodeFacts(node, path: path, nested: true, issues: &issues))
        }
    }

    private func decodeWhole(_ node: DocumentNode, range: ClosedRange<Int64>, unit: String,
                             fail: (String) -> FactValue?) -> FactValue? {
        let unitText = unit.isEmpty ? "" : " \(unit)"
        guard let text = node.scalar, let value = Int64(text) else {
            return fail("expected a whole number\(unitText), got \(node.kindDescription)")
        }
        return checkWhole(value, range: range, unit: unit, fail: fail)
    }

    /// A whole number checked against its range.
    private func checkWhole(_ value: Int64, range: ClosedRange<Int64>, unit: String, fail: (String) -> FactValue?) -> FactValue? {
        let unitText = unit.isEmpty ? "" : " \(unit)"
        if value < range.lowerBound {
            return fail(range.lowerBound == 0 ? "must be 0 or more\(unitText), got \(value)" : "must be at least \(range.lowerBound), got \(value)")
        }
        if value > range.upperBound { return fail("\(value)\(unitText) is beyond any real value (at most \(range.upperBound))") }
        return .number(value)
    }

    private func decodeFields(_ node: DocumentNode, fields: [FactField], path: String, issues: inout [FactIssue]) -> [FactValue?] {
        var values = [FactValue?](repeating: nil, count: fields.count)
        guard let entries = node.entries else {
            issues.append(FactIssue(fact: path, line: node.line, message: "expected a mapping with \(fields.map(\.name).joined(separator: ", ")), got \(node.kindDescription)"))
            return values
        }
        for entry in entries {
            guard let index = fields.firstIndex(where: { $0.name == entry.key }) else {
                issues.append(FactIssue(fact: "\(path).\(entry.key)", line: entry.value.line,
                                        message: "unknown field; expected \(fields.map(\.name).joined(separator: ", "))"))
                continue
            }
            if entry.value.isNull { continue }
            values[index] = decodeValue(entry.value, type: fields[index].type, path: "\(path).\(entry.key)", issues: &issues)
        }
        for (index, field) in fields.enumerated() where field.required && values[index] == nil
            && !entries.contains(where: { $0.key == field.name }) {
            issues.append(FactIssue(fact: "\(path).\(field.name)", line: node.line, message: "missing; every item needs it", kind: .missing))
        }
        return values
    }

    private func decodeHoursByYear(_ node: DocumentNode, path: String, issues: inout [FactIssue]) -> FactValue? {
        guard let entries = node.entries else {
            issues.append(FactIssue(fact: path, line: node.line, message: "expected a mapping of year to hours (e.g. 2024: 120), got \(node.kindDescription)"))
            return nil
        }
        var result: [YearHours] = []
        for entry in entries {
            let itemPath = "\(path).\(entry.key)"
            guard entry.key.count == 4, let year = Int(entry.key), year >= 1900 else {
                issues.append(FactIssue(fact: itemPath, line: entry.value.line, message: "expected a calendar year such as 2024"))
                continue
            }
            if year > asOf.year {
                issues.append(FactIssue(fact: itemPath, line: entry.value.line, message: "year \(year) is after the evaluation date \(asOf)"))
                continue
            }
            guard let text = entry.value.scalar, let hours = Int64(text), hours >= 0, hours <= FactType.hoursPerYearLimit else {
                issues.append(FactIssue(fact: itemPath, line: entry.value.line,
                                        message: "expected whole hours 0...\(FactType.hoursPerYearLimit), got \(entry.value.kindDescription)"))
                continue
            }
            result.append(YearHours(year: year, hours: hours))
        }
        return .hoursByYear(result.sorted { $0.year < $1.year })
    }

    /// Impossible combinations: a continuous run longer than the cumulative total, or any
    /// duration longer than the applicant has been alive.
    /// Facts that contradict each other, each reported at the line of the fact that cannot be.
    private func checkConsistency(_ facts: FactSet, path: String, node: DocumentNode, issues: inout [FactIssue]) {
        func line(_ name: String) -> Int { node[name]?.line ?? node.line }
        let prefix = path.isEmpty ? "" : "\(path)."
        if let continuous = registry.continuousPermitMonths,
           let cumulative = registry.permitMonths,
           let c = facts[continuous]?.whole, let t = facts[cumulative]?.whole, c > t {
            issues.append(FactIssue(fact: prefix + "residence_permit_continuous_months", line: line("residence_permit_continuous_months"),
                                    message: "\(c) months is more than residence_permit_months (\(t)); a continuous run is part of the total"))
        }
        guard let birthID = registry.birthDate, case .date(let birth)? = facts[birthID] else { return }
        let lifeMonths = Int64((asOf.year - birth.year) * 12 + (asOf.month - birth.month))
        for id in registry.monthFacts {
            if let months = facts[id]?.whole, months > lifeMonths {
                issues.append(FactIssue(fact: prefix + registry.definitions[id].name, line: line(registry.definitions[id].name),
                                        message: "\(months) months is longer than the applicant has lived (born \(birth))"))
            }
        }
    }

    private func unknownFactMessage(_ name: String) -> String {
        if let suggestion = registry.suggestion(for: name) {
            return "unknown fact; did you mean '\(suggestion)'? (the vocabulary is in FACTS.md)"
        }
        return "unknown fact; the vocabulary is in FACTS.md, and a scheme may declare extra facts"
    }
}
