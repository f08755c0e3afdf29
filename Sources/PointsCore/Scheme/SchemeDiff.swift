/// What changed from one scheme to another, key path by key path: weights, caps, bands, gates,
/// tiers, dates, anything the scheme files say differently, each with the clause it falls under.
///
/// Lists whose items have an `id` (indicators, gates, tiers) are matched by id, so a moved or
/// added item reads as itself and not as every item after it changing.
public struct SchemeDiff: Sendable {
    /// One difference.
    public struct Change: Sendable, Equatable {
        /// Where, e.g. `groups.residence.indicators[residence_permit].points`.
        public let path: String
        /// The value before, as the file writes it; nil when added.
        public let old: String?
        /// The value after; nil when removed.
        public let new: String?
        /// The clause of the nearest item holding the change, if it cites one.
        public let clause: String?
        /// The lines in the two files (0 where there is no such value).
        public let oldLine: Int, newLine: Int
    }

    /// The changes, in the order of the first scheme's keys (then what the second adds).
    public let changes: [Change]

    /// The differences between two compiled schemes' files.
    public init(from old: Scheme, to new: Scheme) throws(DocumentError) {
        try self.init(from: old.text, to: new.text)
    }

    /// The differences between two scheme texts.
    ///
    /// - Throws: `DocumentError` for a text that is not YAML.
    public init(from oldText: String, to newText: String) throws(DocumentError) {
        let old = try DocumentNode.parse(yaml: oldText, limits: .scheme), new = try DocumentNode.parse(yaml: newText, limits: .scheme)
        var changes: [Change] = []
        Self.compare(old, new, path: "", clause: nil, into: &changes)
        self.changes = changes
    }

    /// The changes as lines: `path: old → new  (clause)`.
    public var text: String {
        guard !changes.isEmpty else { return "no differences\n" }
        return changes.map { change in
            let values = switch (change.old, change.new) {
            case (let old?, let new?): "\(old) → \(new)"
            case (nil, let new?): "added: \(new)"
            case (let old?, nil): "removed: \(old)"
            case (nil, nil): ""
            }
            return "\(change.path): \(values)" + (change.clause.map { "  (\($0))" } ?? "") + "\n"
        }.joined()
    }

    private static func compare(_ old: DocumentNode?, _ new: DocumentNode?, path: String, clause: String?, into changes: inout [Change]) {
        let clause = new.flatMap(Self.clause) ?? old.flatMap(Self.clause) ?? clause
        switch (old?.content, new?.content) {
        case (.mapping(let a)?, .mapping(let b)?):
            for key in keys(a.map(\.key), b.map(\.key)) {
                compare(a.first { $0.key == key }?.value, b.first { $0.key == key }?.value, path: join(path, key), clause: clause, into: &changes)
            }
        case (.sequence(let a)?, .sequence(let b)?):
            let aIDs = a.map { $0["id"]?.scalar }, bIDs = b.map { $0["id"]?.scalar }
            if !aIDs.contains(nil) && !bIDs.contains(nil) {
                for id in keys(aIDs.map { $0! }, bIDs.map { $0! }) {
                    compare(a.first { $0["id"]?.scalar == id }, b.first { $0["id"]?.scalar == id }, path: path + "[\(id)]", clause: clause, into: &changes)
                }
            } else {
                for i in 0..<max(a.count, b.count) {
                    compare(i < a.count ? a[i] : nil, i < b.count ? b[i] : nil, path: path + "[\(i)]", clause: clause, into: &changes)
                }
            }
        default:
            let before = old.map(\.flowText), after = new.map(\.flowText)
            guard before != after else { return }
            changes.append(Change(path: path, old: before, new: after, clause: clause, oldLine: old?.line ?? 0, newLine: new?.line ?? 0))
        }
    }

    /// The keys of both, the first's order first, each once.
    private static func keys(_ a: [String], _ b: [String]) -> [String] {
        var seen = Set<String>()
        return (a + b).filter { seen.insert($0).inserted }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The clause a mapping cites.
    private static func clause(_ node: DocumentNode) -> String? { node["clause"]?.scalar }
}
