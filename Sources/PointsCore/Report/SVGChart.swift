import Foundation

/// The report's charts as inline SVG: no script, no font or file fetched, styled by the
/// page's classes (`baseline`, `candidate`, `threshold`, …) so that they print as they show.
enum SVGChart {
    /// One distribution of a histogram: applicants per band, by the band's lower bound.
    struct Series {
        let label: String
        let cssClass: String
        let bands: [(from: Int, count: Int)]
    }

    /// A vertical line across a histogram at a value (a threshold, a cut-off).
    struct Marker {
        let value: Double
        let label: String
        let cssClass: String
    }

    /// Overlaid histograms of several distributions on one axis, with marker lines.
    static func histogram(_ series: [Series], band: Int, markers: [Marker], title: String) -> String {
        let (width, height, left, right, top, bottom) = (760.0, 300.0, 56.0, 16.0, 20.0 + 14.0 * Double(markers.count), 40.0)
        // Each marker's band, its lower bound rounded down (below zero too).
        let froms = series.flatMap { $0.bands.map(\.from) } + markers.map { Int(($0.value / Double(band)).rounded(.down)) * band }
        guard let low = froms.min(), let high = froms.max() else {
            return emptyChart(title)
        }
        let lower = Double(low), upper = Double(high + band)
        let most = max(1, series.flatMap { $0.bands.map(\.count) }.max() ?? 1)
        func x(_ value: Double) -> Double { left + (value - lower) / (upper - lower) * (width - left - right) }
        func y(_ count: Int) -> Double { height - bottom - Double(count) / Double(most) * (height - top - bottom) }
        var svg = open(width: width, height: height, title: title)
        svg += axes(left: left, right: width - right, top: top, baseline: height - bottom)
        for tick in ticks(from: lower, to: upper, step: Double(band)) {
            svg += "<text class=\"tick\" x=\"\(c(x(tick)))\" y=\"\(c(height - bottom + 14))\" text-anchor=\"middle\">\(HTMLText.coordinate(tick))</text>"
        }
        for count in Set([0, most / 2, most]).sorted() {
            svg += "<text class=\"tick\" x=\"\(c(left - 4))\" y=\"\(c(y(count) + 4))\" text-anchor=\"end\">\(count)</text>"
        }
        svg += "<text class=\"axis-label\" x=\"\(c((left + width - right) / 2))\" y=\"\(c(height - 6))\" text-anchor=\"middle\">分数（每\(band)分一档）/ points (bands of \(band))</text>"
        for s in series {
            for b in s.bands {
                let x0 = x(Double(b.from)), x1 = x(Double(b.from + band))
                svg += "<rect class=\"\(s.cssClass)\" x=\"\(c(x0))\" y=\"\(c(y(b.count)))\" width=\"\(c(max(1, x1 - x0 - 1)))\" height=\"\(c(y(0) - y(b.count)))\"><title>\(HTMLText.escape(s.label)) \(b.from)–\(b.from + band): \(b.count)</title></rect>"
            }
        }
        for (i, marker) in markers.enumerated() {
            let at = x(marker.value), labelY = 14.0 + 14.0 * Double(i)
            svg += "<line class=\"marker \(marker.cssClass)\" x1=\"\(c(at))\" y1=\"\(c(labelY + 2))\" x2=\"\(c(at))\" y2=\"\(c(height - bottom))\"/>"
            let anchor = at > width * 0.7 ? "end" : "start"
            svg += "<text class=\"marker-label \(marker.cssClass)\" x=\"\(c(anchor == "end" ? at - 3 : at + 3))\" y=\"\(c(labelY))\" text-anchor=\"\(anchor)\">\(HTMLText.escape(marker.label))</text>"
        }
        return svg + "</svg>"
    }

    /// One row of paired bars: a value before and after.
    struct Pair {
        let label: String
        let before: Double, after: Double
        let beforeText: String, afterText: String
        /// Said after the values (a cap absorbing a change).
        let note: String
    }

    /// Horizontal bars, two a row (before and after), on one scale.
    static func pairedBars(_ rows: [Pair], title: String) -> String {
        guard !rows.isEmpty else { return emptyChart(title) }
        let (labelWidth, barWidth, rowHeight) = (250.0, 330.0, 30.0)
        let width = labelWidth + barWidth + 180, height = rowHeight * Double(rows.count) + 10
        let most = max(rows.map { max(abs($0.before), abs($0.after)) }.max() ?? 1, 1e-9)
        var svg = open(width: width, height: height, title: title)
        for (i, row) in rows.enumerated() {
            let top = 5 + rowHeight * Double(i)
            svg += "<text class=\"row-label\" x=\"\(c(labelWidth - 6))\" y=\"\(c(top + 17))\" text-anchor=\"end\">\(HTMLText.escape(row.label))</text>"
            for (k, (value, text, css)) in [(row.before, row.beforeText, "baseline"), (row.after, row.afterText, "candidate")].enumerated() {
                let length = abs(value) / most * barWidth, y = top + 2 + 12 * Double(k)
                svg += "<rect class=\"\(css)\" x=\"\(c(labelWidth))\" y=\"\(c(y))\" width=\"\(c(max(length, 0.5)))\" height=\"11\"/>"
                svg += "<text class=\"value\" x=\"\(c(labelWidth + length + 4))\" y=\"\(c(y + 9))\">\(HTMLText.escape(text))</text>"
            }
            if !row.note.isEmpty {
                svg += "<text class=\"note\" x=\"\(c(width - 4))\" y=\"\(c(top + 17))\" text-anchor=\"end\">\(HTMLText.escape(row.note))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// A matrix of counts (rows: from, columns: to), each cell shaded by its count (square
    /// root scale), the diagonal (staying put) outlined.
    static func heatMap(rows: [String], columns: [String], counts: [[Int]], title: String) -> String {
        let (labelWidth, headHeight, cellWidth, cellHeight) = (170.0, 110.0, 78.0, 30.0)
        let width = labelWidth + cellWidth * Double(columns.count) + 10, height = headHeight + cellHeight * Double(rows.count) + 10
        let most = Double(max(1, counts.joined().max() ?? 1))
        var svg = open(width: width, height: height, title: title)
        for (j, column) in columns.enumerated() {
            let x = labelWidth + cellWidth * (Double(j) + 0.5)
            svg += "<text class=\"col-label\" transform=\"translate(\(c(x)),\(c(headHeight - 6))) rotate(-35)\">\(HTMLText.escape(column))</text>"
        }
        for (i, row) in rows.enumerated() {
            let y = headHeight + cellHeight * Double(i)
            svg += "<text class=\"row-label\" x=\"\(c(labelWidth - 6))\" y=\"\(c(y + 19))\" text-anchor=\"end\">\(HTMLText.escape(row))</text>"
            for (j, column) in columns.enumerated() {
                let count = counts[i][j], x = labelWidth + cellWidth * Double(j)
                let shade = count == 0 ? 0 : 0.12 + 0.88 * (Double(count) / most).squareRoot()
                let diagonal = row == column ? " stay" : ""
                svg += "<rect class=\"cell\(diagonal)\" x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(cellWidth - 2))\" height=\"\(c(cellHeight - 2))\" fill-opacity=\"\(String(format: "%.2f", shade))\"><title>\(HTMLText.escape(row)) → \(HTMLText.escape(column)): \(count)</title></rect>"
                svg += "<text class=\"cell-count\(shade > 0.6 ? " dark" : "")\" x=\"\(c(x + cellWidth / 2 - 1))\" y=\"\(c(y + 19))\" text-anchor=\"middle\">\(count)</text>"
            }
        }
        return svg + "</svg>"
    }

    private static func open(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(c(width)) \(c(height))\" width=\"\(c(width))\" height=\"\(c(height))\"><title>\(HTMLText.escape(title))</title>"
    }

    private static func emptyChart(_ title: String) -> String {
        open(width: 300, height: 30, title: title) + "<text class=\"note\" x=\"4\" y=\"20\">无数据 / no data</text></svg>"
    }

    private static func axes(left: Double, right: Double, top: Double, baseline: Double) -> String {
        "<line class=\"axis\" x1=\"\(c(left))\" y1=\"\(c(baseline))\" x2=\"\(c(right))\" y2=\"\(c(baseline))\"/>"
            + "<line class=\"axis\" x1=\"\(c(left))\" y1=\"\(c(top))\" x2=\"\(c(left))\" y2=\"\(c(baseline))\"/>"
    }

    /// About ten round ticks from `lower` to `upper`, on multiples of `step` (1, 2, 5 × 10ⁿ of it).
    private static func ticks(from lower: Double, to upper: Double, step: Double) -> [Double] {
        var spacing = step
        for factor in [1.0, 2, 5, 10, 20, 50, 100, 200, 500, 1000] {
            spacing = step * factor
            if (upper - lower) / spacing <= 10 { break }
        }
        var tick = (lower / spacing).rounded(.up) * spacing, ticks: [Double] = []
        while tick <= upper {
            ticks.append(tick)
            tick += spacing
        }
        return ticks
    }

    private static func c(_ value: Double) -> String { HTMLText.coordinate(value) }
}
