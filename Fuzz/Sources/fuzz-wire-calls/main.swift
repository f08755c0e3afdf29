import Foundation
import PointsCore
import PointsProtocol
import PointsServer

/// Wire payloads of every scoring method: the first byte picks the method, the rest is its
/// request message, decoded into facts, bounded, costed and run.
private let service = PointsService(catalog: try! SchemeCatalog.builtIn(), today: { LocalDate(iso: "2025-06-01")! })
private let methods = PointsService.methods

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let method = methods[Int(start[0]) % methods.count]
    let payload = Data(UnsafeBufferPointer(start: start + 1, count: count - 1))
    var recorder: DecisionRecorder? = DecisionRecorder(agency: "fuzz", hasher: ApplicantHasher(key: "fuzz"))
    if let call = try? service.prepare(method, payload: payload, answerLimit: 1 << 20) {
        _ = try? call.run(recorder: &recorder)
    }
    return 0
}
