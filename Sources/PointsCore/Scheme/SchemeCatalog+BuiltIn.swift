import Foundation

extension SchemeCatalog {
    /// The schemes shipped as resources of PointsCore.
    ///
    /// - Throws: `SchemeLoadError` if a shipped file is broken (a test keeps that from happening).
    public static func builtIn() throws(SchemeLoadError) -> SchemeCatalog {
        try SchemeCatalog(builtInSchemes())
    }

    /// Every `.yaml` file in the bundled `Schemes` folder compiled, sorted by file name: once a
    /// process (schemes are immutable), however many catalogs, reloads and parameter files ask.
    static func builtInSchemes() throws(SchemeLoadError) -> [Scheme] {
        try shipped.get()
    }

    private static let shipped: Result<[Scheme], SchemeLoadError> = Result { () throws(SchemeLoadError) in try compileShipped() }

    private static func compileShipped() throws(SchemeLoadError) -> [Scheme] {
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
