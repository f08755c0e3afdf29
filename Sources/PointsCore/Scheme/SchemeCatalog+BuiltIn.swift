import Foundation

extension SchemeCatalog {
    /// The schemes shipped as resources of PointsCore.
    ///
    /// - Throws: `SchemeLoadError` if a shipped file is broken (a test keeps that from happening).
    public static func builtIn() throws(SchemeLoadError) -> SchemeCatalog {
        try SchemeCatalog(builtInSchemes())
    }

    /// Compiles every `.yaml` file in the bundled `Schemes` folder, sorted by file name.
    static func builtInSchemes() throws(SchemeLoadError) -> [Scheme] {
        let folder = Bundle.module.bundleURL.appendingPathComponent("Schemes")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        let urls = names.map { folder.appendingPathComponent($0) }
        var schemes: [Scheme] = []
        var diagnostics: [SchemeDiagnostic] = []
        for url in urls {
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            do throws(SchemeLoadError) {
                schemes.append(try SchemeLoader.load(text: text, source: "builtin:\(url.lastPathComponent)"))
            } catch {
                diagnostics += error.diagnostics
            }
        }
        if !diagnostics.isEmpty { throw SchemeLoadError(diagnostics: diagnostics) }
        return schemes
    }
}
