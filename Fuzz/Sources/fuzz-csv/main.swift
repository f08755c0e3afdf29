import PointsCore

/// The population readers: ranking from a CSV (the byte-level row and flow-cell readers) or JSON
/// lines, scored and written out; the applicant file of allocations; and a seat plan.
private let scheme = try! SchemeCatalog.builtIn().scheme(id: "guangzhou-hukou", asOf: LocalDate(iso: "2025-06-01")!)
private let date = LocalDate(iso: "2025-06-01")!

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: start + 1, count: count - 1))
    let text = String(decoding: bytes, as: UTF8.self)
    switch start[0] % 5 {
    case 0, 1:
        let format: Population.Format = start[0] % 5 == 0 ? .csv : .jsonl
        if let table = try? Ranking.rank(.bytes(bytes), format: format, scheme: scheme, asOf: date, quota: 3) {
            try? table.writeCSV { _ in }
        }
    case 2: _ = try? ApplicantFile.read(text, format: .csv)
    case 3: _ = try? ApplicantFile.read(text, format: .jsonl)
    default: _ = try? SeatPlan.read(text)
    }
    return 0
}
