/// A growable buffer of UTF-8 bytes that words are written into with no String in between.
///
/// It is a plain value holding a pointer: whoever owns it (a `CardText`) frees it with
/// `free()`, and a copy must not outlive the owner's next write. Spans of earlier text are
/// copied forward with `Earlier`, so a phrase can quote a phrase written before it.
@frozen
public struct TextBytes {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>?
    @usableFromInline var used = 0
    /// Bytes written.
    public var count: Int { used }
    @usableFromInline var capacity = 0

    /// An empty buffer (nothing is allocated until the first write).
    public init() {}

    /// Frees the storage; the buffer is empty afterwards.
    public mutating func free() {
        base?.deallocate()
        base = nil
        used = 0
        capacity = 0
    }

    /// Forgets what was written, keeping the storage.
    public mutating func removeAll() { used = 0 }

    /// The bytes of `range`, valid until the next write.
    public func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        guard let base else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// The text of `range`.
    public func string(_ range: Range<Int>) -> String {
        String(decoding: bytes(range), as: UTF8.self)
    }

    /// Makes room for `more` bytes past the end.
    @inlinable @inline(__always)
    public mutating func reserve(_ more: Int) {
        if count + more > capacity { grow(more) }
    }

    @usableFromInline
    mutating func grow(_ more: Int) {
        let grown = max(256, capacity * 2, count + more)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        if let base {
            bigger.update(from: base, count: count)
            base.deallocate()
        }
        base = bigger
        capacity = grown
    }

    /// Appends bytes.
    @inlinable @inline(__always)
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        copy(from: source.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    }

    /// Copies `n` bytes to the end (room reserved); short runs byte by byte, which beats a call.
    @inlinable @inline(__always)
    mutating func copy(from source: UnsafePointer<UInt8>, count n: Int) {
        let target = base! + count
        if n <= 16 {
            for i in 0..<n { target[i] = source[i] }
        } else {
            target.update(from: source, count: n)
        }
        used += n
    }

    /// Appends what a `DecimalText` writer writes.
    @inline(__always)
    mutating func append(decimal write: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(DecimalText.maxBytes)
        used += write(base! + used)
    }

    /// The byte at `index` (written before).
    @inlinable
    public subscript(index: Int) -> UInt8 {
        get { base![index] }
        set { base![index] = newValue }
    }

    /// Moves the bytes from `index` on `n` places later, leaving room at `index`.
    public mutating func open(_ n: Int, at index: Int) {
        guard n > 0 else { return }
        reserve(n)
        (base! + index + n).update(from: base! + index, count: count - index)  // overlapping: a memmove
        used += n
    }

    /// Moves the bytes after `index + n` `n` places earlier, dropping the `n` at `index`.
    public mutating func close(_ n: Int, at index: Int) {
        guard n > 0 else { return }
        (base! + index).update(from: base! + index + n, count: count - index - n)  // overlapping: a memmove
        used -= n
    }

    /// Appends one byte.
    @inlinable @inline(__always)
    public mutating func append(byte: UInt8) {
        reserve(1)
        base![count] = byte
        used += 1
    }

    /// Appends a copy of bytes written before (`range` of this buffer).
    mutating func append(earlier range: Range<Int>) {
        guard !range.isEmpty else { return }
        reserve(range.count)  // may move the storage: copy from the new place
        copy(from: base! + range.lowerBound, count: range.count)
    }
}

/// Where a renderer writes one language: a handle on a `TextBytes` that a `CardText` keeps at a
/// fixed address, so phrases are written with no access checks: `zh <<< title <<< " " <<< 3`.
struct TextSink {
    let target: UnsafeMutablePointer<TextBytes>

    var count: Int { target.pointee.count }

    @inline(__always) @discardableResult
    static func <<< <Part: TextPart>(sink: TextSink, part: Part) -> TextSink {
        part.write(to: &sink.target.pointee)
        return sink
    }

    /// A literal: its bytes are in the binary, copied with no String in between.
    @inline(__always) @discardableResult
    static func <<< (sink: TextSink, literal: StaticString) -> TextSink {
        literal.write(to: &sink.target.pointee)
        return sink
    }
}

precedencegroup TextWritingPrecedence {
    associativity: left
    lowerThan: TernaryPrecedence
    higherThan: AssignmentPrecedence
}

/// Writes a part into a text sink (below every arithmetic and the conditional operator, so
/// neither needs parentheses).
infix operator <<< : TextWritingPrecedence

/// Something that words itself as UTF-8 bytes: text, numbers, dates.
public protocol TextPart {
    /// Appends the part's text.
    func write(to text: inout TextBytes)
}

extension StaticString: TextPart {
    /// A literal's bytes, straight from the binary.
    @inline(__always)
    public func write(to text: inout TextBytes) {
        text.append(UnsafeRawBufferPointer(start: utf8Start, count: utf8CodeUnitCount))
    }
}

/// A String's text (the applicant's texts, a value FactValue words). Literals are not Strings
/// here: they are written as `StaticString`s, with no String in between.
public struct UTF8Text: TextPart {
    /// The text.
    public let string: String

    /// The text of `string`.
    public init(_ string: String) { self.string = string }

    public func write(to text: inout TextBytes) {
        var copy = string
        copy.withUTF8 { text.append(UnsafeRawBufferPointer($0)) }
    }
}

extension Fixed: TextPart {
    /// The same text as `description` (`200`, `6.67`, `-10`).
    public func write(to text: inout TextBytes) {
        text.append { DecimalText.write(units: units, to: $0) }
    }
}

extension Int64: TextPart {
    public func write(to text: inout TextBytes) {
        text.append { DecimalText.write(whole: self, to: $0) }
    }
}

extension Int: TextPart {
    public func write(to text: inout TextBytes) { Int64(self).write(to: &text) }
}

extension Bool: TextPart {
    public func write(to text: inout TextBytes) { (self ? "true" : "false" as StaticString).write(to: &text) }
}

extension LocalDate: TextPart {
    /// The same text as `description` (`YYYY-MM-DD`).
    public func write(to text: inout TextBytes) {
        text.append { DecimalText.write(date: self, to: $0) }
    }
}

/// Text written earlier into the same buffer, quoted again.
public struct Earlier: TextPart {
    /// Where it is.
    public let range: Range<Int>

    /// The text at `range` of the buffer it is written into.
    public init(range: Range<Int>) { self.range = range }

    public func write(to text: inout TextBytes) { text.append(earlier: range) }
}
