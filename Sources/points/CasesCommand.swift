import ArgumentParser
import Foundation
import PointsCore

/// `points cases PATH…`: checks case files (facts in, the expected card out) against the
/// schemes, as an operator keeps them with a scheme file.
struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "Check case files (facts and the expected card, as `simulate --emit-cases` writes them) against the schemes.",
        discussion: "Each case names its scheme and date; --scheme-file puts a draft in place of the built-in version it shares an id and version with. Exits 1 when a case does not hold.")

    @Argument(help: "Case files, or folders of them (*.yaml).")
    var paths: [String]

    @Option(name: .long, help: "Scheme files to load beside the built-in schemes; one with a built-in's id and version replaces it (repeatable).")
    var schemeFile: [String] = []

    func run() throws {
        let catalog: SchemeCatalog
        do {
            catalog = try builtInCatalog(overlaidWith: schemeFile)
        } catch let error as SchemeLoadError {
            throw failure(error.diagnostics.map(\.description))
        }
        let files = try caseFiles()
        guard !files.isEmpty else { throw failure("error: no case files (*.yaml) in \(paths.joined(separator: ", "))") }
        var failed = 0
        for path in files {
            let text = try readText(path), problems: [String]
            do throws(DocumentError) {
                problems = try RegressionCase(text: text, source: path).mismatches(in: catalog)
            } catch {
                problems = ["\(path):\(error.line): \(error.message)"]
            }
            failed += problems.isEmpty ? 0 : 1
            print(problems.isEmpty ? "ok      \(path)" : "FAILED  \(path)\n" + problems.map { "        \($0)" }.joined(separator: "\n"))
        }
        print("\(files.count - failed) of \(files.count) case(s) hold")
        if failed > 0 { throw ExitCode(1) }
    }

    /// The files named, and the `.yaml` files of the folders named, sorted within each folder.
    private func caseFiles() throws -> [String] {
        try paths.flatMap { path -> [String] in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw failure("error: cannot read \(path): no such file or folder") }
            guard isFolder.boolValue else { return [path] }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.filter { $0.hasSuffix(".yaml") }.sorted().map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
        }
    }
}
