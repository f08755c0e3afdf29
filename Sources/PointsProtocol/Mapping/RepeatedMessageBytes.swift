import Foundation

/// The bytes of a message made of one repeated message field, built item by item, so a
/// server can stop as soon as an answer would pass the frame limit instead of after
/// encoding it all.
public struct RepeatedMessageBytes: Sendable {
    /// The message so far.
    public private(set) var bytes: [UInt8] = []
    private let tag: UInt64

    /// An empty message whose items go in `field`.
    public init(field: Int) {
        self.tag = UInt64(field << 3 | 2)
    }

    /// Appends one item's serialised bytes.
    public mutating func append(_ item: Data) {
        Varint.encode(self.tag) { self.bytes.append($0) }
        Varint.encode(UInt64(item.count)) { self.bytes.append($0) }
        self.bytes.append(contentsOf: item)
    }
}
