import Foundation
import PointsCore
import Testing

/// `Simulation`: what a draft moves is what ranking twice and comparing shows; a change a cap
/// absorbs is named.
@Suite struct SimulationTests {
    let asOf = LocalDate(iso: "2025-06-01")!
    let baseline = try! SchemeCatalog.builtIn().scheme(id: "guangzhou-hukou", asOf: LocalDate(iso: "2025-06-01")!)

    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// What one of the project's generators writes to standard output.
    private func generated(_ script: String, _ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root.appendingPathComponent("Scripts/\(script)").path] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return Array(bytes)
    }

    /// 30,000 applicants from the project's generator.
    private func population() throws -> [UInt8] { try generated("gen-applicants.py", ["--count", "30000"]) }

    private func draft(_ replace: String, with replacement: String) throws -> Scheme {
        let text = baseline.text.replacingOccurrences(of: replace, with: replacement)
        #expect(text != baseline.text)
        return try SchemeLoader.load(text: text, source: "draft.yaml")
    }

    @Test func aDraftMovesWhomRankingTwiceAndComparingMoves() throws {
        let bytes = try population()
        let candidate = try draft("        unit: year\n        points: 8\n", with: "        unit: year\n        points: 10\n")
        let simulation = try Simulation.run(.bytes(bytes), format: .csv, baseline: baseline, candidates: [candidate], asOf: asOf, quota: 16_000,
                                            movedLines: true)
        func admitted(_ scheme: Scheme) throws -> Set<String> {
            Set(try Ranking.rank(.bytes(bytes), format: .csv, scheme: scheme, asOf: asOf, quota: 16_000).rows.filter(\.admitted).map(\.id))
        }
        let before = try admitted(baseline), after = try admitted(candidate)
        let comparison = try #require(simulation.candidates.first)
        #expect(Set(comparison.changes.filter(\.admitted).map(\.id)) == after.subtracting(before))
        #expect(Set(comparison.changes.filter { !$0.admitted }.map(\.id)) == before.subtracting(after))
        #expect(comparison.newlyAdmitted > 0 && comparison.dropped > 0)
        #expect(simulation.baseline.admitted == before.count && comparison.outcome.admitted == after.count)
        #expect(comparison.unmoved.isEmpty)
        // The generator states no district; every applicant has a birth date.
        #expect(comparison.byDistrict.map(\.name) == ["not stated"] && comparison.byDistrict[0].after == after.count)
        #expect(comparison.byAgeBand.map(\.before).reduce(0, +) == before.count && comparison.byAgeBand.map(\.after).reduce(0, +) == after.count)
        #expect(!comparison.byAgeBand.contains { $0.name == "unknown" } && simulation.text.contains("  admitted by age: "), "\(simulation.text)")
        #expect(simulation.text.contains("against the baseline: \(comparison.newlyAdmitted) newly admitted, \(comparison.dropped) dropped"))
        let csv = Simulation.changesCSV(comparison).split(separator: "\n")
        #expect(csv.first == "applicant_id,change,rank_before,rank_after,score_before,score_after,lines" && csv.count == comparison.changes.count + 1)
        // Only the permit line changed in the file, so it is what moved each of them.
        #expect(comparison.changes.allSatisfy { $0.lines.map(\.id) == ["residence_permit"] && $0.lines[0].after! > $0.lines[0].before! })
    }

    @Test func aWeightACapAbsorbsIsNamed() throws {
        // Bachelor 30 → 40, but the education line's cap is 30: nobody's points move.
        let candidate = try draft("points: {bachelor: 30,", with: "points: {bachelor: 40,")
        let simulation = try Simulation.run(.bytes(try population()), format: .csv, baseline: baseline, candidates: [candidate], asOf: asOf, quota: 16_000)
        let comparison = try #require(simulation.candidates.first)
        #expect(comparison.changes.isEmpty)
        #expect(comparison.unmoved == ["education"])
        #expect(simulation.text.contains("education: changed in the file, but no applicant's points moved (its cap binds for"), "\(simulation.text)")
        let json = try #require(try JSONSerialization.jsonObject(with: simulation.json) as? [String: Any])
        let first = try #require((json["candidates"] as? [[String: Any]])?.first)
        #expect(first["unmoved"] as? [String] == ["education"] && first["newly_admitted"] as? Int == 0)
        let change = try #require((first["file_changes"] as? [[String: Any]])?.first)
        #expect(change["path"] as? String == "groups.bonus.indicators[education].points.bachelor" && change["old"] as? String == "30"
                && change["new"] as? String == "40", "\(change)")
        let baseline = try #require(json["baseline"] as? [String: Any])
        #expect(baseline["admitted"] as? Int == simulation.baseline.admitted && baseline["cut_off"] as? String == simulation.baseline.cutOff?.description)
    }

    @Test func tierMovesAreCountedPerService() throws {
        // Panyu's priority batch asks 60 months of continuous permit; the draft asks 36.
        let date = LocalDate(iso: "2016-05-01")!
        let panyu = try SchemeCatalog.builtIn().scheme(id: "panyu-school-points", asOf: date)
        let text = panyu.text.replacingOccurrences(of: "{fact: residence_permit_continuous_months, at_least: 60}",
                                                   with: "{fact: residence_permit_continuous_months, at_least: 36}")
        #expect(text != panyu.text)
        let draft = try SchemeLoader.load(text: text, source: "draft.yaml")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panyu-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let applicants = folder.appendingPathComponent("applicants.csv").path
        _ = try generated("gen-school-applicants.py", ["--count", "3000", "--schools", "20", "--applicants-out", applicants,
                                                       "--seats-out", folder.appendingPathComponent("seats.csv").path])
        let simulation = try Simulation.run(.file(path: applicants), format: .csv, baseline: panyu, candidates: [draft], asOf: date, quota: 1_000)
        let moves = try #require(simulation.candidates.first?.tiers.first)
        #expect(moves.service == panyu.services[0].id)
        #expect(moves.counts.joined().reduce(0, +) == 3_000, "every applicant is in the matrix, those who stay put too")
        let json = try #require(try JSONSerialization.jsonObject(with: simulation.json) as? [String: Any])
        let matrix = try #require(((json["candidates"] as? [[String: Any]])?.first?["tier_transitions"] as? [[String: Any]])?.first)
        #expect(matrix["service"] as? String == moves.service && matrix["counts"] as? [[Int]] == moves.counts && matrix["from"] as? [String] == moves.from)
        let promoted = moves.moves.first { $0.from == "points_batch" && $0.to == "priority_batch" }?.count ?? 0
        #expect(promoted > 0 && moves.moves.allSatisfy { $0.to == "priority_batch" }, "\(moves)")
        #expect(simulation.text.contains("\(moves.service) tiers: points_batch → priority_batch \(promoted)"), "\(simulation.text)")
    }
}
