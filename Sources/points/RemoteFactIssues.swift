import PointsCore
import PointsProtocol

/// What a server says is wrong with a facts document (its status's `fact_issues`), placed
/// back at the document's lines, so `--server` prints what local scoring prints. The server
/// names each fact by its path (`birth_date`, `spouse.pension_insurance_months`,
/// `invention_patents[2].inventors`) and has no lines; the document has them.
enum RemoteFactIssues {
    /// The server's fact issues at each fact's line in `document` (0 when the path is not in
    /// it, as for a missing fact); a status without them (cut to fit a frame) is one issue of
    /// its message.
    static func issues(_ error: RPCError, in document: DocumentNode) -> [FactIssue] {
        guard !error.factIssues.isEmpty else { return [FactIssue(fact: "", line: 0, message: error.message)] }
        return error.factIssues.map { FactIssue($0, line: Self.line(of: $0.fact, in: document)) }
    }

    /// Whether a failed call is about the facts sent: the server listed issues, or it refused
    /// the rest of a document this side already found wrong.
    static func concernsFacts(_ error: RPCError, local: [FactIssue]) -> Bool {
        !error.factIssues.isEmpty || (error.code == .invalidArgument && !local.isEmpty)
    }

    /// The line of a fact path in a document: its deepest part found.
    static func line(of path: String, in document: DocumentNode) -> Int {
        var node = document, line = 0
        for part in path.split(separator: ".") {
            let name = part.split(separator: "[").first.map(String.init) ?? String(part)
            guard let child = node[name] else { break }
            node = child
            line = child.line
            // `[n]` (1-based) picks an item of a list.
            if let open = part.firstIndex(of: "["), let index = Int(part[part.index(after: open)...].dropLast()),
               let items = child.items, items.indices.contains(index - 1) {
                node = items[index - 1]
                line = node.line
            }
        }
        return line
    }

    /// A request built by `build` from the document; when this side finds facts wrong, from the
    /// document without them, and those issues. Throws what `unscorable` makes of the issues
    /// when even the rest cannot be sent.
    static func request<Request>(_ document: DocumentNode, build: (DocumentNode) throws(FactsError) -> Request,
                                 unscorable: (FactsError) -> Error) throws -> (Request, [FactIssue]) {
        do {
            return (try build(document), [])
        } catch {
            let wrong = Set(error.issues.map { $0.fact.split(whereSeparator: { $0 == "." || $0 == "[" }).first.map(String.init) ?? $0.fact })
            let rest = DocumentNode(.mapping((document.entries ?? []).filter { !wrong.contains($0.key) }), line: document.line)
            do {
                return (try build(rest), error.issues)
            } catch let again {
                throw unscorable(FactsError(issues: error.issues + again.issues))
            }
        }
    }

    /// Local issues and the server's, merged in line order (unplaced ones last), the server's
    /// about facts already reported here left out (it was sent without them), and, when this
    /// side found facts wrong, its missing facts too: a facts file with wrong values is
    /// reported for those first, locally as remotely.
    static func merged(local: [FactIssue], remote: [FactIssue]) -> FactsError {
        let reported = Set(local.map(\.fact))
        let all = local + remote.filter { !reported.contains($0.fact) && (local.isEmpty || $0.kind != .missing) }
        return FactsError(issues: all.enumerated().sorted { a, b in
            let (la, lb) = (a.element.line == 0 ? Int.max : a.element.line, b.element.line == 0 ? Int.max : b.element.line)
            return (la, a.offset) < (lb, b.offset)
        }.map(\.element))
    }
}
