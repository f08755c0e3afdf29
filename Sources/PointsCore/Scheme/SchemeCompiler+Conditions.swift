extension SchemeCompiler {
    /// Compiles a condition:
    /// `{fact: F, is: V}`, `{fact: F, in: [..]}`, `{fact: F, not_in: [..]}`,
    /// `{fact: F, at_least: N, at_most: M}`, `{age: {at_least: N, at_most: M}}`,
    /// `{score: S, at_least: N}`, `{child: FIELD, is: V}` (service tiers), `{all: [..]}`,
    /// `{any: [..]}`, `{not: {..}}`. A fact's numeric bound may be `{parameter: NAME}`.
    func condition(_ node: DocumentNode, _ path: String) -> Condition? {
        guard var reader = MappingReader(node, path: path, compiler: self) else { return nil }
        defer { reader.rejectUnknown(compiler: self) }
        if let list = reader.optional("all") ?? reader.optional("any") {
            let isAll = node["all"] != nil
            let key = isAll ? "all" : "any"
            guard let items = list.items, !items.isEmpty else {
                error(list.line, reader.path(key), "expected a non-empty list of conditions")
                return nil
            }
            let parts = items.enumerated().compactMap { condition($1, "\(reader.path(key))[\($0 + 1)]") }
            guard parts.count == items.count else { return nil }
            return isAll ? .all(parts) : .any(parts)
        }
        if let inner = reader.optional("not") {
            return condition(inner, reader.path("not")).map { .not($0) }
        }
        if let ageNode = reader.optional("age") {
            return ageCondition(ageNode, reader.path("age"))
        }
        if let scoreNode = reader.optional("score") {
            guard !compilingIndicators else {
                error(scoreNode.line, reader.path("score"), "an indicator's or a score multiplier's condition cannot read a score (scores are what they compute); test facts or age, or put the rule in a gate")
                return nil
            }
            guard let name = text(scoreNode, reader.path("score")) else { return nil }
            guard let index = scoreIDs.firstIndex(of: name) else {
                error(scoreNode.line, reader.path("score"), "unknown score '\(name)'; define it under scores (known: \(scoreIDs.joined(separator: ", ")))")
                return nil
            }
            return bounds(&reader, path: path, line: node.line, read: { number($0, $1).map { .value($0) } }) { bound, isLower in
                guard case .value(let value) = bound else { return nil }
                return isLower ? .scoreAtLeast(index, name: name, value) : .scoreAtMost(index, name: name, value)
            }
        }
        if let childNode = reader.optional("child") {
            guard let ref = childFact(childNode, reader.path("child")) else { return nil }
            return factCondition(ref, &reader, path: path, line: node.line)
        }
        guard let factNode = reader.required("fact", compiler: self, hint: "a condition names a fact, age, score, child, all, any or not"),
              let ref = fact(factNode, reader.path("fact"))
        else { return nil }
        return factCondition(ref, &reader, path: path, line: node.line)
    }

    private func ageCondition(_ node: DocumentNode, _ path: String) -> Condition? {
        guard var reader = MappingReader(node, path: path, compiler: self) else { return nil }
        defer { reader.rejectUnknown(compiler: self) }
        var parts: [Condition] = []
        if let n = reader.optional("at_least"), let v = wholeNumber(n, reader.path("at_least"), in: 0...150) { parts.append(.ageAtLeast(v)) }
        if let n = reader.optional("at_most"), let v = wholeNumber(n, reader.path("at_most"), in: 0...150) { parts.append(.ageAtMost(v)) }
        if parts.isEmpty { error(node.line, path, "give at_least and/or at_most (completed years)") ; return nil }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    /// `at_least` and/or `at_most`, each read by `read` and made a condition by `make` (whose
    /// second argument says whether it is the lower bound); both given, both must hold.
    private func bounds(_ reader: inout MappingReader, path: String, line: Int, read: (DocumentNode, String) -> ConditionBound?,
                        make: (ConditionBound, Bool) -> Condition?) -> Condition? {
        var parts: [Condition] = [], given = false
        for (key, isLower) in [("at_least", true), ("at_most", false)] {
            guard let node = reader.optional(key) else { continue }
            given = true
            if let bound = read(node, reader.path(key)), let part = make(bound, isLower) { parts.append(part) }
        }
        if !given { error(line, path, "give at_least and/or at_most") }
        return parts.count > 1 ? .all(parts) : parts.first
    }

    private func factCondition(_ ref: FactRef, _ reader: inout MappingReader, path: String, line: Int) -> Condition? {
        switch ref.type {
        case .bool:
            guard let node = reader.required("is", compiler: self, hint: "a flag condition says is: true or is: false") else { return nil }
            switch node.scalar {
            case "true": return .flag(ref, true)
            case "false": return .flag(ref, false)
            default: error(node.line, reader.path("is"), "expected true or false, got \(node.kindDescription)"); return nil
            }
        case .choice(let values):
            return membership(&reader, path: path, line: line) { texts, negated, node, keyPath in
                var indices = Set<Int>()
                for text in texts {
                    guard let index = values.firstIndex(of: text) else {
                        error(node.line, keyPath, "'\(text)' is not a value of \(ref.name); use one of \(values.joined(separator: ", "))")
                        return nil
                    }
                    indices.insert(index)
                }
                return .choice(ref, indices, negated: negated)
            }
        case .text:
            return membership(&reader, path: path, line: line) { texts, negated, _, _ in .text(ref, Set(texts), negated: negated) }
        case .months, .count, .yuan, .area:
            return bounds(&reader, path: path, line: line, read: { bound($0, $1, for: ref) }) { bound, isLower in
                switch bound {
                case .value(let value): return isLower ? .atLeast(ref, value) : .atMost(ref, value)
                case .unset(let parameter): return .awaits(ref, parameter: parameter, atLeast: isLower)
                }
            }
        case .expiry:
            guard let node = reader.required("valid_on", compiler: self, hint: "an expiry is tested with valid_on: as_of") else { return nil }
            guard node.scalar == "as_of" else {
                error(node.line, reader.path("valid_on"), "expected as_of (the expiry is on or after the evaluation date), got \(node.kindDescription)")
                return nil
            }
            return .validOnAsOf(ref)
        default:
            error(line, reader.path("fact"), "fact '\(ref.name)' is \(ref.type.name); conditions test flags, choices, text, numbers and expiries")
            return nil
        }
    }

    private func membership(_ reader: inout MappingReader, path: String, line: Int,
                            make: ([String], Bool, DocumentNode, String) -> Condition?) -> Condition? {
        for (key, negated) in [("is", false), ("in", false), ("not_in", true)] {
            guard let node = reader.optional(key) else { continue }
            let texts = key == "is" ? [node.scalar].compactMap { $0 } : (node.items ?? []).compactMap(\.scalar)
            guard !texts.isEmpty, key == "is" || texts.count == node.items?.count else {
                error(node.line, reader.path(key), key == "is" ? "expected one value" : "expected a list of values")
                return nil
            }
            return make(texts, negated, node, reader.path(key))
        }
        error(line, path, "give is, in or not_in")
        return nil
    }
}
