import PointsCore

/// What the loader reports for a scheme (or parameter file) text from `source`, or nothing
/// when it loads.
func schemeDiagnostics(_ text: String, source: String = "test.yaml") -> [SchemeDiagnostic] {
    do {
        _ = try SchemeLoader.load(text: text, source: source)
        return []
    } catch {
        return error.diagnostics
    }
}
