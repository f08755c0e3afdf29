extension SchemeCompiler {
    /// `multiplier: {percent, when, clause}` of a score.
    func scoreMultiplier(_ node: DocumentNode, _ path: String) -> ScoreMultiplier? {
        guard var reader = MappingReader(node, path: path, compiler: self) else { return nil }
        defer { reader.rejectUnknown(compiler: self) }
        let percent = reader.required("percent", compiler: self, hint: "the percentage added, e.g. 30")
            .flatMap { nonNegative($0, reader.path("percent"), what: "percent", limit: Fixed(1000)) }
        let clause = reader.required("clause", compiler: self, hint: "cite the clause of the legal source").flatMap { text($0, reader.path("clause")) }
        compilingIndicators = true
        let when = reader.required("when", compiler: self, hint: "the condition under which it applies").flatMap { condition($0, reader.path("when")) }
        compilingIndicators = false
        guard let percent, let clause, let when else { return nil }
        return ScoreMultiplier(percent: percent, when: when, clause: clause)
    }

    /// `services: {id: {title, clause, score, stages, tiers: [{id, title, clause, when, batch}]}}`.
    func serviceList(_ node: DocumentNode) -> [PublicService] {
        guard let entries = node.entries else {
            error(node.line, "services", "expected a mapping of service id to {title, clause, tiers}")
            return []
        }
        return entries.compactMap { service($0.key, $0.value, "services.\($0.key)") }
    }

    private func service(_ id: String, _ node: DocumentNode, _ path: String) -> PublicService? {
        guard var reader = MappingReader(node, path: path, compiler: self) else { return nil }
        defer { reader.rejectUnknown(compiler: self) }
        let title = reader.required("title", compiler: self).flatMap { bilingual($0, reader.path("title")) }
        let clause = reader.required("clause", compiler: self, hint: "cite the clause granting the service").flatMap { text($0, reader.path("clause")) }
        var score = scoreIDs.firstIndex(of: "total")
        if let scoreNode = reader.optional("score"), let name = text(scoreNode, reader.path("score")) {
            score = scoreIDs.firstIndex(of: name)
            if score == nil { error(scoreNode.line, reader.path("score"), "unknown score '\(name)'; known scores: \(scoreIDs.joined(separator: ", "))") }
        }
        var stages: [Int] = []
        if let stagesNode = reader.optional("stages") {
            for (i, item) in (stagesNode.items ?? [stagesNode]).enumerated() {
                guard let name = item.scalar, let index = FactRegistry.schoolStages.firstIndex(of: name) else {
                    error(item.line, "\(reader.path("stages"))[\(i + 1)]", "expected a school stage: \(FactRegistry.schoolStages.joined(separator: ", "))")
                    continue
                }
                stages.append(index)
            }
        }
        var tiers: [ServiceTier] = []
        var seen: [String: Int] = [:]
        if let list = reader.required("tiers", compiler: self, hint: "a list of tiers from the highest to the lowest") {
            if let items = list.items, !items.isEmpty {
                for (i, item) in items.enumerated() {
                    guard let tier = tier(item, "\(reader.path("tiers"))[\(i + 1)]") else { continue }
                    unreachable(tier.when, item, "\(reader.path("tiers"))[\(i + 1)].when", what: "tier")
                    if let line = seen[tier.id] { error(item.line, "\(reader.path("tiers"))[\(i + 1)].id", "duplicate tier id '\(tier.id)' (first on line \(line))") }
                    seen[tier.id] = item.line
                    tiers.append(tier)
                }
            } else {
                error(list.line, reader.path("tiers"), "expected a non-empty list of tiers")
            }
        }
        guard let title, let clause, let score else { return nil }
        return PublicService(id: id, title: title, clause: clause, score: score, stages: stages, tiers: tiers)
    }

    private func tier(_ node: DocumentNode, _ path: String) -> ServiceTier? {
        guard var reader = MappingReader(node, path: path, compiler: self) else { return nil }
        defer { reader.rejectUnknown(compiler: self) }
        let id = reader.required("id", compiler: self).flatMap { text($0, reader.path("id")) }
        let title = reader.required("title", compiler: self).flatMap { bilingual($0, reader.path("title")) }
        let clause = reader.required("clause", compiler: self, hint: "cite the clause of the legal source").flatMap { text($0, reader.path("clause")) }
        compilingTiers = true
        let when = reader.required("when", compiler: self, hint: "the condition that unlocks the tier").flatMap { condition($0, reader.path("when")) }
        compilingTiers = false
        let batch = reader.optional("batch").flatMap { wholeNumber($0, reader.path("batch"), in: 1...9) }
        guard let id, let title, let clause, let when else { return nil }
        return ServiceTier(id: id, title: title, clause: clause, when: when, batch: batch)
    }
}
