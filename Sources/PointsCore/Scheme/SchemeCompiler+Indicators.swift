extension SchemeCompiler {
    /// The indicator kinds a scheme file may use.
    static let indicatorKinds = [
        "per_unit", "lookup", "bands", "flag", "deduction", "best_of", "age_steps",
        "per_year", "shares", "item_lookup", "first_and_further", "age_bands",
    ]

    /// Compiles one indicator (or a `best_of` option).
    func indicator(_ node: DocumentNode, _ path: String, group: String) -> Indicator? {
        guard var reader = MappingReader(node, path: path, compiler: self) else { return nil }
        let id = reader.required("id", compiler: self).flatMap { text($0, reader.path("id")) }
        if let id, let idNode = reader.optional("id") {
            if let earlier = indicatorIDs[id] {
                error(idNode.line, reader.path("id"), "duplicate indicator id '\(id)' (first used on line \(earlier)); give each indicator its own id")
            } else {
                indicatorIDs[id] = idNode.line
            }
        }
        let title = reader.required("title", compiler: self, hint: "give {zh, en}").flatMap { bilingual($0, reader.path("title")) }
        let clause = reader.required("clause", compiler: self, hint: "cite the clause of the legal source").flatMap { text($0, reader.path("clause")) }
        var cap: Fixed?, when: Condition?, broken = false
        if let capNode = reader.optional("cap") {
            cap = nonNegative(capNode, reader.path("cap"), what: "cap")
            broken = broken || cap == nil
        }
        if let whenNode = reader.optional("when") {
            when = condition(whenNode, reader.path("when"))
            broken = broken || when == nil
        }
        var poolsSpouse = false
        if let poolNode = reader.optional("pool_spouse") {
            switch poolNode.scalar {
            case "true": poolsSpouse = true
            case "false": poolsSpouse = false
            default:
                error(poolNode.line, reader.path("pool_spouse"), "expected true or false, got \(poolNode.kindDescription)")
                broken = true
            }
        }
        guard let kindNode = reader.required("kind", compiler: self, hint: "one of \(Self.indicatorKinds.joined(separator: ", "))"),
              let kind = text(kindNode, reader.path("kind"))
        else { return nil }
        let rule: IndicatorRule?
        switch kind {
        case "per_unit": rule = perUnit(&reader)
        case "lookup": rule = lookup(&reader)
        case "bands": rule = bands(&reader)
        case "age_bands": rule = ageBands(&reader)
        case "flag": rule = flag(&reader, hasWhen: when != nil)
        case "deduction": rule = deduction(&reader)
        case "best_of": rule = bestOf(&reader, group: group)
        case "age_steps": rule = ageSteps(&reader)
        case "per_year": rule = perYear(&reader)
        case "shares": rule = shares(&reader)
        case "item_lookup": rule = itemLookup(&reader)
        case "first_and_further": rule = firstAndFurther(&reader)
        default:
            error(kindNode.line, reader.path("kind"), "unknown kind '\(kind)'; use one of \(Self.indicatorKinds.joined(separator: ", "))")
            return nil
        }
        // A rule that failed to compile has said why; its other keys would only add noise.
        guard let rule else { return nil }
        if let monotoneNode = reader.optional("monotone") { checkMonotone(rule, monotoneNode, reader.path("monotone"), bands: node["bands"]) }
        reader.rejectUnknown(compiler: self)
        guard let id, let title, let clause, !broken else { return nil }
        return Indicator(id: id, group: group, title: title, clause: clause, cap: cap, when: when, poolsSpouse: poolsSpouse, rule: rule)
    }

    /// `monotone: increasing` (or `decreasing`) on a bands rule: more of the fact never gives
    /// fewer points (or more). Each band that breaks the order is reported at its line.
    private func checkMonotone(_ rule: IndicatorRule, _ node: DocumentNode, _ path: String, bands items: DocumentNode?) {
        guard let direction = node.scalar, direction == "increasing" || direction == "decreasing" else {
            error(node.line, path, "expected increasing or decreasing, got \(node.kindDescription)")
            return
        }
        let bands: [Band]
        switch rule {
        case .bands(_, let list), .ageBands(let list): bands = list
        default:
            error(node.line, path, "monotone applies to bands and age_bands, whose points it orders")
            return
        }
        for i in bands.indices.dropFirst() {
            let (before, after) = (bands[i - 1].points, bands[i].points)
            guard direction == "increasing" ? after < before : after > before else { continue }
            let line = items?.items?[i].line ?? node.line
            error(line, "\(path.dropLast("monotone".count))bands[\(i + 1)].points",
                  "\(after) points from \(bands[i].from) is \(direction == "increasing" ? "fewer" : "more") than the \(before) of the band before, but the indicator is declared monotone: \(direction)")
        }
    }

    private func requiredFact(_ reader: inout MappingReader, _ description: String, accepts: (FactType) -> Bool) -> FactRef? {
        guard let node = reader.required("fact", compiler: self) else { return nil }
        return fact(node, reader.path("fact"), expecting: description, accepts: accepts)
    }

    private func requiredPoints(_ reader: inout MappingReader, key: String = "points") -> Fixed? {
        reader.required(key, compiler: self).flatMap { nonNegative($0, reader.path(key), what: key) }
    }

    private func perUnit(_ reader: inout MappingReader) -> IndicatorRule? {
        var refs: [FactRef] = []
        if let single = reader.optional("fact") {
            if let ref = fact(single, reader.path("fact"), expecting: "months, a count or yuan", accepts: \.isNumeric) { refs.append(ref) } else { return nil }
        } else if let list = reader.optional("facts"), let items = list.items, !items.isEmpty {
            for (i, item) in items.enumerated() {
                guard let ref = fact(item, "\(reader.path("facts"))[\(i + 1)]", expecting: "months, a count or yuan", accepts: \.isNumeric) else { return nil }
                refs.append(ref)
            }
        } else {
            error(reader.node.line, reader.path, "give fact (one) or facts (a list) to count")
            return nil
        }
        let every: Int64
        let unit: Bilingual
        if let everyNode = reader.optional("every") {
            guard let n = wholeNumber(everyNode, reader.path("every"), in: 1...1_000_000_000) else { return nil }
            every = Int64(n)
            unit = Bilingual(zh: "个\(n)单位", en: "block(s) of \(n)")
        } else {
            let unitNode = reader.required("unit", compiler: self, hint: "year, month or item, or every: N")
            switch unitNode?.scalar {
            case "year":
                guard refs.allSatisfy({ $0.type == .months }) else {
                    error(unitNode!.line, reader.path("unit"), "unit year counts full years of months facts only; use every: N for other facts")
                    return nil
                }
                every = 12; unit = Bilingual(zh: "个整年", en: "full year(s)")
            case "month":
                every = 1; unit = Bilingual(zh: "个月", en: "month(s)")
            case "item":
                every = 1; unit = Bilingual(zh: "项", en: "item(s)")
            default:
                if let unitNode { error(unitNode.line, reader.path("unit"), "unknown unit \(unitNode.kindDescription); use year, month or item, or every: N") }
                return nil
            }
        }
        guard let points = requiredPoints(&reader) else { return nil }
        let base = reader.optional("base").flatMap { nonNegative($0, reader.path("base"), what: "base") }
        let from = reader.optional("from").flatMap { nonNegative($0, reader.path("from"), what: "from", limit: FactType.yuanLimit) }
        let capEach = reader.optional("cap_each").flatMap { nonNegative($0, reader.path("cap_each"), what: "cap_each") }
        return .perUnit(PerUnit(facts: refs, every: every, unit: unit, points: points, base: base, from: from, capEach: capEach))
    }

    private func lookup(_ reader: inout MappingReader) -> IndicatorRule? {
        guard let ref = requiredFact(&reader, "a choice fact", accepts: { $0.choices != nil }),
              let tableNode = reader.required("points", compiler: self, hint: "a mapping of value to points"),
              let table = choiceTable(tableNode, reader.path("points"), values: ref.type.choices!)
        else { return nil }
        return .lookup(ref, points: table)
    }

    private func bands(_ reader: inout MappingReader) -> IndicatorRule? {
        guard let ref = requiredFact(&reader, "months, a count or yuan", accepts: \.isNumeric),
              let bands = bandList(&reader, limit: FactType.yuanLimit)
        else { return nil }
        return .bands(ref, bands)
    }

    private func ageBands(_ reader: inout MappingReader) -> IndicatorRule? {
        bandList(&reader, limit: Fixed(150)).map { .ageBands($0) }
    }

    /// `bands: [{from, to, points}]`, from lowest to highest, with neither gaps nor overlaps.
    private func bandList(_ reader: inout MappingReader, limit: Fixed) -> [Band]? {
        guard let listNode = reader.required("bands", compiler: self, hint: "a list of {from, to, points}") else { return nil }
        guard let items = listNode.items, !items.isEmpty else {
            error(listNode.line, reader.path("bands"), "expected a non-empty list of {from, to, points}")
            return nil
        }
        var parsed: [(from: Fixed, to: Fixed?, points: Fixed, line: Int, path: String)] = []
        for (i, item) in items.enumerated() {
            let itemPath = "\(reader.path("bands"))[\(i + 1)]"
            guard var band = MappingReader(item, path: itemPath, compiler: self) else { return nil }
            let from = band.required("from", compiler: self, hint: "the inclusive lower bound").flatMap { nonNegative($0, band.path("from"), what: "from", limit: limit) }
            let to = band.optional("to").flatMap { nonNegative($0, band.path("to"), what: "to", limit: limit) }
            let points = band.required("points", compiler: self).flatMap { nonNegative($0, band.path("points"), what: "points") }
            band.rejectUnknown(compiler: self)
            guard let from, let points else { return nil }
            if let to, to <= from {
                error(item.line, band.path("to"), "upper bound \(to) must be above from \(from)")
                return nil
            }
            parsed.append((from, to, points, item.line, itemPath))
        }
        var ok = true
        for i in 1..<max(parsed.count, 1) where parsed.count > 1 {
            let previous = parsed[i - 1], band = parsed[i]
            guard let end = previous.to else {
                if previous.from < band.from { continue }  // an open band ends where the next starts
                error(band.line, band.path + ".from", "bands must be listed from lowest to highest; \(band.from) is not above \(previous.from)")
                ok = false
                continue
            }
            if band.from < end {
                error(band.line, band.path + ".from", "starts at \(band.from) but the previous band runs to \(end) (exclusive): the bands overlap; start this band at \(end)")
                ok = false
            } else if band.from > end {
                error(band.line, band.path + ".from", "starts at \(band.from) but the previous band ends at \(end): \(end)..<\(band.from) is not covered; start this band at \(end) or add a band")
                ok = false
            }
        }
        guard ok else { return nil }
        return parsed.map { Band(from: $0.from, to: $0.to, points: $0.points) }
    }

    private func flag(_ reader: inout MappingReader, hasWhen: Bool) -> IndicatorRule? {
        var ref: FactRef?
        if let node = reader.optional("fact") {
            guard let r = fact(node, reader.path("fact"), expecting: "a flag (bool)", accepts: { $0 == .bool }) else { return nil }
            ref = r
        } else if !hasWhen {
            error(reader.node.line, reader.path, "a flag needs a bool fact or a when condition")
            return nil
        }
        guard let points = requiredPoints(&reader) else { return nil }
        return .flag(ref, points: points)
    }

    private func deduction(_ reader: inout MappingReader) -> IndicatorRule? {
        guard let ref = requiredFact(&reader, "a count", accepts: { if case .count = $0 { return true } else { return false } }),
              let points = requiredPoints(&reader)
        else { return nil }
        return .deduction(ref, points: points)
    }

    private func bestOf(_ reader: inout MappingReader, group: String) -> IndicatorRule? {
        guard let node = reader.required("options", compiler: self, hint: "a list of indicators, the best of which counts") else { return nil }
        guard let items = node.items, items.count >= 2 else {
            error(node.line, reader.path("options"), "expected a list of at least two indicators")
            return nil
        }
        let options = items.enumerated().compactMap { indicator($1, "\(reader.path("options"))[\($0 + 1)]", group: group) }
        return options.count == items.count ? .bestOf(options) : nil
    }

    private func ageSteps(_ reader: inout MappingReader) -> IndicatorRule? {
        let full = requiredPoints(&reader)
        let fromAge = reader.optional("from_age").flatMap { wholeNumber($0, reader.path("from_age"), in: 0...150) }
        let flatUntil = reader.required("flat_until", compiler: self, hint: "the age up to which points are full").flatMap { wholeNumber($0, reader.path("flat_until"), in: 0...150) }
        let minus = requiredPoints(&reader, key: "minus_per_year")
        let countNode = reader.required("count_years", compiler: self, hint: "started (a started year counts whole) or completed")
        guard let full, let flatUntil, let minus, let countNode else { return nil }
        guard let mode = countNode.scalar, ["started", "completed"].contains(mode) else {
            error(countNode.line, reader.path("count_years"), "expected started or completed, got \(countNode.kindDescription)")
            return nil
        }
        return .ageSteps(AgeSteps(full: full, fromAge: fromAge, flatUntil: flatUntil, minusPerYear: minus, countStarted: mode == "started"))
    }

    private func perYear(_ reader: inout MappingReader) -> IndicatorRule? {
        let ref = requiredFact(&reader, "hours by year", accepts: { $0 == .hoursByYear })
        let every = reader.required("every", compiler: self, hint: "hours per unit").flatMap { wholeNumber($0, reader.path("every"), in: 1...10_000) }
        let points = requiredPoints(&reader)
        let yearCap = requiredPoints(&reader, key: "year_cap")
        let window = reader.required("window_years", compiler: self, hint: "how many calendar years back count").flatMap { wholeNumber($0, reader.path("window_years"), in: 1...100) }
        guard let ref, let every, let points, let yearCap, let window else { return nil }
        return .perYear(ref, every: Int64(every), points: points, yearCap: yearCap, windowYears: window)
    }

    private func listField(_ reader: inout MappingReader, ref: FactRef, accepts: (FactType) -> Bool, description: String) -> (Int, FactField)? {
        guard let node = reader.required("field", compiler: self), let name = text(node, reader.path("field")) else { return nil }
        guard let fields = ref.type.fields, let index = fields.firstIndex(where: { $0.name == name }) else {
            error(node.line, reader.path("field"), "'\(name)' is not a field of \(ref.name)")
            return nil
        }
        guard accepts(fields[index].type) else {
            error(node.line, reader.path("field"), "field '\(name)' is \(fields[index].type.name), but this needs \(description)")
            return nil
        }
        return (index, fields[index])
    }

    private func shares(_ reader: inout MappingReader) -> IndicatorRule? {
        guard let ref = requiredFact(&reader, "a list of items", accepts: { if case .list = $0 { return true } else { return false } }),
              let (index, field) = listField(&reader, ref: ref, accepts: { if case .count(let r) = $0 { return r.lowerBound >= 1 } else { return false } },
                                             description: "a count of at least 1"),
              let points = requiredPoints(&reader)
        else { return nil }
        return .shares(ref, field: index, fieldName: field.name, points: points)
    }

    private func itemLookup(_ reader: inout MappingReader) -> IndicatorRule? {
        guard let ref = requiredFact(&reader, "a list of items", accepts: { if case .list = $0 { return true } else { return false } }),
              let (index, field) = listField(&reader, ref: ref, accepts: { $0.choices != nil }, description: "a choice"),
              let tableNode = reader.required("points", compiler: self, hint: "a mapping of value to points"),
              let table = choiceTable(tableNode, reader.path("points"), values: field.type.choices!)
        else { return nil }
        return .itemLookup(ref, field: index, fieldName: field.name, points: table)
    }

    private func firstAndFurther(_ reader: inout MappingReader) -> IndicatorRule? {
        guard let ref = requiredFact(&reader, "a record of counts", accepts: { if case .record = $0 { return true } else { return false } }),
              let node = reader.required("fields", compiler: self, hint: "a mapping of field to {first, further}"),
              let entries = node.entries
        else { return nil }
        let fields = ref.type.fields!
        var counted: [CountedField] = []
        for entry in entries {
            let entryPath = "\(reader.path("fields")).\(entry.key)"
            guard let index = fields.firstIndex(where: { $0.name == entry.key }) else {
                error(entry.value.line, entryPath, "'\(entry.key)' is not a field of \(ref.name); use one of \(fields.map(\.name).joined(separator: ", "))")
                return nil
            }
            guard var fieldReader = MappingReader(entry.value, path: entryPath, compiler: self) else { return nil }
            let first = requiredPoints(&fieldReader, key: "first")
            let further = requiredPoints(&fieldReader, key: "further")
            fieldReader.rejectUnknown(compiler: self)
            guard let first, let further else { return nil }
            counted.append(CountedField(field: index, name: entry.key, first: first, further: further))
        }
        return .firstAndFurther(ref, counted)
    }
}
