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
        var start = bytes.startIndex, rowLine = line, current = line
        var inQuotes = false
        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            while i < buffer.count {
                let byte = buffer[i]
                if byte == UInt8(ascii: "\n") {
                    current += 1
                    if !inQuotes {
                        rows.append(RowSpan(start: start, end: bytes.startIndex + i, line: rowLine))
                        start = bytes.startIndex + i + 1
                        rowLine = current
                    }
                } else if csv && byte == UInt8(ascii: "\"") {
                    inQuotes.toggle()
                }
                i += 1
            }
        }
        consumed = start - bytes.startIndex
        if final {
            if inQuotes { unclosedQuote = DocumentError(line: rowLine, message: "a quoted cell is not closed") }
            if start < bytes.endIndex { rows.append(RowSpan(start: start, end: bytes.endIndex, line: rowLine)) }
            consumed = bytes.count
        }
        line = rowLine
        return rows
    }
}
