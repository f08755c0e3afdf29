import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PointsProtocol
import SwiftProtobuf

/// An async client of pointsd: one connection, many concurrent calls multiplexed on it.
///
/// Every failure is an `RPCError` mirroring the server's status; a connection that closes
/// fails its waiting calls with `UNAVAILABLE`.
public final class PointsClient: Sendable {
    private let channel: Channel
    private let nextCallID = NIOLockedValueBox<UInt64>(0)
    private let token: String?
    /// Why the connection ended (a connection error, a TLS alert, a goodbye), once it has.
    private let closeReason: NIOLockedValueBox<RPCError?>

    private init(channel: Channel, token: String?, closeReason: NIOLockedValueBox<RPCError?>) {
        self.channel = channel
        self.token = token
        self.closeReason = closeReason
    }

    /// Connects over TCP, with TLS when `tls` is given (it returns once the handshake is done).
    ///
    /// - Parameters:
    ///   - token: The agency's bearer token, sent with every call as `authorization`.
    ///   - tls: The CA to trust and, for mutual TLS, the agency's certificate and key.
    /// - Throws: the connection's error, or `RPCError` (`UNAVAILABLE`) saying why the TLS
    ///   handshake failed (`ClientTLS.describe`).
    public static func connect(host: String, port: Int, token: String? = nil, tls: ClientTLS? = nil,
                               group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> PointsClient {
        let closeReason = NIOLockedValueBox<RPCError?>(nil)
        guard let tls else {
            return PointsClient(channel: try await bootstrap(group, closeReason).connect(host: host, port: port).get(), token: token, closeReason: closeReason)
        }
        let context = try tls.context()
        let handshake = group.any().makePromise(of: Void.self)
        let channel = try await bootstrap(group, closeReason) { channel in
            try channel.pipeline.syncOperations.addHandlers([try tls.handler(context, host: host), HandshakeWaiter(done: handshake)])
        }.connect(host: host, port: port).get()
        do {
            try await handshake.futureResult.get()
        } catch {
            try? await channel.close()
            throw RPCError(.unavailable, "TLS handshake with \(host):\(port) failed: \(ClientTLS.describe(error))")
        }
        return PointsClient(channel: channel, token: token, closeReason: closeReason)
    }

    /// Connects over a Unix domain socket.
    public static func connect(unixSocketPath path: String, token: String? = nil,
                               group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> PointsClient {
        let closeReason = NIOLockedValueBox<RPCError?>(nil)
        let channel = try await bootstrap(group, closeReason).connect(unixDomainSocketPath: path).get()
        return PointsClient(channel: channel, token: token, closeReason: closeReason)
    }

    /// A bootstrap whose connections get `secure`'s handlers (TLS) before the protocol's.
    private static func bootstrap(_ group: any EventLoopGroup, _ closeReason: NIOLockedValueBox<RPCError?>,
                                  secure: @escaping @Sendable (any Channel) throws -> Void = { _ in }) -> ClientBootstrap {
        ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try secure(channel)
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(FrameDecoder(maxFrameBytes: 64 * 1024 * 1024)),
                        ClientConnectionHandler(closeReason: closeReason),
                    ])
                }
            }
    }

    /// Makes one call.
    ///
    /// - Parameters:
    ///   - method: The method name, e.g. `Score`.
    ///   - payload: The serialised request message.
    ///   - timeout: The deadline sent to the server and enforced here too; nil for none.
    ///   - metadata: Call metadata (`authorization`, `request-id`).
    /// - Returns: The serialised response message.
    /// - Throws: `RPCError` with the server's status, or a local one (`UNAVAILABLE`,
    ///   `DEADLINE_EXCEEDED`, `CANCELLED` when the task is cancelled).
    public func call(_ method: String, payload: Data, timeout: Duration? = nil, metadata: [String: String] = [:]) async throws(RPCError) -> Data {
        let id = self.nextCallID.withLockedValue { $0 += 1; return $0 }
        var metadata = metadata
        if let token, metadata["authorization"] == nil { metadata["authorization"] = "Bearer \(token)" }
        let promise = self.channel.eventLoop.makePromise(of: Points_V1_Response.self)
        let timeoutMs = timeout.map { UInt32(clamping: $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) } ?? 0
        // A call written to a closed connection never reaches the handler: fail it here (a
        // promise completes once; a later failure by the handler is ignored).
        let written = self.channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { [closeReason] _ in
            promise.fail(closeReason.withLockedValue { $0 } ?? RPCError(.unavailable, "the connection is closed"))
        }
        self.channel.writeAndFlush(ClientRequest.call(id: id, method: method, payload: payload, timeoutMs: timeoutMs,
                                                      metadata: metadata, promise: promise), promise: written)
        if timeoutMs > 0 {
            // The server answers DEADLINE_EXCEEDED itself; this only guards against a silent server.
            let timer = self.channel.eventLoop.scheduleTask(in: .milliseconds(Int64(timeoutMs) + 1_000)) { [channel] in
                channel.writeAndFlush(ClientRequest.expire(id: id), promise: nil)
            }
            promise.futureResult.whenComplete { _ in timer.cancel() }
        }
        let response: Points_V1_Response
        do {
            response = try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: { [channel] in
                channel.writeAndFlush(ClientRequest.cancel(id: id), promise: nil)
            }
        } catch let error as RPCError {
            throw error
        } catch {
            throw RPCError(.unavailable, "\(error)")
        }
        if let error = RPCError(status: response.status) { throw error }
        return response.payload
    }

    /// A typed call: encodes the request, decodes the response.
    public func call<Response: SwiftProtobuf.Message>(_ method: String, _ request: some SwiftProtobuf.Message,
                                                      timeout: Duration? = nil, metadata: [String: String] = [:]) async throws(RPCError) -> Response {
        let payload: Data
        do {
            payload = try request.serializedBytes()
        } catch {
            throw RPCError(.internal, "could not encode the request")
        }
        let bytes = try await self.call(method, payload: payload, timeout: timeout, metadata: metadata)
        do {
            return try Response(serializedBytes: bytes)
        } catch {
            throw RPCError(.dataLoss, "the response is not a valid \(Response.protoMessageName)")
        }
    }

    /// Scores one applicant.
    public func score(_ request: Points_V1_ScoreRequest, timeout: Duration? = nil) async throws(RPCError) -> Points_V1_ScoreResponse {
        try await self.call("Score", request, timeout: timeout)
    }

    /// Scores many applicants; each result has its own status.
    public func scoreBatch(_ request: Points_V1_ScoreBatchRequest, timeout: Duration? = nil) async throws(RPCError) -> Points_V1_ScoreBatchResponse {
        try await self.call("ScoreBatch", request, timeout: timeout)
    }

    /// The schemes the server holds.
    public func listSchemes(timeout: Duration? = nil) async throws(RPCError) -> Points_V1_ListSchemesResponse {
        try await self.call("ListSchemes", Points_V1_ListSchemesRequest(), timeout: timeout)
    }

    /// One scheme version as published.
    public func getScheme(_ request: Points_V1_GetSchemeRequest, timeout: Duration? = nil) async throws(RPCError) -> Points_V1_GetSchemeResponse {
        try await self.call("GetScheme", request, timeout: timeout)
    }

    /// The server's health, as grpc.health.v1 Check.
    public func health(timeout: Duration? = nil) async throws(RPCError) -> Points_V1_HealthCheckResponse {
        try await self.call("Health", Points_V1_HealthCheckRequest(), timeout: timeout)
    }

    /// A child's school tier, for the education bureau.
    public func enrolmentTier(_ request: Points_V1_EnrolmentTierRequest, timeout: Duration? = nil) async throws(RPCError) -> Points_V1_EnrolmentTierResponse {
        try await self.call("EnrolmentTier", request, timeout: timeout)
    }

    /// Places applicants in schools by their preferences, batch and points.
    public func allocateSeats(_ request: Points_V1_AllocateSeatsRequest, timeout: Duration? = nil) async throws(RPCError) -> Points_V1_AllocateSeatsResponse {
        try await self.call("AllocateSeats", request, timeout: timeout)
    }

    /// Re-reads the server's scheme folder (role `operator`).
    public func reloadSchemes(timeout: Duration? = nil) async throws(RPCError) -> Points_V1_ReloadSchemesResponse {
        try await self.call("ReloadSchemes", Points_V1_ReloadSchemesRequest(), timeout: timeout)
    }

    /// One recorded decision (role `auditor`).
    public func getDecision(id: UInt64, timeout: Duration? = nil) async throws(RPCError) -> Points_V1_GetDecisionResponse {
        var request = Points_V1_GetDecisionRequest()
        request.id = id
        return try await self.call("GetDecision", request, timeout: timeout)
    }

    /// A page of recorded decisions (role `auditor`).
    public func listDecisions(_ request: Points_V1_ListDecisionsRequest, timeout: Duration? = nil) async throws(RPCError) -> Points_V1_ListDecisionsResponse {
        try await self.call("ListDecisions", request, timeout: timeout)
    }

    /// Closes the connection; waiting calls fail with `UNAVAILABLE`.
    public func close() async {
        try? await self.channel.close()
    }
}
