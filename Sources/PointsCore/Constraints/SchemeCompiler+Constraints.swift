extension SchemeCompiler {
    /// Reads `jurisdiction_kind` and `bound_by`, and reports every settlement condition (each
    /// gate's requirement, each channel's condition) that breaks a rule of a set the scheme is
    /// bound by, at the line of what breaks it.
    func checkConstraints(_ reader: inout MappingReader, root: DocumentNode) -> (kind: String?, boundBy: [String]) {
        let kindNode = reader.optional("jurisdiction_kind")
        let kind = kindNode.flatMap { node -> String? in
            guard let kind = node.scalar, ConstraintSet.jurisdictionKinds.contains(kind) else {
                error(node.line, "jurisdiction_kind", "expected one of \(ConstraintSet.jurisdictionKinds.joined(separator: ", ")), got \(node.kindDescription)")
                return nil
            }
            return kind
        }
        guard let boundNode = reader.optional("bound_by") else { return (kind, []) }
        guard let items = boundNode.items else {
            error(boundNode.line, "bound_by", "expected a list of constraint sets, e.g. [henan-2017, national]")
            return (kind, [])
        }
        guard let kind else {
            if kindNode == nil { error(boundNode.line, "bound_by", "a scheme bound by constraint sets names its jurisdiction_kind (\(ConstraintSet.jurisdictionKinds.joined(separator: ", ")))") }
            return (nil, [])
        }
        let known: [ConstraintSet]
        do {
            known = try ConstraintSetLoader.builtIn()
        } catch {
            for diagnostic in error.diagnostics { self.error(boundNode.line, "bound_by", "a built-in constraint set is broken: \(diagnostic)") }
            return (kind, [])
        }
        var names: [String] = []
        for item in items {
            guard let name = item.scalar, let set = known.first(where: { $0.id == name }) else {
                error(item.line, "bound_by", "unknown constraint set \(item.kindDescription); known: \(known.map(\.id).joined(separator: ", "))")
                continue
            }
            names.append(name)
            for rule in set.rules where rule.appliesTo.isEmpty || rule.appliesTo.contains(kind) {
                check(rule, of: set, root: root)
            }
        }
        return (kind, names)
    }

    /// Every gate and channel of the document against one rule; for a rule against points, the
    /// scheme's points too when no settlement condition reads a score.
    private func check(_ rule: ConstraintRule, of set: ConstraintSet, root: DocumentNode) {
        let breaks = "breaks constraint \(set.id) rule \(rule.id), \(rule.title.en) [\(rule.clause)]"
        var found = false
        for (key, condition, what) in [("gates", "require", "gate"), ("channels", "when", "channel")] {
            for (i, item) in (root[key]?.items ?? []).enumerated() {
                guard let node = item[condition] else { continue }
                let path = "\(key)[\(i + 1)].\(condition)"
                for hit in requirements(node, path, rule, negated: false) {
                    found = true
                    error(hit.line, hit.path, "\(hit.what): \(breaks); the \(what) '\(item["id"]?.scalar ?? "?")' cites [\(item["clause"]?.scalar ?? "no clause")]")
                }
            }
        }
        if case .noScores = rule.kind, !found, let groups = root["groups"],
           groups.entries?.contains(where: { !($0.value["indicators"]?.items?.isEmpty ?? true) }) == true,
           root["gates"] != nil || root["channels"] != nil {
            error(groups.line, "groups", "a settlement scheme that scores points: \(breaks)")
        }
    }

    /// What in condition `node` every way of meeting it requires and `rule` forbids. Each part of
    /// an `all` counts. An `any` whose alternatives are values of one fact (owned or rented) is one
    /// demand, which counts when each alternative does; an `any` of different demands is several
    /// ways in, each counting on its own. Under a `not`, a demand is read negated (not at most
    /// 35 months is at least 36).
    private func requirements(_ node: DocumentNode, _ path: String, _ rule: ConstraintRule, negated: Bool) -> [(line: Int, path: String, what: String)] {
        let (allKey, anyKey) = negated ? ("any", "all") : ("all", "any")
        if let parts = node[allKey]?.items {
            return parts.enumerated().flatMap { requirements($1, "\(path).\(allKey)[\($0 + 1)]", rule, negated: negated) }
        }
        if let parts = node[anyKey]?.items {
            let each = parts.enumerated().map { requirements($1, "\(path).\(anyKey)[\($0 + 1)]", rule, negated: negated) }
            let facts = Set(parts.map { $0["fact"]?.scalar ?? "" })
            let oneDemand = facts.count == 1 && !facts.contains("")
            return oneDemand && each.contains(where: \.isEmpty) ? [] : each.flatMap { $0 }
        }
        if let inner = node["not"] { return requirements(inner, "\(path).not", rule, negated: !negated) }
        if node["age"] != nil { return [] }
        if let score = node["score"]?.scalar {
            guard case .noScores = rule.kind else { return [] }
            return [(node.line, path, "requires score \(score)")]
        }
        guard let fact = node["fact"]?.scalar else { return [] }
        // The least the leaf asks for, when it asks for at least something (a bound not on
        // record asks for an unknown amount: nil, but `asksSome`).
        let lowerNode = negated ? node["at_most"] : node["at_least"]
        var lower = lowerNode.flatMap(boundValue)
        if negated, let bound = lower { lower = Fixed(units: (bound.units / Fixed.scale + 1) * Fixed.scale) }  // not at most M: at least M + 1
        let asksSome = lowerNode != nil && (lower.map { $0 > .zero } ?? true)
        switch rule.kind {
        case .noScores:
            return []
        case .atMost(let facts, let bound):
            guard facts.contains(fact), let lower, lower > bound else { return [] }
            return [(node.line, path, "requires \(fact) ≥ \(lower), more than the \(bound) allowed")]
        case .forbid(let forbidden):
            guard let requirement = forbidden.first(where: { $0.fact == fact }) else { return [] }
            let requires: Bool, shown: String
            if let values = requirement.values {
                let allowed = allowedValues(node, fact: fact, negated: negated)
                requires = allowed.map { !$0.isEmpty && $0.isSubset(of: values) } ?? false
                shown = allowed.map { " " + $0.sorted().joined(separator: "/") } ?? ""
            } else {
                let flag = node["is"]?.scalar
                requires = flag == (negated ? "false" : "true") || asksSome || (flag == nil && !negated && node["in"] != nil)
                shown = lower.map { " ≥ \($0)" } ?? ""
            }
            return requires ? [(node.line, path, "requires \(fact)\(shown)")] : []
        }
    }

    /// The values of a choice fact a leaf lets through (negated: the ones it keeps out); nil when
    /// the leaf does not list values.
    private func allowedValues(_ node: DocumentNode, fact: String, negated: Bool) -> Set<String>? {
        let all = Set(registry.id(of: fact).flatMap { registry.definitions[$0].type.choices } ?? [])
        let listed = node["in"]?.items?.compactMap(\.scalar) ?? node["is"].flatMap(\.scalar).map { [$0] }
        let excluded = node["not_in"]?.items?.compactMap(\.scalar)
        guard let set = listed.map(Set.init) ?? excluded.map({ all.subtracting($0) }) else { return nil }
        return negated ? all.subtracting(set) : set
    }

    /// A bound as written: a number, or a set parameter's value (nil for one not on record).
    private func boundValue(_ node: DocumentNode) -> Fixed? {
        if let name = node["parameter"]?.scalar { return parameters.first { $0.name == name }?.value }
        return node.scalar.flatMap { Fixed(decimal: $0) }
    }
}
