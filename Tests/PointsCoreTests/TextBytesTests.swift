import PointsCore
import Testing

/// Words written as bytes read as the strings they stand for: numbers, dates and text, and
/// quotes of earlier text across the buffer's growth.
@Suite struct TextBytesTests {
    /// The text one part writes into a fresh buffer.
    private func written(_ part: some TextPart) -> String {
        var text = TextBytes()
        defer { text.free() }
        part.write(to: &text)
        return text.string(0..<text.count)
    }

    @Test func numbersAndDatesReadAsTheirDescriptions() {
        var random = SplitMix(state: 11)
        let edges: [Int64] = [0, 1, -1, 9_999, 10_000, -10_000, 123_456_789, Int64.max / 2, -(Int64.max / 2), Int64.max, Int64.min]
        for units in edges + (0..<20_000).map({ _ in Int64(bitPattern: random.next()) >> Int64(random.next(60)) }) {
            #expect(written(Fixed(units: units)) == Fixed(units: units).description, "\(units) units")
            #expect(written(units) == String(units))
        }
        for (year, month, day) in [(2025, 6, 1), (1900, 1, 1), (999, 12, 31), (12345, 3, 9)] {
            guard let date = LocalDate(year: year, month: month, day: day) else { continue }
            #expect(written(date) == date.description)
        }
        #expect(written(true) == "true" && written(false) == "false")
        #expect(written(UTF8Text("申请人：bachelor")) == "申请人：bachelor")
        #expect(written("豁免：" as StaticString) == "豁免：")
    }

    @Test func aQuoteOfEarlierTextSurvivesTheBufferGrowing() {
        var text = TextBytes()
        defer { text.free() }
        ("豁免：" as StaticString).write(to: &text)
        let first = 0..<text.count
        for _ in 0..<200 { Earlier(range: first).write(to: &text) }  // grows past its first storage
        #expect(text.string(0..<text.count) == String(repeating: "豁免：", count: 201))
    }
}
