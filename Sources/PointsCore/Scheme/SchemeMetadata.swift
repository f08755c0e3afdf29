/// Who publishes a scheme, when it is in force, and exactly which file it came from.
public struct SchemeMetadata: Sendable, Hashable {
    /// The scheme id shared by all its versions, e.g. `guangzhou-hukou`.
    public let id: String
    /// This version's label, e.g. `2023`.
    public let version: String
    /// The jurisdiction's name.
    public let jurisdiction: Bilingual
    /// The scheme's title.
    public let title: Bilingual
    /// The kind of jurisdiction (`prefecture_city`, …) when the file names it.
    public var jurisdictionKind: String? = nil
    /// The constraint sets the scheme is bound by (checked when it was loaded).
    public var boundBy: [String] = []
    /// First day in force.
    public let effectiveFrom: LocalDate
    /// Last day in force, or nil while open-ended.
    public let effectiveTo: LocalDate?
    /// The day the version was published (`published_on`), or nil: then it counts as known
    /// from its first day in force. A version published later may re-issue dates an earlier
    /// one covers; for a date both cover, the later-published one is in force.
    public let publishedOn: LocalDate?
    /// The legal text the rules come from.
    public let legalSource: Bilingual
    /// `sha256:` and the SHA-256 of the scheme file's bytes.
    public let contentHash: String
    /// Where the scheme was read from (a path or `builtin:NAME`).
    public let source: String
    /// The line of `effective_from` in the source (of `parameters` in a parameter file), for
    /// range-overlap and duplicate-version errors.
    public let effectiveLine: Int

    /// When the version became known: `published_on`, else its first day in force.
    public var knownFrom: LocalDate { publishedOn ?? effectiveFrom }

    /// Whether `date` is within the effective range.
    public func isInForce(on date: LocalDate) -> Bool {
        date >= effectiveFrom && (effectiveTo.map { date <= $0 } ?? true)
    }

    /// The effective range as text, e.g. `2023-01-11…2026-12-31`.
    public var rangeDescription: String {
        "\(effectiveFrom)…\(effectiveTo.map(\.description) ?? "open")"
    }
}
