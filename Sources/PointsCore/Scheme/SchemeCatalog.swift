/// A set of compiled schemes, every version of each, that picks the version in force on a date.
public struct SchemeCatalog: Sendable {
    /// Every scheme version, ordered by id, then by first day in force.
    public let schemes: [Scheme]

    /// Creates a catalog after checking that no two versions of one scheme overlap in time and
    /// no version is loaded twice.
    ///
    /// - Throws: `SchemeLoadError` naming both files of every clash.
    public init(_ schemes: [Scheme]) throws(SchemeLoadError) {
        let diagnostics = Self.conflicts(in: schemes)
        if !diagnostics.isEmpty { throw SchemeLoadError(diagnostics: diagnostics) }
        self.schemes = schemes.sorted { ($0.metadata.id, $0.metadata.effectiveFrom) < ($1.metadata.id, $1.metadata.effectiveFrom) }
    }

    /// `overrides` laid over `base`: a file with the id and version of a base scheme replaces
    /// it (an operator editing a shipped scheme), every other file is added beside them.
    public static func overlay(_ overrides: [Scheme], on base: [Scheme]) -> [Scheme] {
        let replaced = Set(overrides.map { "\($0.metadata.id)@\($0.metadata.version)" })
        return base.filter { !replaced.contains("\($0.metadata.id)@\($0.metadata.version)") } + overrides
    }

    /// The scheme ids, sorted.
    public var ids: [String] { Array(Set(schemes.map(\.metadata.id))).sorted() }

    /// Every version of `id`, oldest first.
    public func versions(of id: String) -> [Scheme] { schemes.filter { $0.metadata.id == id } }

    /// The version of `id` in force on `date`: among the versions known by `knownOn` (all,
    /// when nil), the latest known (`SchemeMetadata.knownFrom`) whose range covers the date.
    /// An appeal asks what the rules known on the decision day said (`knownOn`).
    ///
    /// - Throws: `CatalogError.unknownScheme` or `.noVersionInForce`, which names the covered
    ///   ranges (and, with `knownOn`, when each became known) so the caller sees the gap
    ///   rather than a guess.
    public func scheme(id: String, asOf date: LocalDate, knownOn: LocalDate? = nil) throws(CatalogError) -> Scheme {
        var chosen: Scheme?
        for scheme in schemes where scheme.metadata.id == id && scheme.metadata.isInForce(on: date) {
            guard knownOn.map({ scheme.metadata.knownFrom <= $0 }) ?? true else { continue }
            if chosen.map({ $0.metadata.knownFrom < scheme.metadata.knownFrom }) ?? true { chosen = scheme }
        }
        if let chosen { return chosen }
        let versions = versions(of: id)
        guard !versions.isEmpty else { throw .unknownScheme(id: id, known: ids) }
        throw .noVersionInForce(id: id, date: date, knownOn: knownOn, ranges: versions.map { scheme in
            let m = scheme.metadata
            return "\(m.version) \(m.rangeDescription)" + (knownOn != nil || m.publishedOn != nil ? " (known from \(m.knownFrom))" : "")
        })
    }

    /// Whether one of two overlapping versions re-issues the other: it states its `published_on`
    /// and became known later, so it is the one in force where both are.
    static func reissues(_ a: SchemeMetadata, _ b: SchemeMetadata) -> Bool {
        (b.publishedOn != nil && a.knownFrom < b.knownFrom) || (a.publishedOn != nil && b.knownFrom < a.knownFrom)
    }

    /// Overlapping effective ranges between versions of one scheme (unless one re-issues the
    /// other, `published_on` later), and versions loaded twice.
    public static func conflicts(in schemes: [Scheme]) -> [SchemeDiagnostic] {
        var diagnostics: [SchemeDiagnostic] = []
        let byID = Dictionary(grouping: schemes, by: \.metadata.id)
        for id in byID.keys.sorted() {
            let versions = byID[id]!.sorted { $0.metadata.effectiveFrom < $1.metadata.effectiveFrom }
            for (i, a) in versions.enumerated() {
                for b in versions[(i + 1)...] {
                    let (ma, mb) = (a.metadata, b.metadata)
                    if ma.version == mb.version, a.parameterFile != nil, b.parameterFile != nil {
                        diagnostics.append(SchemeDiagnostic(file: mb.source, line: mb.effectiveLine, path: "parameters",
                                                            message: "\(id) version \(mb.version) has its parameters set in \(ma.source) too; keep one parameter file per version"))
                    } else if ma.version == mb.version {
                        diagnostics.append(SchemeDiagnostic(file: mb.source, line: mb.effectiveLine, path: "version",
                                                            message: "\(id) version \(mb.version) is also defined in \(ma.source); give each version its own label"))
                    } else if ma.effectiveTo.map({ $0 >= mb.effectiveFrom }) ?? true, !Self.reissues(ma, mb) {
                        diagnostics.append(SchemeDiagnostic(file: mb.source, line: mb.effectiveLine, path: "effective_from",
                                                            message: "\(id) \(mb.version) (\(mb.rangeDescription)) overlaps \(ma.version) (\(ma.rangeDescription)) in \(ma.source); end \(ma.version) before \(mb.effectiveFrom) or start this one after \(ma.effectiveTo.map(\.description) ?? "it ends")"))
                    }
                }
            }
        }
        return diagnostics
    }
}

/// Why no scheme version could be chosen.
public enum CatalogError: Error, Sendable, CustomStringConvertible {
    /// No scheme has that id.
    case unknownScheme(id: String, known: [String])
    /// The scheme exists but no version (known by `knownOn`, when given) covers the date.
    case noVersionInForce(id: String, date: LocalDate, knownOn: LocalDate?, ranges: [String])

    public var description: String {
        switch self {
        case .unknownScheme(let id, let known):
            return "unknown scheme '\(id)'; known schemes: \(known.joined(separator: ", "))"
        case .noVersionInForce(let id, let date, let knownOn?, let ranges):
            return "no version of \(id) known on \(knownOn) is in force on \(date); versions cover \(ranges.joined(separator: " and "))"
        case .noVersionInForce(let id, let date, nil, let ranges):
            return "no version of \(id) is in force on \(date); versions cover \(ranges.joined(separator: " and ")). Choose an as-of date inside one of them"
        }
    }
}
