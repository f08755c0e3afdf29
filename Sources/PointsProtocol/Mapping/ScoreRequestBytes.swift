import Foundation
import PointsCore

/// A `ScoreRequest` read straight from its bytes, without message values: the scheme, date,
/// detail and reference, and the facts read into a fact row when they are plain ones (flags,
/// numbers, texts). Anything else (lists, a spouse, extra facts, fields this reader does not
/// know) makes it give up, and the caller decodes the request with swift-protobuf.
public struct ScoreRequestBytes: Sendable {
    /// The scheme id (empty: the default scheme).
    public let scheme: String
    /// `YYYY-MM-DD` (empty: today).
    public let asOf: String
    /// Summary or full.
    public let detail: Points_V1_Detail
    /// The caller's reference for the applicant.
    public let applicantRef: String
    /// `YYYY-MM-DD` whose known rules choose the version (empty: every version counts).
    public let rulesKnownOn: String
    private let payload: Data
    private let facts: Range<Int>

    /// Reads the request's own fields; nil when the request is not one this reader takes.
    public init?(_ payload: Data) {
        var scheme = "", asOf = "", detail = Points_V1_Detail.full, reference = "", knownOn = "", facts = 0..<0
        let ok = payload.withUnsafeBytes { raw -> Bool in
            var reader = WireReader(raw.bindMemory(to: UInt8.self))
            while let (field, value) = reader.next() {
                switch (field, value) {
                case (1, .bytes(let range)): guard let text = reader.text(range) else { return false }; scheme = text
                case (2, .bytes(let range)): guard let text = reader.text(range) else { return false }; asOf = text
                case (3, .bytes(let range)):
                    // A second facts field would be merged into the first: the slow way does that.
                    guard facts.isEmpty, !range.isEmpty else { return false }
                    facts = range
                case (4, .varint(let v)):
                    // An unknown value (a newer client's) is kept by swift-protobuf: the slow way.
                    guard v <= 1, let d = Points_V1_Detail(rawValue: Int(v)) else { return false }
                    detail = d
                case (5, .bytes(let range)): guard let text = reader.text(range) else { return false }; reference = text
                case (6, .bytes(let range)): guard let text = reader.text(range) else { return false }; knownOn = text
                default: return false
                }
            }
            return reader.isComplete
        }
        guard ok else { return nil }
        self.scheme = scheme
        self.asOf = asOf
        self.detail = detail
        self.applicantRef = reference
        self.rulesKnownOn = knownOn
        self.payload = payload
        self.facts = facts
    }

    /// Reads the facts into `row` with the checks a facts document gets; false when they need
    /// the slow way (the request decoded by swift-protobuf, then `facts(decoder:)`), which words
    /// what is wrong.
    public func fill(_ row: inout FactRow, reader textReader: FactTextReader) -> Bool {
        row.clear()
        return payload.withUnsafeBytes { raw -> Bool in
            let all = raw.bindMemory(to: UInt8.self)
            var reader = WireReader(UnsafeBufferPointer(rebasing: all[facts]))
            let plain = FactFieldTable.byNumber
            while let (field, value) = reader.next() {
                guard plain.indices.contains(field), let fact = plain[field] else { return false }
                switch (fact.kind, value) {
                case (.flag, .varint(let v)):
                    row.set(fact.id, .bool(v != 0))
                case (.number, .varint(let v)):
                    guard v <= UInt64(UInt32.max), textReader.read(whole: Int64(v), fact: fact.id, into: &row) else { return false }
                case (.text, .bytes(let range)):
                    let text = reader.slice(range)
                    guard !text.isEmpty, text.allSatisfy({ $0 < 0x80 }) || String(validating: text, as: UTF8.self) != nil,
                          textReader.read(text, fact: fact.id, into: &row)
                    else { return false }
                default:
                    return false
                }
            }
            return reader.isComplete && textReader.consistent(row)
        }
    }
}
