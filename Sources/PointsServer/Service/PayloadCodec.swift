import Foundation
import PointsProtocol
import SwiftProtobuf

/// Request and response payloads, with the statuses every method answers for them.
enum PayloadCodec {
    /// The request message, or `INVALID_ARGUMENT` naming the message expected.
    static func decode<M: SwiftProtobuf.Message>(_ payload: Data) throws(RPCError) -> M {
        do {
            return try M(serializedBytes: payload)
        } catch {
            throw RPCError(.invalidArgument, "the payload is not a valid \(M.protoMessageName): \(error)")
        }
    }

    /// The response's bytes, or `INTERNAL`.
    static func encode(_ message: some SwiftProtobuf.Message) throws(RPCError) -> Data {
        do {
            return try message.serializedBytes()
        } catch {
            throw RPCError(.internal, "could not encode the response")
        }
    }
}
