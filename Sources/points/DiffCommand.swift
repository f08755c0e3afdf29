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
        let before = try Self.scheme(old), after = try Self.scheme(new)
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

    /// A scheme file if `reference` names one, else a built-in version (`ID` alone: the
    /// version in force on `date`).
    static func scheme(_ reference: String, asOf date: LocalDate = LocalDate.today()) throws -> Scheme {
        if FileManager.default.fileExists(atPath: reference) {
            do {
                return try SchemeLoader.load(path: reference)
            } catch {
                throw failure(error.diagnostics.map(\.description))
            }
        }
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        let catalog = try SchemeCatalog.builtIn()
        let versions = catalog.versions(of: parts[0])
        guard !versions.isEmpty else {
            let ids = Set(catalog.schemes.map(\.metadata.id)).sorted().joined(separator: ", ")
            throw failure("error: '\(reference)' is neither a file nor a built-in scheme; the built-in ones are: \(ids)")
        }
        guard parts.count == 2 else {
            do {
                return try catalog.scheme(id: parts[0], asOf: date)
            } catch {
                throw failure("error: \(error.description); name a version: \(versions.map { "\(parts[0])@\($0.metadata.version)" }.joined(separator: ", "))")
            }
        }
        guard let scheme = versions.first(where: { $0.metadata.version == parts[1] }) else {
            throw failure("error: \(parts[0]) has no version '\(parts[1])'; it has: \(versions.map(\.metadata.version).joined(separator: ", "))")
        }
        return scheme
    }
}
