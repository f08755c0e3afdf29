import Foundation

/// Loads scheme files (YAML) and compiles them into `Scheme` evaluation plans.
public enum SchemeLoader {
    /// Compiles one scheme from its text.
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - source: The file path or built-in name, used in diagnostics and the card.
    /// - Returns: The compiled scheme.
    /// - Throws: `SchemeLoadError` with every problem found, each with its line and key path.
    public static func load(text: String, source: String) throws(SchemeLoadError) -> Scheme {
        let root: DocumentNode
        do {
            root = try DocumentNode.parse(yaml: text, limits: .scheme)
        } catch {
            throw SchemeLoadError(diagnostics: [SchemeDiagnostic(file: source, line: error.line, path: "", message: error.message)])
        }
        let compiler = SchemeCompiler(file: source)
        let hash = "sha256:" + SHA256.hex(Array(text.utf8))
        let scheme = compiler.scheme(root, contentHash: hash, text: text)
        if let scheme, compiler.diagnostics.isEmpty { return scheme }
        let diagnostics = compiler.diagnostics.isEmpty
            ? [SchemeDiagnostic(file: source, line: root.line, path: "", message: "the scheme could not be compiled")]
            : compiler.diagnostics
        throw SchemeLoadError(diagnostics: diagnostics.sorted { ($0.line, $0.path) < ($1.line, $1.path) })
    }

    /// Reads and compiles a scheme file.
    ///
    /// - Throws: `SchemeLoadError` when the file cannot be read or compiled.
    public static func load(path: String) throws(SchemeLoadError) -> Scheme {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SchemeLoadError(diagnostics: [SchemeDiagnostic(file: path, line: 0, path: "", message: "cannot read the file as UTF-8 text")])
        }
        return try load(text: text, source: path)
    }
}

extension SchemeCompiler {
    /// Compiles the whole document; nil when something essential is broken.
    func scheme(_ root: DocumentNode, contentHash: String, text sourceText: String) -> Scheme? {
        guard var reader = MappingReader(root, path: "", compiler: self) else { return nil }
        defer { reader.rejectUnknown(compiler: self) }
        let id = reader.required("scheme", compiler: self, hint: "the scheme id, e.g. guangzhou-hukou").flatMap { text($0, "scheme") }
        let version = reader.required("version", compiler: self).flatMap { text($0, "version") }
        let jurisdiction = reader.required("jurisdiction", compiler: self).flatMap { bilingual($0, "jurisdiction") }
        let title = reader.required("title", compiler: self).flatMap { bilingual($0, "title") }
        let fromNode = reader.required("effective_from", compiler: self, hint: "the first day in force, YYYY-MM-DD")
        let from = fromNode.flatMap { date($0, "effective_from") }
        let to = reader.optional("effective_to").flatMap { date($0, "effective_to") }
        let published = reader.optional("published_on").flatMap { date($0, "published_on") }
        if let from, let to, to < from {
            error(root["effective_to"]!.line, "effective_to", "\(to) is before effective_from \(from)")
        }
        let legal = reader.required("legal_source", compiler: self, hint: "the legal text, {zh, en}").flatMap { bilingual($0, "legal_source") }
        if let node = reader.optional("rounding") { rounding = roundingRule(node) ?? rounding }
        let ageReference = reader.optional("age_reference").flatMap { node -> LocalDate? in
            node.scalar == "as_of" ? nil : date(node, "age_reference")
        }
        if let node = reader.optional("facts") { factDeclarations(node) }
        if defaults.count < registry.count { defaults += Array(repeating: nil, count: registry.count - defaults.count) }
        // The vocabulary's own defaults, where the scheme sets none.
        for (id, definition) in registry.definitions.enumerated() where defaults[id] == nil { defaults[id] = definition.defaultValue }
        compilingIndicators = true
        let groups = reader.required("groups", compiler: self).flatMap { indicatorGroups($0) } ?? []
        compilingIndicators = false
        let scores = reader.required("scores", compiler: self, hint: "named totals; total is required").flatMap { scoreDefinitions($0) } ?? []
        let gates = reader.optional("gates").map { gateList($0) } ?? []
        let channels = reader.optional("channels").map { channelList($0) } ?? []
        let services = reader.optional("services").map { serviceList($0) } ?? []
        let ranking = reader.required("ranking", compiler: self, hint: "{score, tie_breakers}").flatMap { rankingRule($0) }
        guard let id, let version, let jurisdiction, let title, let from, let legal, let ranking,
              let totalScore = scoreIDs.firstIndex(of: "total"), diagnostics.isEmpty
        else { return nil }
        let metadata = SchemeMetadata(id: id, version: version, jurisdiction: jurisdiction, title: title,
                                      effectiveFrom: from, effectiveTo: to, publishedOn: published, legalSource: legal,
                                      contentHash: contentHash, source: file, effectiveLine: fromNode?.line ?? 0)
        return Scheme(metadata: metadata, registry: registry, defaults: defaults, rounding: rounding,
                      ageReference: ageReference, gates: gates, channels: channels, groups: groups, scores: scores,
                      totalScore: totalScore, ranking: ranking, services: services, text: sourceText)
    }

    private func roundingRule(_ node: DocumentNode) -> Rounding? {
        guard var reader = MappingReader(node, path: "rounding", compiler: self) else { return nil }
        defer { reader.rejectUnknown(compiler: self) }
        let decimals = reader.required("decimals", compiler: self).flatMap { wholeNumber($0, "rounding.decimals", in: 0...4) }
        let modeNode = reader.required("mode", compiler: self, hint: "half_up, half_even or down")
        guard let decimals, let modeNode else { return nil }
        guard let mode = modeNode.scalar.flatMap(Rounding.Mode.init(rawValue:)) else {
            error(modeNode.line, "rounding.mode", "expected half_up, half_even or down, got \(modeNode.kindDescription)")
            return nil
        }
        return Rounding(decimals: decimals, mode: mode)
    }

    private func indicatorGroups(_ node: DocumentNode) -> [IndicatorGroup]? {
        guard let entries = node.entries, !entries.isEmpty else {
            error(node.line, "groups", "expected a mapping of group id to {title, cap, indicators}")
            return nil
        }
        var groups: [IndicatorGroup] = []
        for entry in entries {
            let path = "groups.\(entry.key)"
            guard var reader = MappingReader(entry.value, path: path, compiler: self) else { continue }
            groupIDs.append(entry.key)
            let title = reader.required("title", compiler: self).flatMap { bilingual($0, reader.path("title")) }
            let cap = reader.optional("cap").flatMap { nonNegative($0, reader.path("cap"), what: "cap") }
            var indicators: [Indicator] = []
            if let list = reader.required("indicators", compiler: self) {
                if let items = list.items {
                    for (i, item) in items.enumerated() {
                        if let indicator = indicator(item, "\(reader.path("indicators"))[\(i + 1)]", group: entry.key) { indicators.append(indicator) }
                    }
                } else {
                    error(list.line, reader.path("indicators"), "expected a list of indicators")
                }
            }
            reader.rejectUnknown(compiler: self)
            if let title { groups.append(IndicatorGroup(id: entry.key, title: title, cap: cap, indicators: indicators)) }
        }
        return groups
    }

    private func scoreDefinitions(_ node: DocumentNode) -> [ScoreDefinition]? {
        guard let entries = node.entries else {
            error(node.line, "scores", "expected a mapping of score id to {title, groups}")
            return nil
        }
        var scores: [ScoreDefinition] = []
        for entry in entries {
            let path = "scores.\(entry.key)"
            guard var reader = MappingReader(entry.value, path: path, compiler: self) else { continue }
            defer { reader.rejectUnknown(compiler: self) }
            scoreIDs.append(entry.key)
            let title = reader.required("title", compiler: self).flatMap { bilingual($0, reader.path("title")) }
            let cap = reader.optional("cap").flatMap { nonNegative($0, reader.path("cap"), what: "cap") }
            let multiplier = reader.optional("multiplier").flatMap { scoreMultiplier($0, reader.path("multiplier")) }
            guard let list = reader.required("groups", compiler: self), let items = list.items else { continue }
            var indices: [Int] = []
            for (i, item) in items.enumerated() {
                guard let name = item.scalar, let index = groupIDs.firstIndex(of: name) else {
                    error(item.line, "\(reader.path("groups"))[\(i + 1)]", "unknown group \(item.kindDescription); known groups: \(groupIDs.joined(separator: ", "))")
                    continue
                }
                indices.append(index)
            }
            if let title { scores.append(ScoreDefinition(id: entry.key, title: title, groups: indices, cap: cap, multiplier: multiplier)) }
        }
        if !scoreIDs.contains("total") {
            error(node.line, "scores", "missing 'total'; every scheme defines the total its threshold and card use")
        }
        return scores
    }

    private func gateList(_ node: DocumentNode) -> [Gate] {
        listed(node, key: "gates", kind: "gate", expected: "expected a list of gates") { reader, id, title, clause in
            let require = reader.required("require", compiler: self, hint: "the condition that must hold").flatMap { condition($0, reader.path("require")) }
            let exempt = reader.optional("exempt_when").flatMap { condition($0, reader.path("exempt_when")) }
            guard let id, let title, let clause, let require else { return nil }
            return Gate(id: id, title: title, clause: clause, require: require, exemptWhen: exempt)
        }
    }

    private func channelList(_ node: DocumentNode) -> [SettlementChannel] {
        listed(node, key: "channels", kind: "channel", expected: "expected a list of channels: {id, title, clause, when, family}") { reader, id, title, clause in
            let when = reader.required("when", compiler: self, hint: "the condition under which the channel holds").flatMap { condition($0, reader.path("when")) }
            var family: [String] = []
            if let node = reader.optional("family") {
                if node.items == nil { error(node.line, reader.path("family"), "expected a list, e.g. [spouse, children, parents]") }
                for member in node.items ?? [] {
                    guard let name = member.scalar, SettlementChannel.familyMembers.contains(name) else {
                        error(member.line, reader.path("family"), "expected one of \(SettlementChannel.familyMembers.joined(separator: ", ")), got \(member.kindDescription)")
                        continue
                    }
                    family.append(name)
                }
            }
            guard let id, let title, let clause, let when else { return nil }
            return SettlementChannel(id: id, title: title, clause: clause, when: when, family: family)
        }
    }

    /// Each item of a list of gates or channels, made by `make` from its reader and its id
    /// (unique in the list), title and clause, which every such item has.
    private func listed<Item>(_ node: DocumentNode, key: String, kind: String, expected: String,
                              _ make: (inout MappingReader, String?, Bilingual?, String?) -> Item?) -> [Item] {
        guard let items = node.items else {
            error(node.line, key, expected)
            return []
        }
        var made: [Item] = []
        var seen: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            guard var reader = MappingReader(item, path: "\(key)[\(i + 1)]", compiler: self) else { continue }
            defer { reader.rejectUnknown(compiler: self) }
            let id = reader.required("id", compiler: self).flatMap { text($0, reader.path("id")) }
            if let id {
                if let line = seen[id] { error(item.line, reader.path("id"), "duplicate \(kind) id '\(id)' (first on line \(line))") }
                seen[id] = item.line
            }
            let title = reader.required("title", compiler: self).flatMap { bilingual($0, reader.path("title")) }
            let clause = reader.required("clause", compiler: self, hint: "cite the clause of the legal source").flatMap { text($0, reader.path("clause")) }
            if let one = make(&reader, id, title, clause) { made.append(one) }
        }
        return made
    }

    private func rankingRule(_ node: DocumentNode) -> RankingRule? {
        guard var reader = MappingReader(node, path: "ranking", compiler: self) else { return nil }
        defer { reader.rejectUnknown(compiler: self) }
        guard let scoreNode = reader.required("score", compiler: self, hint: "the score that orders applicants"),
              let name = text(scoreNode, "ranking.score")
        else { return nil }
        guard let score = scoreIDs.firstIndex(of: name) else {
            error(scoreNode.line, "ranking.score", "unknown score '\(name)'; known scores: \(scoreIDs.joined(separator: ", "))")
            return nil
        }
        var tieBreakers: [RankingRule.TieBreaker] = []
        for (i, item) in (reader.optional("tie_breakers")?.items ?? []).enumerated() {
            let path = "ranking.tie_breakers[\(i + 1)]"
            guard var tb = MappingReader(item, path: path, compiler: self) else { continue }
            defer { tb.rejectUnknown(compiler: self) }
            let ref = tb.required("fact", compiler: self).flatMap { fact($0, tb.path("fact"), expecting: "months, a count or yuan", accepts: \.isNumeric) }
            let orderNode = tb.required("order", compiler: self, hint: "descending or ascending")
            guard let ref, let order = orderNode?.scalar, ["descending", "ascending"].contains(order) else {
                if let orderNode, orderNode.scalar.map({ !["descending", "ascending"].contains($0) }) ?? true {
                    error(orderNode.line, tb.path("order"), "expected descending or ascending")
                }
                continue
            }
            tieBreakers.append(RankingRule.TieBreaker(fact: ref, descending: order == "descending"))
        }
        return RankingRule(score: score, tieBreakers: tieBreakers)
    }
}
