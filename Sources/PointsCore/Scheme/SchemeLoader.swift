import Foundation

/// Loads scheme files (YAML) and compiles them into `Scheme` evaluation plans.
public enum SchemeLoader {
    /// Compiles one scheme from its text: a scheme file, or a parameter file
    /// (`parameters_for: {scheme, version}` and `parameters: {NAME: VALUE}`), which sets the
    /// parameters of a built-in scheme version and compiles that version with them.
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
        let facts = (root.entries ?? []).map(\.key).filter { FactRegistry.canonical.id(of: $0) != nil }
        if root["scheme"] == nil, root["parameters_for"] == nil, !facts.isEmpty {
            throw SchemeLoadError(diagnostics: [SchemeDiagnostic(file: source, line: root.line, path: "", message:
                "this is a facts document (it states \(facts.prefix(3).joined(separator: ", "))), not a scheme file: a scheme starts with scheme, version, title and effective_from; score facts with `points score`")])
        }
        if root["parameters_for"] != nil {
            return try parameterFile(root, text: text, source: source, bases: try SchemeCatalog.builtInSchemes())
        }
        return try compile(root, text: text, source: source, compiler: SchemeCompiler(file: source), hashed: text)
    }

    /// Compiles a parsed scheme, throwing what the compiler found.
    private static func compile(_ root: DocumentNode, text: String, source: String, compiler: SchemeCompiler, hashed: String) throws(SchemeLoadError) -> Scheme {
        let hash = "sha256:" + Digests.sha256Hex(Array(hashed.utf8))
        let scheme = compiler.scheme(root, contentHash: hash, text: text)
        if let scheme, compiler.diagnostics.isEmpty { return scheme }
        let diagnostics = compiler.diagnostics.isEmpty
            ? [SchemeDiagnostic(file: source, line: root.line, path: "", message: "the scheme could not be compiled")]
            : compiler.diagnostics
        throw SchemeLoadError(diagnostics: diagnostics.sorted { ($0.file, $0.line, $0.path) < ($1.file, $1.line, $1.path) })
    }

    /// A scheme version among `bases` compiled with the values a parameter file sets. Its
    /// content hash covers both files; its source is the parameter file.
    private static func parameterFile(_ root: DocumentNode, text: String, source: String, bases: [Scheme]) throws(SchemeLoadError) -> Scheme {
        let reading = SchemeCompiler(file: source)
        var id: String?, version: String?, values: [DocumentNode.Entry]?, line = root.line
        if var reader = MappingReader(root, path: "", compiler: reading) {
            if let target = reader.required("parameters_for", compiler: reading), var named = MappingReader(target, path: "parameters_for", compiler: reading) {
                id = named.required("scheme", compiler: reading).flatMap { reading.text($0, "parameters_for.scheme") }
                version = named.required("version", compiler: reading, hint: "the version whose parameters this sets").flatMap { reading.text($0, "parameters_for.version") }
                named.rejectUnknown(compiler: reading)
            }
            if let node = reader.required("parameters", compiler: reading, hint: "{NAME: VALUE} for each parameter set") {
                values = node.entries
                line = node.line
                if values == nil { reading.error(node.line, "parameters", "expected a mapping of parameter name to value") }
            }
            reader.rejectUnknown(compiler: reading)
        }
        guard let id, let version, let values, reading.diagnostics.isEmpty else { throw SchemeLoadError(diagnostics: reading.diagnostics) }
        guard let base = bases.first(where: { $0.metadata.id == id && $0.metadata.version == version }) else {
            let versions = bases.filter { $0.metadata.id == id }.map(\.metadata.version)
            let known = versions.isEmpty ? "no built-in scheme has that id (built in: \(Set(bases.map(\.metadata.id)).sorted().joined(separator: ", ")))"
                : "its built-in versions are \(versions.joined(separator: ", "))"
            throw SchemeLoadError(diagnostics: [SchemeDiagnostic(file: source, line: root["parameters_for"]!.line, path: "parameters_for", message: "no scheme \(id) version \(version) to set parameters of; \(known)")])
        }
        return try setting(values, of: base, source: source, line: line, hashed: text)
    }

    /// `base` compiled with the parameter values `values` (`{NAME: VALUE}` entries) from
    /// `source` (a parameter file, or a case that sets them).
    ///
    /// - Parameters:
    ///   - line: The line of the values in `source`.
    ///   - hashed: The text that set the values: the content hash covers it and the base.
    /// - Throws: `SchemeLoadError` naming a parameter the scheme does not declare or a value
    ///   of the wrong kind, at its line in `source`.
    public static func setting(_ values: [DocumentNode.Entry], of base: Scheme, source: String, line: Int, hashed: String) throws(SchemeLoadError) -> Scheme {
        let baseRoot: DocumentNode
        do {
            baseRoot = try DocumentNode.parse(yaml: base.text, limits: .scheme)
        } catch {
            throw SchemeLoadError(diagnostics: [SchemeDiagnostic(file: base.metadata.source, line: error.line, path: "", message: error.message)])
        }
        let compiler = SchemeCompiler(file: base.metadata.source, settings: ParameterSettings(file: source, line: line, values: values, text: hashed), source: source)
        return try compile(baseRoot, text: base.text, source: source, compiler: compiler, hashed: base.text + "\n" + hashed)
    }

    /// Reads and compiles a scheme file.
    ///
    /// - Throws: `SchemeLoadError` when the file cannot be read or compiled.
    public static func load(path: String) throws(SchemeLoadError) -> Scheme {
        let text: String
        do {
            text = try FileText.read(path)
        } catch {
            throw SchemeLoadError(diagnostics: [SchemeDiagnostic(file: path, line: 0, path: "", message: "cannot read the file: \(error.reason)")])
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
        if let node = reader.optional("parameters") { parameterDeclarations(node) } else if let settings {
            error(settings.line, "parameters", "scheme \(id ?? "?") \(version ?? "?") declares no parameters to set", in: settings.file)
        }
        // A scheme of gates, channels or services alone gives no points: its groups, scores
        // and ranking may be left out (one empty total).
        let givesNoPoints = root["groups"] == nil && root["scores"] == nil && root["ranking"] == nil
            && (root["gates"] != nil || root["channels"] != nil || root["services"] != nil)
        compilingIndicators = true
        let groups = givesNoPoints ? [] : reader.required("groups", compiler: self).flatMap { indicatorGroups($0) } ?? []
        compilingIndicators = false
        let scores = givesNoPoints ? [ScoreDefinition.emptyTotal] : reader.required("scores", compiler: self, hint: "named totals; total is required").flatMap { scoreDefinitions($0) } ?? []
        if givesNoPoints { scoreIDs = ["total"] }
        let gates = reader.optional("gates").map { gateList($0) } ?? []
        let channels = reader.optional("channels").map { channelList($0) } ?? []
        let services = reader.optional("services").map { serviceList($0) } ?? []
        let ranking = givesNoPoints ? RankingRule(score: 0, tieBreakers: [])
            : reader.required("ranking", compiler: self, hint: "{score, tie_breakers}").flatMap { rankingRule($0) }
        checkParameterUse()
        let bounds = checkConstraints(&reader, root: root)
        guard let id, let version, let jurisdiction, let title, let from, let legal, let ranking,
              let totalScore = scoreIDs.firstIndex(of: "total"), diagnostics.isEmpty
        else { return nil }
        let metadata = SchemeMetadata(id: id, version: version, jurisdiction: jurisdiction, title: title,
                                      jurisdictionKind: bounds.kind, boundBy: bounds.boundBy,
                                      effectiveFrom: from, effectiveTo: to, publishedOn: published, legalSource: legal,
                                      contentHash: contentHash, source: source, effectiveLine: settings?.line ?? fromNode?.line ?? 0)
        return Scheme(metadata: metadata, registry: registry, defaults: defaults, rounding: rounding,
                      ageReference: ageReference, parameters: parameters, gates: gates, channels: channels, groups: groups, scores: scores,
                      totalScore: totalScore, ranking: ranking, services: services, text: sourceText, parameterText: settings?.text)
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
            unreachable(require, reader.node, reader.path("require"), what: "gate")
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
            unreachable(when, reader.node, reader.path("when"), what: "channel")
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
