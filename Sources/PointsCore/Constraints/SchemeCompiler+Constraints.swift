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

    /// Every gate and channel of the document against one rule.
    private func check(_ rule: ConstraintRule, of set: ConstraintSet, root: DocumentNode) {
        for (key, condition, what) in [("gates", "require", "gate"), ("channels", "when", "channel")] {
            for (i, item) in (root[key]?.items ?? []).enumerated() {
                guard let node = item[condition] else { continue }
                let path = "\(key)[\(i + 1)].\(condition)"
                for hit in requirements(node, path, rule) {
                    error(hit.line, hit.path, "\(hit.what): breaks constraint \(set.id) rule \(rule.id), \(rule.title.en) [\(rule.clause)]; "
                          + "the \(what) '\(item["id"]?.scalar ?? "?")' cites [\(item["clause"]?.scalar ?? "no clause")]")
                }
            }
        }
    }

    /// What in condition `node` every way of meeting it requires and `rule` forbids: each part
    /// of an `all` counts; an `any` only when each of its alternatives does; a `not` never.
    private func requirements(_ node: DocumentNode, _ path: String, _ rule: ConstraintRule) -> [(line: Int, path: String, what: String)] {
        if let parts = node["all"]?.items {
            return parts.enumerated().flatMap { requirements($1, "\(path).all[\($0 + 1)]", rule) }
        }
        if let parts = node["any"]?.items {
            let each = parts.enumerated().map { requirements($1, "\(path).any[\($0 + 1)]", rule) }
            return each.allSatisfy { !$0.isEmpty } ? each.flatMap { $0 } : []
        }
        if node["not"] != nil || node["age"] != nil { return [] }
        if let score = node["score"]?.scalar {
            guard case .noScores = rule.kind else { return [] }
            return [(node.line, path, "requires score \(score)")]
        }
        guard let fact = node["fact"]?.scalar else { return [] }
        let lower = node["at_least"].flatMap(boundValue)
        switch rule.kind {
        case .noScores:
            return []
        case .atMost(let facts, let bound):
            guard facts.contains(fact), let lower, lower > bound else { return [] }
            return [(node.line, path, "requires \(fact) ≥ \(lower), more than the \(bound) allowed")]
        case .forbid(let forbidden):
            guard let requirement = forbidden.first(where: { $0.fact == fact }) else { return [] }
            let listed = node["in"]?.items?.compactMap(\.scalar) ?? node["is"].flatMap(\.scalar).map { [$0] }
            let requires: Bool
            if let values = requirement.values {
                requires = node["not_in"] == nil && (listed.map { !$0.isEmpty && Set($0).isSubset(of: values) } ?? false)
            } else {
                requires = node["is"]?.scalar == "true" || (lower.map { $0 > .zero } ?? false) || (listed.map { !$0.isEmpty && node["is"]?.scalar != "false" } ?? false)
            }
            return requires ? [(node.line, path, "requires \(fact)" + (listed.map { " \($0.joined(separator: "/"))" } ?? lower.map { " ≥ \($0)" } ?? ""))] : []
        }
    }

    /// A bound as written: a number, or a set parameter's value (an unset one bounds nothing yet).
    private func boundValue(_ node: DocumentNode) -> Fixed? {
        if let name = node["parameter"]?.scalar { return parameters.first { $0.name == name }?.value }
        return node.scalar.flatMap { Fixed(decimal: $0) }
    }
}
