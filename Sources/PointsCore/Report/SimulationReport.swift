import Foundation

/// A simulation as one self-contained HTML page for people to read and print: no script, no
/// font, image or style fetched; charts inline SVG; labels in Chinese and English.
///
/// Figures carry `data-figure` attributes (`admitted-0` for the baseline, `newly-admitted-1`
/// for the first candidate, …) so that a test, or a tool, can find them in the page.
public struct SimulationReport {
    /// The simulation to show.
    public let simulation: Simulation
    /// The baseline scheme and the candidates, in the simulation's order (for titles).
    public let baseline: Scheme
    public let candidates: [Scheme]
    /// The population file's name, as the page shows it.
    public let population: String
    /// The evaluation date.
    public let asOf: LocalDate

    /// Creates a report of a simulation run over these schemes.
    public init(simulation: Simulation, baseline: Scheme, candidates: [Scheme], population: String, asOf: LocalDate) {
        self.simulation = simulation
        self.baseline = baseline
        self.candidates = candidates
        self.population = population
        self.asOf = asOf
    }

    /// The page.
    public var html: String {
        var page = "<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<title>方案模拟报告 / Scheme simulation report: \(e(baseline.metadata.id))</title>\n<style>\(Self.style)</style>\n</head>\n<body>\n"
        page += header + summary
        for (k, comparison) in simulation.candidates.enumerated() { page += candidateSection(k + 1, comparison, candidates[k]) }
        page += "<footer>由 <code>points simulate</code> 生成；草案不会发布。 / Made by <code>points simulate</code>; drafts are never published.</footer>\n"
        return page + "</body>\n</html>\n"
    }

    // MARK: Sections

    private var header: String {
        let title = baseline.metadata.title
        var out = "<header>\n<h1>方案模拟报告 <span class=\"en\">Scheme simulation report</span></h1>\n<dl class=\"meta\">\n"
        out += "<dt>基准方案 / baseline</dt><dd>\(e(title.zh)) / \(e(title.en)) — <code>\(e(baseline.metadata.id)) \(e(baseline.metadata.version))</code></dd>\n"
        for (k, comparison) in simulation.candidates.enumerated() {
            out += "<dt>候选方案 \(k + 1) / candidate \(k + 1)</dt><dd><code>\(e(comparison.source))</code></dd>\n"
        }
        out += "<dt>人群 / population</dt><dd><code>\(e(population))</code>, <span data-figure=\"applicants\">\(simulation.baseline.applicants)</span> 人 / applicants</dd>\n"
        out += "<dt>名额 / quota</dt><dd data-figure=\"quota\">\(simulation.quota)</dd>\n"
        out += "<dt>评估日期 / as of</dt><dd>\(asOf)</dd>\n</dl>\n</header>\n"
        return out
    }

    private var summary: String {
        let outcomes = [simulation.baseline] + simulation.candidates.map(\.outcome)
        var out = "<section id=\"summary\">\n<h2>概要 <span class=\"en\">Summary</span></h2>\n<table class=\"figures\">\n<thead><tr><th></th><th>基准 baseline</th>"
        for k in simulation.candidates.indices { out += "<th>候选 \(k + 1) candidate \(k + 1)</th>" }
        out += "</tr></thead>\n<tbody>\n"
        func row(_ label: String, _ key: String, _ values: [String]) {
            out += "<tr><th>\(label)</th>" + values.enumerated().map { "<td data-figure=\"\(key)-\($0.offset)\">\(e($0.element))</td>" }.joined() + "</tr>\n"
        }
        row("可计分 / scored", "scored", outcomes.map { "\($0.scored)" })
        row("符合条件 / qualified", "qualified", outcomes.map { "\($0.qualified)" })
        row("录取 / admitted", "admitted", outcomes.map { "\($0.admitted)" })
        row("录取线 / cut-off", "cut-off", outcomes.map { $0.cutOff?.description ?? "—" })
        row("同分于录取线 / sharing the cut-off", "sharing-cut-off", outcomes.map { "\($0.sharingCutOff)" })
        row("门槛 / threshold", "threshold", outcomes.map { $0.threshold?.description ?? "—" })
        row("新录取 / newly admitted", "newly-admitted", ["—"] + simulation.candidates.map { "\($0.newlyAdmitted)" })
        row("落选 / dropped", "dropped", ["—"] + simulation.candidates.map { "\($0.dropped)" })
        out += "</tbody>\n</table>\n"
        let gates = outcomes.flatMap { $0.failedGates.map(\.id) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if !gates.isEmpty {
            out += "<h3>未通过的条件（人数）<span class=\"en\">Failed gates (applicants)</span></h3>\n<table class=\"figures\">\n<thead><tr><th></th><th>基准 baseline</th>"
            for k in simulation.candidates.indices { out += "<th>候选 \(k + 1) candidate \(k + 1)</th>" }
            out += "</tr></thead>\n<tbody>\n"
            for gate in gates {
                let title = (baseline.gates + candidates.flatMap(\.gates)).first { $0.id == gate }?.title
                out += "<tr><th>\(e(title.map { "\($0.zh) / \($0.en)" } ?? gate)) <code>\(e(gate))</code></th>"
                for (k, outcome) in outcomes.enumerated() {
                    out += "<td data-figure=\"gate-\(e(gate))-\(k)\">\(outcome.failedGates.first { $0.id == gate }.map { "\($0.count)" } ?? "—")</td>"
                }
                out += "</tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        return out + "</section>\n"
    }

    private func candidateSection(_ k: Int, _ comparison: Simulation.Comparison, _ candidate: Scheme) -> String {
        let before = simulation.baseline, after = comparison.outcome
        var out = "<section class=\"candidate\" id=\"candidate-\(k)\">\n<h2>候选方案 \(k) <span class=\"en\">Candidate \(k)</span>: <code>\(e(comparison.source))</code></h2>\n"
        out += "<p class=\"lead\">新录取 <b data-figure=\"lead-newly-admitted-\(k)\">\(comparison.newlyAdmitted)</b> 人，落选 <b>\(comparison.dropped)</b> 人；方案文件改动 \(comparison.diff.changes.count) 处。"
        out += "<br><span class=\"en\">\(comparison.newlyAdmitted) newly admitted, \(comparison.dropped) dropped; \(comparison.diff.changes.count) change(s) in the scheme file.</span></p>\n"

        var thresholds: [SVGChart.Marker] = []
        if let t = before.threshold { thresholds.append(.init(value: t.double, label: "门槛 threshold \(t)", cssClass: "threshold")) }
        if let t = after.threshold, t != before.threshold { thresholds.append(.init(value: t.double, label: "候选门槛 candidate threshold \(t)", cssClass: "threshold")) }
        out += figure("总分分布 / Distribution of totals",
                      SVGChart.histogram(series(before.totals, after.totals), band: Simulation.band, markers: thresholds, title: "totals"), legend: true)
        var cutOffs: [SVGChart.Marker] = []
        if let cut = before.cutOff { cutOffs.append(.init(value: cut.double, label: "基准录取线 baseline cut-off \(cut)", cssClass: "cut-baseline")) }
        if let cut = after.cutOff { cutOffs.append(.init(value: cut.double, label: "候选录取线 candidate cut-off \(cut)", cssClass: "cut-candidate")) }
        out += figure("排名分数分布（全部可计分申请人，仅符合条件者参与排名）与录取线 / Ranking scores of every scored applicant (only the qualified are ranked) and the cut-offs",
                      SVGChart.histogram(series(before.rankingScores, after.rankingScores), band: Simulation.band, markers: cutOffs, title: "ranking scores"),
                      legend: true)
        out += figure("各指标平均得分（上限约束比例）/ Mean points per indicator (share the cap binds)", indicatorBars(comparison, candidate), legend: true)

        if !comparison.tiers.isEmpty {
            out += "<h3>服务档次变化 <span class=\"en\">Tier transitions</span></h3>\n"
            for service in comparison.tiers {
                let title = (candidate.services + baseline.services).first { $0.id == service.service }?.title
                out += figure("\(title.map { "\($0.zh) / \($0.en)" } ?? service.service)：行为基准档次，列为候选档次 / rows: baseline tier, columns: candidate tier",
                              SVGChart.heatMap(rows: service.from, columns: service.to, counts: service.counts, title: service.service))
            }
        }
        out += "<h3>录取人数分布 <span class=\"en\">Admissions by group</span></h3>\n"
        for (label, groups) in [("按居住区 / by district", comparison.byDistrict), ("按年龄段 / by age band", comparison.byAgeBand)] {
            let pairs = groups.map { SVGChart.Pair(label: $0.name, before: Double($0.before), after: Double($0.after),
                                                   beforeText: "\($0.before)", afterText: "\($0.after)", note: "") }
            out += figure(label, SVGChart.pairedBars(pairs, title: label), legend: true)
        }
        out += diffTable(k, comparison)
        return out + "</section>\n"
    }

    /// Mean points per indicator before and after, the changed ones marked, and changes no
    /// applicant felt called absorbed.
    private func indicatorBars(_ comparison: Simulation.Comparison, _ candidate: Scheme) -> String {
        let before = simulation.baseline.lines, after = comparison.outcome.lines
        let ids = after.map(\.id) + before.map(\.id).filter { id in !after.contains { $0.id == id } }
        let pairs = ids.map { id -> SVGChart.Pair in
            let old = before.first { $0.id == id }, new = after.first { $0.id == id }
            let title = (candidate.indicators + baseline.indicators).first { $0.id == id }?.title
            let changed = comparison.diff.changes.contains { $0.path.contains("indicators[\(id)]") }
            var note = ""
            if comparison.unmoved.contains(id) {
                note = "改动被吸收 change absorbed"
            } else if changed {
                note = "已修改 changed"
            }
            let bound = [old?.capBound, new?.capBound].compactMap { $0 }
            if bound.contains(where: { $0 > 0 }) { note += (note.isEmpty ? "" : "; ") + "cap \(percent(old?.capBound)) → \(percent(new?.capBound))" }
            return SVGChart.Pair(label: title.map { "\($0.zh) \(id)" } ?? id, before: old?.mean.double ?? 0, after: new?.mean.double ?? 0,
                                 beforeText: old.map { String(format: "%.2f", $0.mean.double) } ?? "—",
                                 afterText: new.map { String(format: "%.2f", $0.mean.double) } ?? "—", note: note)
        }
        return SVGChart.pairedBars(pairs, title: "mean points per indicator")
    }

    private func diffTable(_ k: Int, _ comparison: Simulation.Comparison) -> String {
        var out = "<h3>方案差异 <span class=\"en\">Scheme diff</span></h3>\n"
        guard !comparison.diff.changes.isEmpty else { return out + "<p>无改动 / no change</p>\n" }
        out += "<table class=\"diff\">\n<thead><tr><th>键路径 / key path</th><th>原值 / old</th><th>新值 / new</th><th>条款 / clause</th></tr></thead>\n<tbody>\n"
        for change in comparison.diff.changes {
            out += "<tr><td><code>\(e(change.path))</code></td><td>\(e(change.old ?? "—"))</td><td>\(e(change.new ?? "—"))</td><td>\(e(change.clause ?? ""))</td></tr>\n"
        }
        if !comparison.unmoved.isEmpty {
            out += "</tbody>\n</table>\n<p class=\"absorbed\" data-figure=\"unmoved-\(k)\">"
            out += "改动但未改变任何人得分的指标（被上限或分档吸收）/ changed but moved no applicant's points (absorbed by a cap or a band): "
            return out + comparison.unmoved.map { "<code>\(e($0))</code>" }.joined(separator: ", ") + "</p>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    // MARK: Pieces

    private func series(_ before: [(from: Int, count: Int)], _ after: [(from: Int, count: Int)]) -> [SVGChart.Series] {
        [.init(label: "baseline", cssClass: "baseline", bands: before), .init(label: "candidate", cssClass: "candidate", bands: after)]
    }

    private func figure(_ caption: String, _ svg: String, legend: Bool = false) -> String {
        var out = "<figure>\n<figcaption>\(e(caption))"
        if legend {
            out += "<span class=\"legend\"><span class=\"swatch baseline\"></span>基准 baseline<span class=\"swatch candidate\"></span>候选 candidate</span>"
        }
        return out + "</figcaption>\n\(svg)\n</figure>\n"
    }

    private func percent(_ share: Double?) -> String { share.map { String(format: "%.1f %%", 100 * $0) } ?? "—" }

    private func e(_ text: String) -> String { HTMLText.escape(text) }

    static let style = """
    body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","PingFang SC","Microsoft YaHei",sans-serif;\
    max-width:1000px;margin:24px auto;padding:0 16px;color:#222;line-height:1.45;background:#fff}
    h1{font-size:1.6em;margin-bottom:4px}h2{border-bottom:2px solid #333;margin-top:32px;break-after:avoid}h3{margin-top:24px;break-after:avoid}
    .en{color:#555;font-weight:normal}code{font-size:.92em}
    dl.meta{display:grid;grid-template-columns:max-content auto;gap:2px 16px}dl.meta dt{color:#555}dl.meta dd{margin:0}
    table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #bbb;padding:3px 8px;text-align:right;vertical-align:top}
    th{text-align:left;background:#f2f2f2;font-weight:normal}table.diff td{text-align:left}
    figure{margin:12px 0 22px;break-inside:avoid}figcaption{font-weight:bold;margin-bottom:4px}
    svg{max-width:100%;height:auto;font-size:11px}svg text{fill:#222}
    svg .baseline{fill:#1f77b4;fill-opacity:.55}svg .candidate{fill:#ff7f0e;fill-opacity:.55}
    svg .axis{stroke:#444}svg .marker{stroke-width:1.6;stroke-dasharray:5 3;fill:none}
    svg .threshold{stroke:#c00}svg text.threshold{fill:#c00;stroke:none}
    svg .cut-baseline{stroke:#1f5f94}svg text.cut-baseline{fill:#1f5f94;stroke:none}
    svg .cut-candidate{stroke:#c05000}svg text.cut-candidate{fill:#c05000;stroke:none}
    svg .cell{fill:#4b2f96}svg .cell.stay{stroke:#111;stroke-width:1.4}svg text.cell-count.dark{fill:#fff}
    svg text.note{fill:#a33}svg text.value{fill:#333}
    .legend{font-weight:normal;margin-left:12px;font-size:.9em}
    .swatch{display:inline-block;width:12px;height:12px;vertical-align:middle;margin:0 4px 0 12px}
    .swatch.baseline{background:rgba(31,119,180,.55)}.swatch.candidate{background:rgba(255,127,14,.55)}
    .lead{font-size:1.08em}.absorbed{color:#a33}footer{margin-top:40px;color:#666;font-size:.9em}
    *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    @page{size:A4;margin:14mm}
    @media print{body{max-width:none;margin:0;padding:0;font-size:10pt}section.candidate{break-before:page}h2{margin-top:8px}}
    """
}

extension Fixed {
    /// The value as a floating-point number, for drawing only.
    var double: Double { Double(units) / Double(Fixed.scale) }
}
