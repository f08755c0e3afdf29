import Foundation
import Testing

/// `points simulate --report` in a real browser (Debian's `chromium-headless-shell`, which
/// `Scripts/test.sh` installs): the page fetches nothing, the DOM Chromium builds from it holds
/// the run's figures, and a screenshot of it is drawn on.
@Suite struct ReportBrowserTests {
    static let browser = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].first { FileManager.default.isExecutableFile(atPath: $0) }

    private let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")

    /// Runs a Python script of the project (Scripts/ or a fixture) and returns its output.
    private func python(_ script: String, _ arguments: [String]) throws -> String {
        let result = try PointsRunner.python(script, arguments)
        #expect(result.status == 0, "\(script): \(result.stderr)")
        return result.stdout
    }

    /// The page as Chromium's DOM after loading it.
    private func dom(_ page: URL, browser: String) throws -> String {
        let result = try PointsRunner.run(program: URL(fileURLWithPath: browser), ["--no-sandbox", "--disable-gpu", "--dump-dom", page.absoluteString])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    /// The text of the element with `data-figure="key"`.
    private func figure(_ key: String, in dom: String) -> String? {
        guard let start = dom.range(of: "data-figure=\"\(key)\">") else { return nil }
        return String(dom[start.upperBound...].prefix { $0 != "<" })
    }

    /// A built-in scheme's file with one text replaced (the replacement must take).
    private func draft(_ file: String, _ replacements: [(String, String)], name: String) throws -> String {
        var text = try String(contentsOf: PointsRunner.packageRoot.appendingPathComponent("Sources/PointsCore/Schemes/\(file)"), encoding: .utf8)
        for (old, new) in replacements {
            #expect(text.contains(old), "\(file) has \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theReportShowsTheRunsFiguresInABrowser() throws {
        let browser = try #require(Self.browser, "chromium-headless-shell is missing: Scripts/test.sh installs it")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let population = folder.appendingPathComponent("applicants.csv").path
        try python("Scripts/gen-applicants.py", ["--count", "3000"]).write(toFile: population, atomically: true, encoding: .utf8)
        let candidate = try draft("guangzhou-hukou-2023.yaml", [("        unit: year\n        points: 8\n", "        unit: year\n        points: 10\n"),
                                                                ("{bachelor: 30,", "{bachelor: 40,")], name: "permit-10.yaml")
        let report = folder.appendingPathComponent("report.html"), summary = folder.appendingPathComponent("summary.json")
        let run = try PointsRunner.run(["simulate", "--baseline", "guangzhou-hukou@2023", "--candidate", candidate, "--population", population,
                                        "--as-of", "2025-06-01", "--quota", "600", "--report", report.path, "--json", summary.path])
        #expect(run.status == 0, "\(run.stderr)")

        let html = try String(contentsOf: report, encoding: .utf8)
        for outside in ["<script", "<link", "src=", "@import", "url(", "https:"] {
            #expect(!html.contains(outside), "the report is self-contained: no \(outside)")
        }
        let page = try dom(report, browser: browser)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: summary)) as? [String: Any])
        let baseline = try #require(json["baseline"] as? [String: Any])
        let first = try #require((json["candidates"] as? [[String: Any]])?.first)
        let outcome = try #require(first["outcome"] as? [String: Any])
        #expect(figure("applicants", in: page) == "3000")
        #expect(figure("quota", in: page) == "600")
        for (key, value) in [("admitted-0", baseline["admitted"]), ("qualified-0", baseline["qualified"]), ("cut-off-0", baseline["cut_off"]),
                             ("admitted-1", outcome["admitted"]), ("qualified-1", outcome["qualified"]), ("cut-off-1", outcome["cut_off"]),
                             ("newly-admitted-1", first["newly_admitted"]), ("dropped-1", first["dropped"]), ("threshold-0", "150")] {
            #expect(figure(key, in: page) == value.map { "\($0)" }, "\(key)")
        }
        #expect((first["newly_admitted"] as? Int ?? 0) > 0, "raising the permit's points moves applicants")
        let cutOff = try #require(baseline["cut_off"] as? String)
        #expect(page.contains("threshold 150") && page.contains("baseline cut-off \(cutOff)"), "the histograms mark the threshold and the cut-offs")
        #expect(page.contains("groups.basic.indicators[residence_permit].points") && page.contains("<td>8</td><td>10</td>"), "the diff table")
        #expect(figure("unmoved-1", in: page)?.contains("absorbed") == true && page.contains("<code>education</code>"), "the cap-absorbed change is flagged")
        #expect(page.components(separatedBy: "<svg").count - 1 >= 5, "the charts are inline SVG")

        let shot = folder.appendingPathComponent("report.png")
        let screenshot = try PointsRunner.run(program: URL(fileURLWithPath: browser),
                                              ["--no-sandbox", "--disable-gpu", "--screenshot=\(shot.path)", "--window-size=1000,1400", report.absoluteString])
        #expect(screenshot.status == 0, "\(screenshot.stderr)")
        let ink = try python(PointsRunner.fixture("png-ink.py"), [shot.path]).split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(ink.count == 2 && ink[0] > 0.03 && ink[1] > 50, "the screenshot is drawn on: \(ink) (share of inked pixels, colours)")
    }

    @Test func theTierHeatMapCountsEveryApplicant() throws {
        let browser = try #require(Self.browser, "chromium-headless-shell is missing: Scripts/test.sh installs it")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let population = folder.appendingPathComponent("families.csv").path
        _ = try python("Scripts/gen-school-applicants.py", ["--count", "2000", "--schools", "20", "--applicants-out", population,
                                                            "--seats-out", folder.appendingPathComponent("seats.csv").path])
        let candidate = try draft("panyu-school-points-2016.yaml", [("{fact: residence_permit_continuous_months, at_least: 60}",
                                                                     "{fact: residence_permit_continuous_months, at_least: 36}")], name: "panyu-36.yaml")
        let report = folder.appendingPathComponent("report.html")
        let run = try PointsRunner.run(["simulate", "--baseline", "panyu-school-points", "--candidate", candidate, "--population", population,
                                        "--as-of", "2016-05-01", "--quota", "500", "--report", report.path])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try dom(report, browser: browser)
        // Each cell's tooltip: `<title>from → to: count</title>`.
        let cells = page.components(separatedBy: "<title>").dropFirst().compactMap { piece -> (String, Int)? in
            let title = piece.prefix { $0 != "<" }
            guard title.contains(" → "), let colon = title.lastIndex(of: ":"), let count = Int(title[title.index(after: colon)...].trimmingCharacters(in: .whitespaces)) else { return nil }
            return (String(title[..<colon]), count)
        }
        #expect(cells.reduce(0) { $0 + $1.1 } == 2000, "every family is in one cell of the matrix")
        #expect((cells.first { $0.0 == "points_batch → priority_batch" }?.1 ?? 0) > 0, "the draft promotes families: \(cells)")
    }
}
