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

    /// A reader of successive blocks of whole rows (CSV rows may span lines inside quotes;
    /// JSON lines are lines), each row with its 1-based line.
    ///
    /// - Throws: `DocumentError` when the file cannot be opened.
    func blocks(csv: Bool, blockBytes: Int = 4 << 20) throws(DocumentError) -> BlockReader {
        switch self {
        case .bytes(let bytes): return BlockReader(bytes: bytes, csv: csv)
        case .file(let path): return try BlockReader(path: path, csv: csv, blockBytes: blockBytes)
        }
    }
}

/// Reads a population's blocks one after another. Each block has bytes of its own, so one
/// block can be scored while the next is read (on another thread: one caller at a time, as
/// its state is not guarded).
final class BlockReader: @unchecked Sendable {
    private let fd: Int32
    private let path: String
    private let blockBytes: Int
    private var splitter: RowSplitter
    /// Bytes in memory (not yet given), or the rest of the last block's unfinished row.
    private var pending: [UInt8]
    private var done = false
    /// Bytes of the source given out in blocks so far.
    private var handed = 0

    init(bytes: [UInt8], csv: Bool) {
        fd = -1
        path = ""
        blockBytes = 0
        splitter = RowSplitter(csv: csv)
        pending = bytes
    }

    init(path: String, csv: Bool, blockBytes: Int) throws(DocumentError) {
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DocumentError(line: 0, message: "cannot read \(path): \(String(cString: strerror(errno)))") }
        self.path = path
        self.blockBytes = blockBytes
        splitter = RowSplitter(csv: csv)
        pending = []
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// The next block of whole rows, or nil after the last.
    ///
    /// - Throws: `DocumentError` when the file cannot be read or a quoted cell never closes.
    func next() throws(DocumentError) -> RowBlock? {
        while !done {
            let buffer: [UInt8], final: Bool
            if fd < 0 {
                (buffer, final) = (pending, true)
            } else {
                // The unfinished row, then what is read after it.
                var failed = false
                buffer = [UInt8](unsafeUninitializedCapacity: pending.count + blockBytes) { storage, count in
                    let kept = pending.count
                    if kept > 0 { pending.withUnsafeBufferPointer { storage.baseAddress!.initialize(from: $0.baseAddress!, count: kept) } }
                    let n = read(fd, storage.baseAddress! + kept, blockBytes)
                    failed = n < 0
                    count = kept + max(n, 0)
                }
                guard !failed else { throw DocumentError(line: 0, message: "cannot read \(path): \(String(cString: strerror(errno)))") }
                final = buffer.count == pending.count
            }
            let rows = splitter.rows(in: buffer[...], final: final)
            if let error = splitter.unclosedQuote { throw error }
            done = final
            pending = final ? [] : Array(buffer[splitter.consumed...])
            handed += buffer.count - pending.count
            if !rows.isEmpty { return RowBlock(bytes: buffer, rows: rows, end: handed) }
        }
        return nil
    }
}

/// Whole rows of a population file: byte ranges into `bytes` and the line each starts on.
struct RowBlock {
    let bytes: [UInt8]
    let rows: [RowSpan]
    /// Where in the source the block's last row ends (bytes read so far, for progress).
    let end: Int
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
