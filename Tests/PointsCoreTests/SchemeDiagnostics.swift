import PointsCore

/// What the loader reports for a scheme text (`test.yaml`), or nothing when it loads.
func schemeDiagnostics(_ text: String) -> [SchemeDiagnostic] {
    do {
        _ = try SchemeLoader.load(text: text, source: "test.yaml")
        return []
    } catch {
        return error.diagnostics
    }
}
