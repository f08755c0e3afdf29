import Foundation
import PointsCore
import Testing

/// Every document is parsed under a budget: facts refuse anchors and aliases with their line,
/// schemes may keep them but their expansion counts, and each passed limit is named.
@Suite struct DocumentLimitsTests {
    /// `levels` levels of `width` aliases of the level below: width^levels values expanded.
    private func aliasBomb(levels: Int, width: Int) -> String {
        var lines = ["a0: &a0 [" + Array(repeating: "x", count: width).joined(separator: ", ") + "]"]
        for level in 1..<levels {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: width).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func error(_ text: String, _ limits: DocumentLimits = .facts) -> DocumentError? {
        #expect(throws: DocumentError.self) { try DocumentNode.parse(yaml: text, limits: limits) }
    }

    @Test func factsRefuseAnchorsAndAliasesWithTheirLine() {
        let anchor = error("birth_date: 1990-01-01\nspouse: &s {education: bachelor}\n")
        #expect(anchor?.line == 2 && anchor?.message == "YAML anchors (&s) are not allowed in a facts document; write the value out")
        let bomb = error(aliasBomb(levels: 10, width: 10))
        #expect(bomb?.line == 1 && bomb?.message.contains("anchors (&a0) are not allowed") == true)
    }

    @Test func schemesKeepAnchorsButTheirExpansionIsCounted() throws {
        let shared = try DocumentNode.parse(yaml: "a: &c {fact: x}\nb: *c\n", limits: .scheme)
        #expect(shared["b"]?["fact"]?.scalar == "x")
        let bomb = error(aliasBomb(levels: 10, width: 10), .scheme)
        #expect(bomb?.message == "more than the 200000 values allowed in a scheme file (aliases count as the values they repeat)")
        #expect(bomb?.line == 6, "the alias that passes the budget: 10^5 values at level 5")
    }

    @Test func eachLimitIsNamed() {
        func message(_ text: String, _ tighten: (inout DocumentLimits) -> Void) -> String? {
            var limits = DocumentLimits.facts
            tighten(&limits)
            return error(text, limits)?.message
        }
        #expect(message("a: [[[[1]]]]") { $0.depth = 3 } == "nested deeper than the 3 levels allowed in a facts document")
        #expect(message("a: 123456789") { $0.stringBytes = 8 } == "a value of 9 bytes is longer than the 8 bytes allowed in a facts document")
        #expect(message("a: [1, 2, 3]") { $0.entries = 2 } == "a list of more than the 2 items allowed in a facts document")
        #expect(message("a: 1\nb: 2\nc: 3\n") { $0.entries = 2 } == "a mapping of more than the 2 entries allowed in a facts document")
        #expect(message("a: 12") { $0.bytes = 4 } == "5 bytes is more than the 4 bytes allowed in a facts document")
        #expect(message("a: [1, 2]") { $0.nodes = 3 } == "more than the 3 values allowed in a facts document")
    }

    @Test func malformedAndRepeatedInputIsRefusedAsBefore() {
        #expect(error("a: [1, 2")?.message.hasPrefix("not valid YAML or JSON:") == true)
        #expect(error("a: 1\na: 2\n")?.message == "key 'a' appears twice in one mapping; keep one")
        #expect(error("a: 1\n---\nb: 2\n")?.message == "expected a single document, but found another one")
        #expect(error("[1, *nope]", .scheme)?.message.contains("undefined alias") == true)
    }

    @Test func nullsScalarsAndLinesAreKept() throws {
        let node = try DocumentNode.parse(yaml: "a: ~\nb: 'null'\nc:\n  - 1\n  - {d: e}\n")
        #expect(node["a"]?.isNull == true && node["b"]?.scalar == "null")
        #expect(node["c"]?.items?.count == 2 && node["c"]?.items?[1]["d"]?.scalar == "e" && node["c"]?.line == 4)
        #expect(try DocumentNode.parse(yaml: "").isNull)
    }

    @Test func suggestionsOnlyForNamesOfPlausibleLength() {
        #expect(FactRegistry.canonical.suggestion(for: "birth_dat") == "birth_date")
        #expect(FactRegistry.canonical.suggestion(for: String(repeating: "birth_date", count: 100_000)) == nil)
    }
}
