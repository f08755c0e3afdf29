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
    private let payload: Data
    private let facts: Range<Int>

    /// Reads the request's own fields; nil when the request is not one this reader takes.
    public init?(_ payload: Data) {
        var scheme = "", asOf = "", detail = Points_V1_Detail.full, reference = "", facts = 0..<0
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
            while let (field, value) = reader.next() {
                guard let fact = FactFieldTable.byNumber[field] else { return false }
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

/// Protobuf fields one after another: varints and length-delimited byte ranges.
struct WireReader {
    enum Value {
        case varint(UInt64)
        case bytes(Range<Int>)
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// False once something was not a well-formed varint or length-delimited field.
    private(set) var isComplete = true

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private mutating func varint() -> UInt64? {
        var value: UInt64 = 0, shift: UInt64 = 0
        while index < bytes.count, shift < 64 {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    /// The next field, or nil at the end (or at anything else: `isComplete` then says so).
    mutating func next() -> (Int, Value)? {
        guard index < bytes.count else { return nil }
        guard let key = varint(), key >> 3 > 0, key >> 3 <= UInt64(Int32.max) else { isComplete = false; return nil }
        let field = Int(key >> 3)
        switch key & 7 {
        case 0:
            guard let value = varint() else { isComplete = false; return nil }
            return (field, .varint(value))
        case 2:
            guard let length = varint(), length <= UInt64(bytes.count - index) else { isComplete = false; return nil }
            let range = index..<(index + Int(length))
            index += Int(length)
            return (field, .bytes(range))
        default:
            isComplete = false
            return nil
        }
    }

    func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }

    /// The range as UTF-8 text, or nil when it is not valid UTF-8.
    func text(_ range: Range<Int>) -> String? { String(validating: slice(range), as: UTF8.self) }
}
