import Foundation

/// RFC 4180 CSV: commas, double-quoted cells with `""` escapes and line breaks inside quotes.
enum CSVParser {
    struct Row {
        let line: Int
        let cells: [String]
    }

    /// A cell as written: quoted when it holds a comma, a quote or a line break.
    static func cell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func rows(_ text: String) throws(DocumentError) -> [Row] {
        var rows: [Row] = []
        var cells: [String] = []
        var cell: [UInt8] = []
        var inQuotes = false
        var line = 1, rowLine = 1
        var iterator = Array(text.utf8)[...]
        func endCell() { cells.append(String(decoding: cell, as: UTF8.self)); cell.removeAll(keepingCapacity: true) }
        while let byte = iterator.popFirst() {
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if iterator.first == UInt8(ascii: "\"") { cell.append(byte); iterator.removeFirst() } else { inQuotes = false }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    cell.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                guard cell.isEmpty else { throw DocumentError(line: line, message: "a quote inside an unquoted cell; quote the whole cell") }
                inQuotes = true
            case UInt8(ascii: ","): endCell()
            case UInt8(ascii: "\r"): continue
            case UInt8(ascii: "\n"):
                endCell()
                rows.append(Row(line: rowLine, cells: cells))
                cells.removeAll(keepingCapacity: true)
                line += 1
                rowLine = line
            default: cell.append(byte)
            }
        }
        if inQuotes { throw DocumentError(line: rowLine, message: "a quoted cell is not closed") }
        if !cell.isEmpty || !cells.isEmpty { endCell(); rows.append(Row(line: rowLine, cells: cells)) }
        return rows
    }
}
