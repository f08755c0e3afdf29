import ArgumentParser
import Foundation
import PointsCore

/// `points diff A B`: what a scheme changes from another, key path by key path.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List what changed between two schemes: weights, caps, bands, gates, tiers, dates, each by key path with old and new values and its clause.")

    @Argument(help: "The scheme before: a scheme file, or a built-in scheme as ID or ID@VERSION (ID alone: the version in force today).")
    var old: String

    @Argument(help: "The scheme after, named the same ways.")
    var new: String

    func run() throws {
        let before = try scheme(named: old), after = try scheme(named: new)
        let diff: SchemeDiff
        do {
            diff = try SchemeDiff(from: before, to: after)
        } catch {
            throw failure("error: \(error.message)")
        }
        print("\(Self.name(before)) → \(Self.name(after)): \(diff.changes.count) change(s)")
        print(diff.text, terminator: "")
    }

    private static func name(_ scheme: Scheme) -> String {
        "\(scheme.metadata.id) \(scheme.metadata.version) (\(scheme.metadata.source))"
    }
}
