import PointsCore

/// The population readers: ranking from a CSV (the byte-level row and flow-cell readers) or JSON
/// lines, scored and written out; an allocation's population (with its preferences column);
/// and a seat plan.
private let scheme = try! SchemeCatalog.builtIn().scheme(id: "guangzhou-hukou", asOf: LocalDate(iso: "2025-06-01")!)
private let date = LocalDate(iso: "2025-06-01")!
private let schoolDate = LocalDate(iso: "2016-05-01")!
private let schools = try! SchemeCatalog.builtIn().scheme(id: "panyu-school-points", asOf: schoolDate)
private let service = try! Allocation.schoolService(of: schools, named: nil)
private let plan = SeatPlan(schools: [.init(id: "S1", seats: 1, kind: "public"), .init(id: "S2", seats: 2, kind: "subsidised")])

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
    case 2, 3:
        let format: Population.Format = start[0] % 5 == 2 ? .csv : .jsonl
        _ = try? Allocation.run(.bytes(bytes), format: format, plan: plan, scheme: schools, service: service, asOf: schoolDate)
    default: _ = try? SeatPlan.read(text)
    }
    return 0
}
