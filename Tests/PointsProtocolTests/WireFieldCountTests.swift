import Foundation
import PointsProtocol
import Testing

/// Counting a repeated field on the wire agrees with decoding, and refuses broken bytes.
@Suite struct WireFieldCountTests {
    @Test func countsTheTopLevelOccurrencesOfAField() throws {
        var batch = Points_V1_ScoreBatchRequest()
        var request = Points_V1_ScoreRequest()
        request.scheme = "guangzhou-hukou"
        request.facts.extra = ["a": "1"]
        batch.requests = Array(repeating: request, count: 1_234)
        let bytes: Data = try batch.serializedData()
        #expect(WireFieldCount.occurrences(of: 1, in: bytes) == 1_234)
        #expect(WireFieldCount.occurrences(of: 2, in: bytes) == 0)
        #expect(WireFieldCount.occurrences(of: 1, in: Data()) == 0)
    }

    @Test func brokenBytesAreLeftToTheDecoder() {
        #expect(WireFieldCount.occurrences(of: 1, in: Data([0x0A, 0x05, 0x01])) == nil, "a length past the end")
        #expect(WireFieldCount.occurrences(of: 1, in: Data([0x0F])) == nil, "wire type 7")
        #expect(WireFieldCount.occurrences(of: 1, in: Data([0x08, 0xFF])) == nil, "a varint cut short")
    }
}
