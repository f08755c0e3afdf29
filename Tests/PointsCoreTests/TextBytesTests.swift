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

    /// Fixed-point units as text, worked out with Strings (independently of `DecimalText`).
    private func expected(_ units: Int64) -> String {
        let sign = units < 0 ? "-" : "", whole = units.magnitude / 10_000
        var fraction = units.magnitude % 10_000
        guard fraction > 0 else { return sign + String(whole) }
        var places = 4
        while fraction % 10 == 0 { fraction /= 10; places -= 1 }
        let digits = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: places - digits.count) + digits
    }

    @Test func numbersAndDatesReadAsTheirDescriptions() {
        var random = SplitMix(state: 11)
        let edges: [Int64] = [0, 1, -1, 9_999, 10_000, -10_000, 123_456_789, Int64.max / 2, -(Int64.max / 2), Int64.max, Int64.min]
        for units in edges + (0..<20_000).map({ _ in Int64(bitPattern: random.next()) >> Int64(random.next(60)) }) {
            #expect(written(Fixed(units: units)) == expected(units), "\(units) units")
            #expect(Fixed(units: units).description == expected(units), "\(units) units")
            #expect(written(units) == String(units))
        }
        for (year, month, day) in [(2025, 6, 1), (1900, 1, 1), (999, 12, 31), (12345, 3, 9)] {
            guard let date = LocalDate(year: year, month: month, day: day) else { continue }
            let text = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year) + "-"
                + (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
            #expect(written(date) == text && date.description == text)
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
