import PointsCore

/// A facts document (YAML or JSON text) parsed under the facts budget and decoded against the
/// Guangzhou vocabulary, then scored.
private let scheme = try! SchemeCatalog.builtIn().scheme(id: "guangzhou-hukou", asOf: LocalDate(iso: "2025-06-01")!)
private let date = LocalDate(iso: "2025-06-01")!

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    guard let document = try? DocumentNode.parse(yaml: text, limits: .facts) else { return 0 }
    _ = try? scheme.score(document: document, asOf: date)
    return 0
}
