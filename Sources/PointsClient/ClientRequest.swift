import Foundation
import NIOCore
import PointsProtocol

/// What the client asks its connection handler to do, from any thread.
enum ClientRequest: Sendable {
    /// Send a call and complete the promise with its response.
    case call(id: UInt64, method: String, payload: Data, timeoutMs: UInt32, metadata: [String: String],
              promise: EventLoopPromise<Points_V1_Response>)
    /// Tell the server the caller gave up on a call, and fail it locally as CANCELLED.
    case cancel(id: UInt64)
    /// Fail a call that has outlived its timeout locally (the server's answer is dropped).
    case expire(id: UInt64)
}
