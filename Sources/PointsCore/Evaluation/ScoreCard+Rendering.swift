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
        out.append("")
        out.append(qualified ? "QUALIFIED 符合条件" : "NOT QUALIFIED 不符合条件")
        for gate in gates {
            let mark = gate.exempt ? "exempt" : (gate.passed ? "ok" : "FAILED")
            out.append("  [\(mark)] \(gate.title.zh) / \(gate.title.en): \(gate.reason.en)")
        }
        if let channels {
            out.append("")
            out.append("落户渠道 / settlement channels (any one suffices)")
            for channel in channels {
                let family = channel.family.isEmpty ? "" : "  family may follow: \(channel.family.joined(separator: ", "))"
                out.append("  [\(channel.holds ? "holds" : "no")] \(channel.title.zh) / \(channel.title.en)\(family)")
                out.append("          \(channel.reason.en)")
                out.append("          \(channel.reason.zh)")
                out.append("          [\(channel.clause)]")
            }
        }
        if !tiers.isEmpty {
            out.append("")
            out.append("公共服务档次 / service tiers")
            for tier in tiers {
                let name = tier.tier.map { "\($0): \(tier.title.zh) / \(tier.title.en)" } ?? "no tier 未达到任何档次"
                out.append("  \(tier.service)  \(name)" + (tier.batch.map { " (batch \($0))" } ?? "") + "  score \(tier.score)")
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
        return out.joined(separator: "\n") + "\n"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
