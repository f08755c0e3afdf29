import ArgumentParser
import PointsCore

/// `points validate FILE...`: check scheme files before they go live.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check scheme files; print file:line errors and exit non-zero on any.")

    @Argument(help: "Scheme files (YAML).")
    var files: [String]

    @Flag(name: .long, help: "Check the files alone, not against the effective ranges of the built-in schemes they do not replace.")
    var standalone = false

    func run() throws {
        var diagnostics: [SchemeDiagnostic] = []
        var loaded: [Scheme] = []
        for file in files {
            do {
                loaded.append(try SchemeLoader.load(path: file))
            } catch {
                diagnostics += error.diagnostics
            }
        }
        let all = standalone ? loaded : SchemeCatalog.overlay(loaded, on: try SchemeCatalog.builtIn().schemes)
        let fromFiles = Set(loaded.map(\.metadata.source))
        diagnostics += SchemeCatalog.conflicts(in: all).filter { fromFiles.contains($0.file) }
        guard diagnostics.isEmpty else {
            throw failure(diagnostics.map(\.description) + ["\(diagnostics.count) error(s)"])
        }
        for scheme in loaded {
            print("ok \(scheme.metadata.source): \(scheme.metadata.id) \(scheme.metadata.version) \(scheme.metadata.rangeDescription)")
            for parameter in scheme.parameters {
                if let value = parameter.value {
                    print("  parameter \(parameter.name) = \(value) \(parameter.unit.rawValue) (set in \(parameter.valueSource ?? scheme.metadata.source))")
                } else {
                    print("  parameter \(parameter.name) not on record [\(parameter.clause)]: to be set by \(parameter.setBy.en); cards that need it are undetermined")
                }
            }
        }
    }
}
