extension SchemeCompiler {
    /// The fields of a child (`children[]`) a service tier may test with `{child: FIELD, …}`,
    /// with the title the card gives each.
    static let childFields: [String: (zh: String, type: FactType)] = [
        "local_schooling_months": ("子女在本地连续就读月数", .months),
        "local_junior_high_record": ("子女有本地初中正式学籍", .bool),
        "school_stage": ("子女学段", .choice(FactRegistry.schoolStages)),
    ]

    /// The prefix of the facts that stand for the child a tier is asked about.
    static let childPrefix = "child."

    /// `{child: FIELD, …}`: the fact `child.FIELD` of the child an enrolment question names
    /// (added to the scheme's vocabulary the first time a tier reads it). Only service tiers
    /// read a child: a gate or a channel is about the applicant.
    func childFact(_ node: DocumentNode, _ path: String) -> FactRef? {
        guard let field = text(node, path) else { return nil }
        guard compilingTiers else {
            error(node.line, path, "only a service tier can test a child ({child: \(field), …}); gates, channels and indicators are about the applicant")
            return nil
        }
        guard let (zh, type) = Self.childFields[field] else {
            error(node.line, path, "a child's facts are \(Self.childFields.keys.sorted().joined(separator: ", ")), not '\(field)'")
            return nil
        }
        let name = Self.childPrefix + field
        if registry.id(of: name) == nil {
            registry = registry.extended(with: [FactDefinition(name, type, zh: zh, en: "the child's \(field.replacingOccurrences(of: "_", with: " "))")])
            defaults.append(nil)
        }
        let id = registry.id(of: name)!
        return FactRef(id: id, name: name, type: type)
    }
}
