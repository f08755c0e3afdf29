/// A scheme version as a Markdown page generated from its file: identity, range and legal
/// source, then every gate, indicator, score, ranking rule and service tier, each with its
/// rule as the file writes it and the clause it cites. What `points schemes --markdown`
/// writes, so a reader sees every rule without reading YAML.
public enum SchemePage {
    /// The page of one version.
    public static func markdown(_ scheme: Scheme) -> String {
        let m = scheme.metadata
        // The text compiled once, so it parses; an empty node would only leave tables empty.
        let file = (try? DocumentNode.parse(yaml: scheme.text, limits: .scheme)) ?? DocumentNode(.null, line: 0)
        var out = "# \(m.title.zh) / \(m.title.en)\n\n"
        out += "`\(m.id)` version \(m.version), \(m.jurisdiction.zh) / \(m.jurisdiction.en). Generated from the scheme file by `points schemes --markdown`.\n\n"
        out += "| | |\n|---|---|\n"
        out += "| in force | \(m.rangeDescription) |\n"
        if let published = m.publishedOn { out += "| published | \(published) |\n" }
        out += "| legal source | \(cell(m.legalSource.zh))<br>\(cell(m.legalSource.en)) |\n"
        out += "| content hash | `\(m.contentHash)` |\n"
        for key in ["rounding", "age_reference"] {
            if let value = file[key] { out += "| \(key) | `\(cell(value.flowText))` |\n" }
        }
        out += facts(file["facts"])
        out += parameters(scheme.parameters)
        out += gates(file["gates"])
        out += channels(file["channels"])
        out += groups(file["groups"])
        out += scores(file["scores"])
        if let ranking = file["ranking"] { out += "\n## Ranking 排序\n\n`\(cell(ranking.flowText))`\n" }
        out += services(file["services"])
        return out
    }

    private static func facts(_ node: DocumentNode?) -> String {
        guard let node else { return "" }
        var out = "\n## Facts 事实\n\n"
        for entry in node["extra"]?.entries ?? [] {
            out += "- scheme fact `\(entry.key)`: `\(cell(entry.value.flowText))`\n"
        }
        if let defaults = node["defaults"]?.entries, !defaults.isEmpty {
            out += "- defaults for absent facts: " + defaults.map { "`\($0.key)` \(cell($0.value.flowText))" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    private static func parameters(_ parameters: [SchemeParameter]) -> String {
        guard !parameters.isEmpty else { return "" }
        var out = "\n## Parameters 参数\n\nNumbers the policy orders but does not give. One not on record is never guessed: a card that needs it is undetermined until an operator sets it (a parameter file: `parameters_for: {scheme, version}`, `parameters: {name: value}`).\n\n| parameter | unit | value | clause | set by |\n|---|---|---|---|---|\n"
        for p in parameters {
            out += "| `\(p.name)` \(cell(p.title.zh)) / \(cell(p.title.en)) | \(p.unit.rawValue) | \(p.value.map(\.description) ?? "not on record 未有规定") | \(cell(p.clause)) | \(cell(p.setBy.zh))<br>\(cell(p.setBy.en)) |\n"
        }
        return out
    }

    private static func gates(_ node: DocumentNode?) -> String {
        guard let items = node?.items, !items.isEmpty else { return "" }
        var out = "\n## Gates 申请条件\n\nEvery gate must hold (an exempted one holds).\n\n| gate | requires | exempt when | clause |\n|---|---|---|---|\n"
        for gate in items {
            out += "| `\(cell(gate["id"]?.scalar ?? ""))` \(title(gate)) | `\(cell(gate["require"]?.flowText ?? ""))` | "
                + (gate["exempt_when"].map { "`\(cell($0.flowText))`" } ?? "") + " | \(cell(gate["clause"]?.scalar ?? "")) |\n"
        }
        return out
    }

    private static func channels(_ node: DocumentNode?) -> String {
        guard let items = node?.items, !items.isEmpty else { return "" }
        var out = "\n## Channels 落户渠道\n\nAny one channel settles the applicant (every gate still applies).\n\n| channel | when | family | clause |\n|---|---|---|---|\n"
        for channel in items {
            out += "| `\(cell(channel["id"]?.scalar ?? ""))` \(title(channel)) | `\(cell(channel["when"]?.flowText ?? ""))` | "
                + "\(cell(channel["family"]?.items?.compactMap(\.scalar).joined(separator: ", ") ?? "")) | \(cell(channel["clause"]?.scalar ?? "")) |\n"
        }
        return out
    }

    private static func groups(_ node: DocumentNode?) -> String {
        guard let groups = node?.entries, !groups.isEmpty else { return "" }
        var out = "\n## Indicators 指标\n"
        for group in groups {
            out += "\n### `\(cell(group.key))` \(title(group.value))" + (group.value["cap"].map { " (cap \($0.flowText))" } ?? "") + "\n\n"
            out += "| indicator | rule | clause |\n|---|---|---|\n"
            for indicator in group.value["indicators"]?.items ?? [] {
                let id = indicator["id"]?.scalar ?? ""
                out += "| `\(cell(id))` \(title(indicator)) | `\(cell(rule(indicator, except: "options")))` | \(cell(indicator["clause"]?.scalar ?? "")) |\n"
                for option in indicator["options"]?.items ?? [] {  // a best_of's options, a row each
                    out += "| `\(cell(id))` › `\(cell(option["id"]?.scalar ?? ""))` \(title(option)) | `\(cell(rule(option)))` | \(cell(option["clause"]?.scalar ?? "")) |\n"
                }
            }
        }
        return out
    }

    private static func scores(_ node: DocumentNode?) -> String {
        guard let scores = node?.entries, !scores.isEmpty else { return "" }
        var out = "\n## Scores 分数\n\n| score | rule |\n|---|---|\n"
        for score in scores { out += "| `\(cell(score.key))` \(title(score.value)) | `\(cell(rule(score.value)))` |\n" }
        return out
    }

    private static func services(_ node: DocumentNode?) -> String {
        guard let services = node?.entries, !services.isEmpty else { return "" }
        var out = "\n## Services 公共服务\n\nAn applicant is in the first tier, from the highest, whose condition holds.\n"
        for service in services {
            out += "\n### `\(cell(service.key))` \(title(service.value))\n\n"
            let rest = service.value.entries?.filter { !["title", "clause", "tiers"].contains($0.key) } ?? []
            if !rest.isEmpty { out += rest.map { "`\($0.key): \(cell($0.value.flowText))`" }.joined(separator: ", ") + ". " }
            out += "\(cell(service.value["clause"]?.scalar ?? ""))\n\n| tier | when | clause |\n|---|---|---|\n"
            for tier in service.value["tiers"]?.items ?? [] {
                let batch = tier["batch"].map { " (batch \($0.flowText))" } ?? ""
                out += "| `\(cell(tier["id"]?.scalar ?? ""))` \(title(tier))\(batch) | `\(cell(tier["when"]?.flowText ?? ""))` | \(cell(tier["clause"]?.scalar ?? "")) |\n"
            }
        }
        return out
    }

    /// An item's keys but its id, title, clause (and `except`), as the file writes them.
    private static func rule(_ node: DocumentNode, except: String = "") -> String {
        (node.entries ?? []).filter { !["id", "title", "clause", except].contains($0.key) }.map { "\($0.key): \($0.value.flowText)" }.joined(separator: ", ")
    }

    private static func title(_ node: DocumentNode) -> String {
        guard let title = node["title"] else { return "" }
        return cell([title["zh"]?.scalar, title["en"]?.scalar].compactMap { $0 }.joined(separator: " / "))
    }

    /// Text safe in a Markdown table cell.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
