import PointsCore

/// The population readers: an applicants CSV (with flow cells) or JSON lines, and a seat plan.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: start + 1, count: count - 1), as: UTF8.self)
    switch start[0] % 3 {
    case 0: _ = try? ApplicantFile.read(text, format: .csv)
    case 1: _ = try? ApplicantFile.read(text, format: .jsonl)
    default: _ = try? SeatPlan.read(text)
    }
    return 0
}
