/// Splits one CSV row (RFC 4180: commas, double-quoted cells with `""` escapes and line
/// breaks inside quotes) into cells, without copying unquoted ones. Reused row after row.
struct CSVCells {
    /// Each cell's bytes: a range of the row's buffer, or (quoted) of `unquoted`. Only the
    /// first `count` are this row's; the rest are kept for the next.
    private var cells: [(start: Int, end: Int, quoted: Bool)] = []
    /// The contents of quoted cells, unescaped.
    private var unquoted: [UInt8] = []
    /// Cells in the row.
    private(set) var count = 0

    /// Splits `bytes[span]`; `\r` outside quotes is dropped.
    ///
    /// - Throws: `DocumentError` for a quote inside an unquoted cell.
    mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, _ span: RowSpan) throws(DocumentError) {
        if !span.quoted && splitPlain(bytes, span) { return }
        count = 0
        unquoted.removeAll(keepingCapacity: true)
        var i = span.start, line = span.line
        while true {
            // One cell from i.
            if i < span.end && bytes[i] == UInt8(ascii: "\"") {
                let start = unquoted.count
                i += 1
                var closed = false
                while i < span.end {
                    let byte = bytes[i]
                    if byte == UInt8(ascii: "\"") {
                        if i + 1 < span.end && bytes[i + 1] == UInt8(ascii: "\"") { unquoted.append(byte); i += 2; continue }
                        i += 1
                        closed = true
                        break
                    }
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    unquoted.append(byte)
                    i += 1
                }
                if !closed { throw DocumentError(line: span.line, message: "a quoted cell is not closed") }
                // Text after the closing quote belongs to the cell; a second quote does not.
                while i < span.end && bytes[i] != UInt8(ascii: ",") {
                    if bytes[i] == UInt8(ascii: "\"") { throw DocumentError(line: line, message: "a quote inside an unquoted cell; quote the whole cell") }
                    if bytes[i] != UInt8(ascii: "\r") { unquoted.append(bytes[i]) }
                    i += 1
                }
                add((start, unquoted.count, true))
            } else {
                let start = i
                var hasReturn = false
                while i < span.end && bytes[i] != UInt8(ascii: ",") {
                    if bytes[i] == UInt8(ascii: "\"") { throw DocumentError(line: line, message: "a quote inside an unquoted cell; quote the whole cell") }
                    if bytes[i] == UInt8(ascii: "\r") { hasReturn = true }
                    i += 1
                }
                if hasReturn {
                    let copy = unquoted.count
                    for byte in bytes[start..<i] where byte != UInt8(ascii: "\r") { unquoted.append(byte) }
                    add((copy, unquoted.count, true))
                } else {
                    add((start, i, false))
                }
            }
            if i >= span.end { return }
            i += 1  // the comma
        }
    }

    private mutating func add(_ cell: (start: Int, end: Int, quoted: Bool)) {
        if count == cells.count { cells.append(cell) } else { cells[count] = cell }
        count += 1
    }

    /// A row without quotes or carriage returns: cells end at commas, written in place; false
    /// (and nothing kept) when the row has a carriage return or more cells than there is room for.
    private mutating func splitPlain(_ bytes: UnsafeBufferPointer<UInt8>, _ span: RowSpan) -> Bool {
        let found = cells.withUnsafeMutableBufferPointer { cells -> Int? in
            var n = 0, start = span.start, i = span.start
            while i < span.end {
                let byte = bytes[i]
                if byte == UInt8(ascii: ",") {
                    guard n < cells.count else { return nil }
                    cells[n] = (start, i, false)
                    n += 1
                    start = i + 1
                } else if byte == UInt8(ascii: "\r") {
                    return nil
                }
                i += 1
            }
            guard n < cells.count else { return nil }
            cells[n] = (start, span.end, false)
            return n + 1
        }
        guard let found else { return false }
        count = found
        return true
    }

    /// Whether the row is blank (one empty cell).
    var isBlank: Bool { count == 1 && cells[0].start == cells[0].end }

    /// Calls `body` with a function giving each cell's bytes (valid only inside `body`).
    func withCells<T>(in bytes: UnsafeBufferPointer<UInt8>, _ body: ((Int) -> UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try unquoted.withUnsafeBufferPointer { unquoted in
            try cells.withUnsafeBufferPointer { cells in
                try body { index in
                    let cell = cells[index]
                    return UnsafeBufferPointer(rebasing: (cell.quoted ? unquoted : bytes)[cell.start..<cell.end])
                }
            }
        }
    }

    /// Calls `body` with the bytes of cell `index`.
    func withCell<T>(_ index: Int, in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let cell = cells[index]
        if !cell.quoted { return try body(UnsafeBufferPointer(rebasing: bytes[cell.start..<cell.end])) }
        return try unquoted.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[cell.start..<cell.end])) }
    }

    /// Cell `index` as text.
    func text(_ index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        withCell(index, in: bytes) { String(decoding: $0, as: UTF8.self) }
    }
}
