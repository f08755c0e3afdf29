#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a population's bytes come from: a file read in blocks, or bytes in memory.
public enum PopulationSource: Sendable {
    /// A file, read block by block so that memory does not grow with its size.
    case file(path: String)
    /// Bytes already in memory.
    case bytes([UInt8])

    /// Calls `body` with successive blocks of whole rows (CSV rows may span lines inside
    /// quotes; JSON lines are lines), each with the 1-based line of its first row.
    ///
    /// - Throws: `DocumentError` when the file cannot be read or a quoted cell never closes.
    func forEachBlock(csv: Bool, blockBytes: Int = 4 << 20, _ body: (RowBlock) throws(DocumentError) -> Void) throws(DocumentError) {
        switch self {
        case .bytes(let bytes):
            var splitter = RowSplitter(csv: csv)
            let rows = splitter.rows(in: bytes[...], final: true)
            if let error = splitter.unclosedQuote { throw error }
            try body(RowBlock(bytes: bytes, rows: rows))
        case .file(let path):
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw DocumentError(line: 0, message: "cannot read \(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            var splitter = RowSplitter(csv: csv)
            // One buffer: the rest of the last block's unfinished row, then what is read after it.
            // A block shares it while it is scored and is gone before the buffer changes again.
            var buffer: [UInt8] = []
            buffer.reserveCapacity(2 * blockBytes)
            while true {
                let kept = buffer.count
                buffer.append(contentsOf: repeatElement(0, count: blockBytes))
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + kept, blockBytes) }
                guard n >= 0 else { throw DocumentError(line: 0, message: "cannot read \(path): \(String(cString: strerror(errno)))") }
                buffer.removeLast(blockBytes - n)
                let final = n == 0
                let rows = splitter.rows(in: buffer[...], final: final)
                if let error = splitter.unclosedQuote { throw error }
                if !rows.isEmpty { try body(RowBlock(bytes: buffer, rows: rows)) }
                if final { return }
                buffer.removeFirst(splitter.consumed)
            }
        }
    }
}

/// Whole rows of a population file: byte ranges into `bytes` and the line each starts on.
struct RowBlock {
    let bytes: [UInt8]
    let rows: [RowSpan]
}

/// One row's bytes (without its line break) and its 1-based first line.
struct RowSpan {
    let start: Int
    let end: Int
    let line: Int
    /// Whether the row may hold a double quote: one was found, or the file is not CSV.
    let quoted: Bool
}

/// Finds row ends across blocks: a line break ends a row unless it is inside a quoted CSV cell.
struct RowSplitter {
    let csv: Bool
    /// The next row's first line.
    private var line = 1
    /// Bytes of the last buffer given that ended in complete rows.
    private(set) var consumed = 0
    /// Set when the input ended inside a quoted cell.
    private(set) var unclosedQuote: DocumentError?

    init(csv: Bool) { self.csv = csv }

    /// The complete rows in `bytes` (which starts at a row start); with `final`, the rest too.
    mutating func rows(in bytes: ArraySlice<UInt8>, final: Bool) -> [RowSpan] {
        var rows: [RowSpan] = []
        rows.reserveCapacity(bytes.count / 64)
        let base = bytes.startIndex
        var start = 0, rowLine = line, current = line
        var inQuotes = false, quoted = false
        bytes.withUnsafeBufferPointer { buffer in
            guard let first = buffer.baseAddress else { return }
            let end = first + buffer.count
            var cursor = first
            // memchr finds each line break and each quote between them; a row without quotes is
            // never looked at byte by byte.
            while cursor < end, let found = memchr(cursor, Int32(UInt8(ascii: "\n")), end - cursor) {
                let newline = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                if csv {
                    var scan = cursor
                    while scan < newline, let quote = memchr(scan, Int32(UInt8(ascii: "\"")), newline - scan) {
                        inQuotes.toggle()
                        quoted = true
                        scan = UnsafePointer(quote.assumingMemoryBound(to: UInt8.self)) + 1
                    }
                }
                current += 1
                cursor = newline + 1
                if !inQuotes {
                    rows.append(RowSpan(start: base + start, end: base + (newline - first), line: rowLine, quoted: quoted || !csv))
                    start = cursor - first
                    rowLine = current
                    quoted = false
                }
            }
            if csv && cursor < end {
                // Quotes after the last line break still decide whether the input ends inside one.
                var scan = cursor
                while scan < end, let quote = memchr(scan, Int32(UInt8(ascii: "\"")), end - scan) {
                    inQuotes.toggle()
                    quoted = true
                    scan = UnsafePointer(quote.assumingMemoryBound(to: UInt8.self)) + 1
                }
            }
        }
        consumed = start
        if final {
            if inQuotes { unclosedQuote = DocumentError(line: rowLine, message: "a quoted cell is not closed") }
            if base + start < bytes.endIndex { rows.append(RowSpan(start: base + start, end: bytes.endIndex, line: rowLine, quoted: quoted || !csv)) }
            consumed = bytes.count
        }
        line = rowLine
        return rows
    }
}
