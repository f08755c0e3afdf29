import Foundation
import PointsCore

/// A minimal protobuf binary writer for the messages the server writes on every call, where
/// building swift-protobuf message values first would cost more than the scoring itself.
///
/// Fields must be written in field-number order, as swift-protobuf and protobuf-c write them,
/// so the bytes are the same as theirs (a test checks this on every golden case).
struct ProtoWriter: ~Copyable {
    /// What is written so far (a plain buffer: no uniqueness or capacity checks of an array).
    private var out = TextBytes()

    init(capacity: Int) {
        out.reserve(capacity)
    }

    /// A writer on storage kept from response to response (`CardText.output`), emptied first
    /// and handed back by `data(returningStorageTo:)`.
    init(reusing storage: inout TextBytes, capacity: Int) {
        out = storage
        storage = TextBytes()
        out.removeAll()
        out.reserve(capacity)
    }

    deinit {
        var storage = out
        storage.free()
    }

    /// The bytes written.
    var bytes: [UInt8] { Array(out.bytes(0..<out.count)) }

    /// The bytes written, as the `Data` a frame carries; the storage goes back to `slot`.
    consuming func data(returningStorageTo slot: inout TextBytes) -> Data {
        let written = out.bytes(0..<out.count)
        let data = written.baseAddress.map { Data(bytes: $0, count: written.count) } ?? Data()
        slot = out
        discard self
        return data
    }

    private mutating func varint(_ value: UInt64) {
        // Tags and most lengths are one byte.
        if value < 0x80 { return out.append(byte: UInt8(value)) }
        var rest = value
        while rest >= 0x80 {
            out.append(byte: UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        out.append(byte: UInt8(rest))
    }

    mutating func string(_ field: Int, _ value: String) {
        var text = value
        text.withUTF8 { self.text(field, $0) }
    }

    /// Text already encoded as UTF-8.
    mutating func text(_ field: Int, _ utf8: UnsafeBufferPointer<UInt8>) {
        self.varint(UInt64(field << 3 | 2))
        self.varint(UInt64(utf8.count))
        out.append(UnsafeRawBufferPointer(utf8))
    }

    /// An exact decimal as its shortest text (`200`, `6.67`, `-10`), the same as
    /// `Fixed.description`, written without building a String.
    mutating func decimal(_ field: Int, _ value: Fixed) {
        short(field) { value.write(to: &$0) }
    }

    /// An exact decimal's text alone (inside a field whose length `message` puts before it).
    mutating func decimalText(_ value: Fixed) {
        value.write(to: &out)
    }

    /// A date as `YYYY-MM-DD` (as `LocalDate.description` writes it), without building a String.
    mutating func date(_ field: Int, _ date: LocalDate) {
        short(field) { date.write(to: &$0) }
    }

    /// A length-delimited field whose content `body` writes, under 128 bytes (a one-byte length).
    private mutating func short(_ field: Int, _ body: (inout TextBytes) -> Void) {
        self.varint(UInt64(field << 3 | 2))
        let at = out.count
        out.append(byte: 0)
        body(&out)
        precondition(out.count - at - 1 < 0x80, "a short field is under 128 bytes")
        out[at] = UInt8(out.count - at - 1)
    }

    /// Bytes already encoded (fields of a template).
    mutating func append(_ encoded: UnsafeBufferPointer<UInt8>) {
        out.append(UnsafeRawBufferPointer(encoded))
    }

    mutating func uint(_ field: Int, _ value: UInt64) {
        self.varint(UInt64(field << 3))
        self.varint(value)
    }

    mutating func bool(_ field: Int, _ value: Bool) {
        self.varint(UInt64(field << 3))
        out.append(byte: value ? 1 : 0)
    }

    /// A nested message: its content is written by `body`, then its length is put before it.
    ///
    /// - Parameter large: Whether it is likely to take 128 bytes or more: room for a two-byte
    ///   length is kept then, so a big message is not moved to make room for its length.
    mutating func message(_ field: Int, large: Bool = false, _ body: (inout ProtoWriter) -> Void) {
        self.varint(UInt64(field << 3 | 2))
        let start = out.count, room = large ? 2 : 1
        for _ in 0..<room { out.append(byte: 0) }
        body(&self)
        let length = out.count - start - room, size = Varint.size(UInt64(length))
        if size > room { out.open(size - room, at: start + room) }
        if size < room { out.close(room - size, at: start + size) }
        var at = start
        Varint.encode(UInt64(length)) { byte in
            out[at] = byte
            at += 1
        }
    }

    /// Rendered words as a `Bilingual` message: its length is known before it is written.
    mutating func words(_ field: Int, _ words: CardText.Words, of text: CardText) {
        let zh = text.zh.bytes(words.zh), en = text.en.bytes(words.en)
        func size(_ n: Int) -> Int { n == 0 ? 0 : 1 + Varint.size(UInt64(n)) + n }  // proto3 leaves an empty string out
        self.varint(UInt64(field << 3 | 2))
        self.varint(UInt64(size(zh.count) + size(en.count)))
        if !zh.isEmpty { self.text(1, zh) }
        if !en.isEmpty { self.text(2, en) }
    }
}
