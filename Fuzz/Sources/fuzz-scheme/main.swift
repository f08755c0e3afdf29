import PointsCore

/// A scheme file: parsed under the scheme budget (anchors allowed, expansion counted),
/// compiled and validated.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    _ = try? SchemeLoader.load(text: text, source: "fuzz.yaml")
    return 0
}
