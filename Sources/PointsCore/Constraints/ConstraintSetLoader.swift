import Foundation

/// Reads constraint-set files:
///
/// ```yaml
/// constraints: henan-2017
/// title: {zh: …, en: …}
/// legal_source: {zh: …, en: …}
/// rules:
///   - {id, title, clause, applies_to: [prefecture_city], at_most: {facts: [pension_insurance_months], value: 12}}
///   - {id, title, clause, forbid: [{fact: housing, values: [owned]}, {fact: income_tax_3y}]}
///   - {id, title, clause, forbid_scores: true}
/// ```
public enum ConstraintSetLoader {
    /// The constraint sets shipped as resources of PointsCore, read once.
    ///
    /// - Throws: `SchemeLoadError` if a shipped file is broken (a test keeps that from happening).
    public static func builtIn() throws(SchemeLoadError) -> [ConstraintSet] {
        switch shipped {
        case .success(let sets): return sets
        case .failure(let error): throw error
        }
    }

    private static let shipped: Result<[ConstraintSet], SchemeLoadError> = {
        let folder = Bundle.module.bundleURL.appendingPathComponent("ConstraintSets")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var sets: [ConstraintSet] = []
        for name in names {
            let text = String(decoding: FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) ?? Data(), as: UTF8.self)
            do throws(SchemeLoadError) {
                sets.append(try load(text: text, source: "builtin:constraints/\(name)"))
            } catch {
                return .failure(error)
            }
        }
        return .success(sets)
    }()

    /// Compiles one constraint set from its text.
    ///
    /// - Throws: `SchemeLoadError` with every problem found, each with its line and key path.
    public static func load(text: String, source: String) throws(SchemeLoadError) -> ConstraintSet {
        let root: DocumentNode
        do {
            root = try DocumentNode.parse(yaml: text, limits: .scheme)
        } catch {
            throw SchemeLoadError(diagnostics: [SchemeDiagnostic(file: source, line: error.line, path: "", message: error.message)])
        }
        let compiler = SchemeCompiler(file: source)
        let set = compiler.constraintSet(root)
        guard let set, compiler.diagnostics.isEmpty else {
            throw SchemeLoadError(diagnostics: compiler.diagnostics.isEmpty
                                  ? [SchemeDiagnostic(file: source, line: root.line, path: "", message: "the constraint set could not be read")] : compiler.diagnostics)
        }
        return set
    }
}

extension SchemeCompiler {
    /// A constraint set's document; nil when something essential is broken.
    func constraintSet(_ root: DocumentNode) -> ConstraintSet? {
        guard var reader = MappingReader(root, path: "", compiler: self) else { return nil }
        defer { reader.rejectUnknown(compiler: self) }
        let id = reader.required("constraints", compiler: self, hint: "the set's id, e.g. henan-2017").flatMap { text($0, "constraints") }
        let title = reader.required("title", compiler: self).flatMap { bilingual($0, "title") }
        let legal = reader.required("legal_source", compiler: self).flatMap { bilingual($0, "legal_source") }
        var rules: [ConstraintRule] = []
        if let list = reader.required("rules", compiler: self), let items = list.items {
            for (i, item) in items.enumerated() {
                if let rule = constraintRule(item, "rules[\(i + 1)]") { rules.append(rule) }
            }
        }
        guard let id, let title, let legal else { return nil }
        return ConstraintSet(id: id, title: title, legalSource: legal, rules: rules, source: file)
    }

    private func constraintRule(_ node: DocumentNode, _ path: String) -> ConstraintRule? {
        guard var reader = MappingReader(node, path: path, compiler: self) else { return nil }
        defer { reader.rejectUnknown(compiler: self) }
        let id = reader.required("id", compiler: self).flatMap { text($0, reader.path("id")) }
        let title = reader.required("title", compiler: self).flatMap { bilingual($0, reader.path("title")) }
        let clause = reader.required("clause", compiler: self, hint: "cite the clause of the legal source").flatMap { text($0, reader.path("clause")) }
        let kinds = (reader.optional("applies_to")?.items ?? []).compactMap { item -> String? in
            guard let kind = item.scalar, ConstraintSet.jurisdictionKinds.contains(kind) else {
                error(item.line, reader.path("applies_to"), "expected a jurisdiction kind: \(ConstraintSet.jurisdictionKinds.joined(separator: ", "))")
                return nil
            }
            return kind
        }
        var kind: ConstraintRule.Kind?
        if let limit = reader.optional("at_most"), var bound = MappingReader(limit, path: reader.path("at_most"), compiler: self) {
            let facts = (bound.required("facts", compiler: self)?.items ?? []).compactMap(\.scalar)
            let value = bound.required("value", compiler: self).flatMap { number($0, bound.path("value")) }
            bound.rejectUnknown(compiler: self)
            if let value, !facts.isEmpty { kind = .atMost(facts: Set(facts), bound: value) }
        } else if let list = reader.optional("forbid") {
            kind = .forbid((list.items ?? []).compactMap { item in
                guard let fact = item["fact"]?.scalar else {
                    error(item.line, reader.path("forbid"), "expected {fact, values?}")
                    return nil
                }
                return ConstraintRule.Requirement(fact: fact, values: item["values"]?.items.map { Set($0.compactMap(\.scalar)) })
            })
        } else if reader.optional("forbid_scores")?.scalar == "true" {
            kind = .noScores
        } else {
            error(node.line, path, "give at_most: {facts, value}, forbid: [{fact, values?}] or forbid_scores: true")
        }
        guard let id, let title, let clause, let kind else { return nil }
        return ConstraintRule(id: id, title: title, clause: clause, appliesTo: kinds, kind: kind)
    }
}
