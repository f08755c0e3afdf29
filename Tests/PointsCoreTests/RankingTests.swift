import Foundation
@testable import PointsCore
import Testing

/// Ranking: qualified only, score then tie-breakers, shared ranks for exact ties, and every
/// tie at the cut-off admitted.
@Suite struct RankingTests {
    let scheme = try! SchemeCatalog.builtIn().scheme(id: "guangzhou-hukou", asOf: LocalDate(iso: "2025-06-01")!)
    let asOf = LocalDate(iso: "2025-06-01")!

    private func rank(_ text: String, format: Population.Format = .csv, quota: Int) throws -> [RankedApplicant] {
        try Ranking.rank(.bytes(Array(text.utf8)), format: format, scheme: scheme, asOf: asOf, quota: quota).rows
    }

    private func applicants(_ rows: [(String, Int, Int, Int)]) -> String {
        let header = "applicant_id,birth_date,holds_residence_permit,residence_permit_months,residence_permit_continuous_months,stable_employment,housing,rented_months,pension_insurance_months,medical_insurance_months,unemployment_insurance_months,injury_insurance_months,maternity_insurance_months,criminal_punishment_5y\n"
        let body = rows.map { id, permit, medical, continuous in
            "\(id),1990-03-15,true,\(permit),\(continuous),true,rented_registered,72,72,\(medical),72,72,72,false"
        }.joined(separator: "\n")
        return header + body
    }

    @Test func exactTiesShareARankAndAreAllAdmittedAtTheCutOff() throws {
        // basic = permit years x 8 + 20 + insurance + 30; medical months break ties, then continuous months.
        let ranked = try rank(applicants([
            ("low", 60, 72, 60), ("tieA", 72, 72, 60), ("top", 96, 72, 60), ("tieB", 72, 72, 60), ("byMedical", 72, 84, 12),
        ]), quota: 3)
        #expect(ranked.map(\.id) == ["top", "byMedical", "tieA", "tieB", "low"])
        #expect(ranked.map(\.rank) == [1, 2, 3, 3, 5])
        #expect(ranked.map(\.admitted) == [true, true, true, true, false])
        #expect(ranked[2].reason.contains("tied"))
    }

    @Test func tieBreakersOrderEqualScores() throws {
        let ranked = try rank(applicants([("short", 72, 72, 24), ("long", 72, 72, 72)]), quota: 1)
        #expect(ranked.map(\.id) == ["long", "short"])
        #expect(ranked.map(\.rank) == [1, 2])
        #expect(ranked.map(\.admitted) == [true, false])
    }

    @Test func invalidAndUnqualifiedApplicantsAreListedWithTheReason() throws {
        let text = "{applicant_id: x, birth_date: 1990-01-01, housing: owned}\n\n{applicant_id: y, birth_date: 2990-01-01}\n"
        let ranked = try rank(text, format: .jsonl, quota: 10)
        #expect(ranked.map(\.id) == ["x", "y"])
        #expect(ranked.allSatisfy { $0.rank == nil && !$0.admitted && $0.reason.hasPrefix("invalid facts") })
        #expect(ranked[1].reason.contains("birth_date"))
    }

    @Test func csvRowsNeedAnIdAndMatchingCells() {
        #expect(throws: DocumentError.self) { try rank("birth_date\n1990-01-01\n", quota: 1) }
        #expect(throws: DocumentError.self) { try rank("applicant_id,birth_date\nx\n", quota: 1) }
        #expect(throws: DocumentError.self) { try rank("applicant_id,birth_date\n\"x,1990-01-01\n", quota: 1) }
    }

    @Test func quotedCSVCellsKeepCommasAndQuotes() throws {
        let ranked = try rank("applicant_id,invention_patents\n\"a,\"\"1\",\"[{inventors: 2}, {inventors: 3}]\"\n", quota: 1)
        #expect(ranked.first?.id == "a,\"1")
        #expect(ranked.first?.reason.contains("birth_date") == true, "the patents were read; the applicant lacks the rest")
    }

    /// What the byte reader takes must read exactly as the facts decoder reads it; anything
    /// else it leaves to the decoder, whose word stands.
    @Test func theFastReaderLeavesToTheDecoderWhatItCannotCheckWhole() throws {
        let header = "applicant_id,birth_date,income_tax_3y,invention_patents\n"
        let ranked = try rank(header + """
            big,1990-01-01,999999999999999,
            spaced,1990-01-01,0, [{inventors: 1}]
            """, quota: 5)
        #expect(ranked.first { $0.id == "big" }?.reason.contains("income_tax_3y: expected yuan") == true, "15 whole digits: no trap")
        #expect(ranked.first { $0.id == "spaced" }?.reason.contains("invention_patents: expected a list") == true, "a cell is a flow value only from its first byte")
        #expect(throws: DocumentError.self, "an id in brackets is no id") { try rank(header + "[x],1990-01-01,0,\n", quota: 1) }
        let items = String(repeating: "{inventors: 1}, ", count: 10_001)
        #expect(throws: DocumentError.self, "a flow cell keeps the facts document's limits") {
            try rank(header + "many,1990-01-01,0,\"[\(items.dropLast(2))]\"\n", quota: 1)
        }
    }

    /// A file read in blocks gives the same rows, with the same lines, as the whole file at
    /// once, however the blocks cut it (inside a quoted cell, a line break, a CRLF).
    @Test func unquotedRowsSplitInPlaceAsQuotedOnesDo() throws {
        // Random rows of unquoted cells, split by the in-place path (a row without quotes) and by
        // the careful one; a carriage return (left to the careful split) and a row with more
        // cells than any before it.
        var generator = SystemRandomNumberGenerator()
        var rows = (0..<2_000).map { _ in
            (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                String((0..<Int.random(in: 0...19, using: &generator)).map { _ in "ab-9.{}: x".randomElement(using: &generator)! })
            }.joined(separator: ",")
        }
        rows += ["a,b\rc,d", "\r", String(repeating: ",", count: 40), "12345678,12345678,1234567,"]
        var fast = CSVCells(), careful = CSVCells()
        for row in rows {
            let bytes = Array(row.utf8)
            try bytes.withUnsafeBufferPointer { buffer in
                try fast.split(buffer, RowSpan(start: 0, end: buffer.count, line: 1, quoted: false))
                try careful.split(buffer, RowSpan(start: 0, end: buffer.count, line: 1, quoted: true))
                #expect(fast.count == careful.count, "\(row)")
                let expected = row.split(separator: ",", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: "\r", with: "") }
                #expect((0..<fast.count).map { fast.text($0, in: buffer) } == expected, "\(row)")
                #expect((0..<careful.count).map { careful.text($0, in: buffer) } == expected, "\(row)")
            }
        }
    }

    @Test func blocksCutAnywhereGiveTheSameRows() throws {
        let text = "applicant_id,district\r\nA1,\"two\nlines\"\r\n\"A,2\",x\n\nA3,\"\"\"q\"\"\"\nA4,last"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("blocks-\(UUID().uuidString).csv").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        func rows(_ source: PopulationSource, blockBytes: Int) throws -> [String] {
            var rows: [String] = []
            let blocks = try source.blocks(csv: true, blockBytes: blockBytes)
            while let block = try blocks.next() {
                for row in block.rows { rows.append("\(row.line):" + String(decoding: block.bytes[row.start..<row.end], as: UTF8.self)) }
            }
            return rows
        }
        let whole = try rows(.bytes(Array(text.utf8)), blockBytes: 1)
        #expect(whole.count == 6 && whole[1] == "2:A1,\"two\nlines\"\r" && whole[5] == "7:A4,last")
        for size in [1, 2, 3, 5, 7, 16, 64] {
            #expect(try rows(.file(path: path), blockBytes: size) == whole, "blocks of \(size) bytes")
        }
    }
}
