import Foundation

extension ScoreCard {
    /// The card as JSON with sorted keys: byte-identical for the same facts and scheme file.
    public func jsonText() -> String { CanonicalJSON.text(of: self) }

    /// The card as readable text, with Chinese and English titles.
    ///
    /// - Parameter nextSteps: Whether the card's next steps follow (a full card has them).
    public func text(nextSteps: Bool = false) -> String {
        var out: [String] = []
        out.append("\(scheme.title.zh) / \(scheme.title.en)")
        out.append("scheme \(scheme.id) version \(scheme.version)" + (scheme.publishedOn.map { " (published \($0))" } ?? "")
                   + "  as of \(asOf)" + (rulesKnownOn.map { "  rules known on \($0)" } ?? "") + "  \(scheme.contentHash)")
        if !groups.isEmpty { points(into: &out) }
        if !gates.isEmpty || channels != nil || qualified == nil { qualification(into: &out) }
        if let undetermined {
            out.append("")
            out.append("未有规定的参数 / parameters not on record (the card does not guess them)")
            for parameter in undetermined {
                out.append("  \(parameter.name): \(parameter.title.zh) / \(parameter.title.en)  [\(parameter.clause)]")
                out.append("          to be set by \(parameter.setBy.en) / 待\(parameter.setBy.zh)规定")
            }
        }
        tiersAndSteps(into: &out, nextSteps: nextSteps)
        return out.joined(separator: "\n") + "\n"
    }

    /// Whether the applicant qualifies, every gate and every channel.
    private func qualification(into out: inout [String]) {
        out.append("")
        switch qualified {
        case true?: out.append("QUALIFIED 符合条件")
        case false?: out.append("NOT QUALIFIED 不符合条件")
        case nil: out.append("UNDETERMINED 尚不能确定 (rules not on record: see below)")
        }
        for gate in gates {
            let mark = gate.exempt ? "exempt" : gate.passed.map { $0 ? "ok" : "FAILED" } ?? "open"
            out.append("  [\(mark)] \(gate.title.zh) / \(gate.title.en): \(gate.reason.en)")
            if !gate.reason.zh.isEmpty { out.append("          \(gate.reason.zh)") }
            out.append("          [\(gate.clause)]")
        }
        if let channels {
            out.append("")
            out.append("落户渠道 / settlement channels (any one suffices)" + (channels.contains { $0.holds == true } ? "" : ": none holds 无一成立"))
            for channel in channels {
                let family = channel.family.isEmpty ? "" : "  family may follow: \(channel.family.joined(separator: ", "))"
                out.append("  [\(channel.holds.map { $0 ? "holds" : "no" } ?? "open")] \(channel.title.zh) / \(channel.title.en)\(family)")
                out.append("          \(channel.reason.en)")
                out.append("          \(channel.reason.zh)")
                out.append("          [\(channel.clause)]")
            }
        }
    }

    /// Every group with its lines, then the scores and the total.
    private func points(into out: inout [String]) {
        out.append("")
        for group in groups {
            out.append("\(group.title.zh) / \(group.title.en): \(group.points)" + (group.cap.map { " (cap \($0))" } ?? ""))
            for line in lines where line.group == group.id {
                let capNote = line.raw != line.points ? " (raw \(line.raw), cap \(line.cap!))" : ""
                out.append("  \(pad(line.points.description, 7)) \(line.title.zh) / \(line.title.en)\(capNote)")
                out.append("          \(line.explanation.en)")
                out.append("          \(line.explanation.zh)")
                out.append("          [\(line.clause)]")
            }
        }
        out.append("")
        for score in scores {
            let percent = score.percentAdded.map { " (\(score.raw) + \($0) %)" } ?? ""
            let capped = score.cap.map { score.points == $0 && score.raw != $0 ? " (cap \($0))" : "" } ?? ""
            out.append("\(score.title.zh) / \(score.title.en): \(score.points)\(percent)\(capped)")
        }
        out.append("total \(total)  ranking score \(rankingScore)")
    }

    /// The service tiers, the warnings and (when asked) the next steps.
    private func tiersAndSteps(into out: inout [String], nextSteps: Bool) {
        if !tiers.isEmpty {
            out.append("")
            out.append("公共服务档次 / service tiers")
            for tier in tiers {
                let name = tier.tier.map { "\($0): \(tier.title.zh) / \(tier.title.en)" } ?? (tier.undetermined == true ? "undetermined 尚不能确定" : "no tier 未达到任何档次")
                out.append("  \(tier.service)  \(name)" + (tier.batch.map { " (batch \($0))" } ?? "") + (groups.isEmpty ? "" : "  score \(tier.score)"))
                out.append("          \(tier.reason.en)")
                out.append("          \(tier.reason.zh)")
                out.append("          [\(tier.clause)]")
            }
        }
        for warning in warnings {
            out.append("warning: \(warning.en) / \(warning.zh)")
        }
        if nextSteps, let steps = self.nextSteps {
            out.append("")
            out.append("下一步 / next steps" + (steps.isEmpty ? ": none 无" : ""))
            for step in steps {
                out.append("  [\(step.kind.rawValue)] \(step.text.en)")
                out.append("          \(step.text.zh)")
                if !step.clause.isEmpty { out.append("          [\(step.clause)]") }
            }
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
