import PointsCore

/// A minimal protobuf binary writer for the messages the server writes on every call, where
/// building swift-protobuf message values first would cost more than the scoring itself.
///
/// Fields must be written in field-number order, as swift-protobuf and protobuf-c write them,
/// so the bytes are the same as theirs (a test checks this on every golden case).
struct ProtoWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        self.bytes.reserveCapacity(capacity)
    }

    private mutating func varint(_ value: UInt64) {
        Varint.encode(value) { self.bytes.append($0) }
    }

    mutating func string(_ field: Int, _ value: String) {
        var text = value
        text.withUTF8 { self.text(field, $0) }
    }

    /// Text already encoded as UTF-8.
    mutating func text(_ field: Int, _ utf8: UnsafeBufferPointer<UInt8>) {
        self.varint(UInt64(field << 3 | 2))
        self.varint(UInt64(utf8.count))
        self.bytes.append(contentsOf: utf8)
    }

    /// An exact decimal as its shortest text (`200`, `6.67`, `-10`), the same as
    /// `Fixed.description`, written without building a String.
    mutating func decimal(_ field: Int, _ value: Fixed) {
        value.withText { self.text(field, $0.assumingMemoryBound(to: UInt8.self)) }
    }

    /// A date as `YYYY-MM-DD` (as `LocalDate.description` writes it), without building a String.
    mutating func date(_ field: Int, _ date: LocalDate) {
        date.withText { self.text(field, $0.assumingMemoryBound(to: UInt8.self)) }
    }

    /// Bytes already encoded (fields of a template).
    mutating func append(_ encoded: UnsafeBufferPointer<UInt8>) {
        self.bytes.append(contentsOf: encoded)
    }

    mutating func uint(_ field: Int, _ value: UInt64) {
        self.varint(UInt64(field << 3))
        self.varint(value)
    }

    mutating func bool(_ field: Int, _ value: Bool) {
        self.varint(UInt64(field << 3))
        self.bytes.append(value ? 1 : 0)
    }

    /// A nested message: its content is written by `body`, then its length is put before it.
    mutating func message(_ field: Int, _ body: (inout ProtoWriter) -> Void) {
        self.varint(UInt64(field << 3 | 2))
        let start = self.bytes.count
        self.bytes.append(0)  // room for a one-byte length, the usual case
        body(&self)
        let length = self.bytes.count - start - 1
        if length < 0x80 {
            self.bytes[start] = UInt8(length)
        } else {
            var prefix: [UInt8] = []
            Varint.encode(UInt64(length)) { prefix.append($0) }
            self.bytes.replaceSubrange(start..<start + 1, with: prefix)
        }
    }
}
