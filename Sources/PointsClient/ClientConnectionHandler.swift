import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import PointsProtocol
import SwiftProtobuf

/// The client side of one connection: sends the preface and calls, matches responses to
/// waiting callers by call id, and fails every waiter when the connection ends.
final class ClientConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = InboundFrame
    typealias OutboundIn = ClientRequest
    typealias OutboundOut = ByteBuffer

    private var pending: [UInt64: EventLoopPromise<Points_V1_Response>] = [:]
    /// Why calls can no longer be made, shared with the client: a call written after the
    /// connection closed (and its handlers left) still learns it.
    private let closeReason: NIOLockedValueBox<RPCError?>
    private var closed = false

    private var refusal: RPCError? {
        get { closeReason.withLockedValue { $0 } }
        set { closeReason.withLockedValue { $0 = newValue } }
    }

    init(closeReason: NIOLockedValueBox<RPCError?>) {
        self.closeReason = closeReason
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(self.wrapOutboundOut(Preface.buffer(allocator: context.channel.allocator)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .message(let body) = self.unwrapInboundIn(data) else { return }
        let frame: Points_V1_ServerFrame
        do {
            frame = try Points_V1_ServerFrame(serializedBytes: Array(body.readableBytesView))
        } catch {
            self.failAll(RPCError(.dataLoss, "the server sent a frame that is not a ServerFrame"))
            context.close(promise: nil)
            return
        }
        switch frame.kind {
        case .response(let response):
            self.pending.removeValue(forKey: response.callID)?.succeed(response)
        case .goAway(let goAway):
            self.refusal = RPCError(.unavailable, "the server is going away (\(goAway.reason)); reconnect")
        case .connectionError(let status):
            let error = RPCError(status: status) ?? RPCError(.unknown, "connection error")
            self.refusal = self.refusal ?? error
            self.failAll(error)
            context.close(promise: nil)
        case nil:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.closed = true
        self.failAll(self.refusal ?? RPCError(.unavailable, "the connection closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A TLS alert (the server refusing our certificate, under TLS 1.3 after the handshake)
        // is kept for the calls made after it too.
        let failure = error is NIOSSLError || error is BoringSSLError
            ? RPCError(.unavailable, ClientTLS.describe(error)) : RPCError(.unavailable, "connection error: \(error)")
        self.refusal = self.refusal ?? failure
        self.failAll(failure)
        context.close(promise: nil)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch self.unwrapOutboundIn(data) {
        case .call(let id, let method, let payload, let timeoutMs, let metadata, let callPromise):
            if let refusal = self.refusal ?? (self.closed ? RPCError(.unavailable, "the connection closed") : nil) {
                callPromise.fail(refusal)
                promise?.succeed()
                return
            }
            var frame = Points_V1_ClientFrame()
            frame.call.callID = id
            frame.call.method = method
            frame.call.payload = payload
            frame.call.timeoutMs = timeoutMs
            frame.call.metadata = metadata
            var buffer = context.channel.allocator.buffer(capacity: payload.count + 32)
            do {
                try buffer.writeFrame(frame)
            } catch {
                callPromise.fail(RPCError(.internal, "could not encode the call"))
                promise?.succeed()
                return
            }
            self.pending[id] = callPromise
            context.write(self.wrapOutboundOut(buffer), promise: promise)
        case .cancel(let id):
            guard let callPromise = self.pending.removeValue(forKey: id) else { promise?.succeed(); return }
            callPromise.fail(RPCError(.cancelled, "cancelled by the caller"))
            var frame = Points_V1_ClientFrame()
            frame.cancel.callID = id
            var buffer = context.channel.allocator.buffer(capacity: 16)
            try? buffer.writeFrame(frame)
            context.write(self.wrapOutboundOut(buffer), promise: promise)
        case .expire(let id):
            self.pending.removeValue(forKey: id)?.fail(RPCError(.deadlineExceeded, "no answer within the timeout"))
            promise?.succeed()
        }
    }

    private func failAll(_ error: RPCError) {
        let waiting = self.pending
        self.pending.removeAll()
        for promise in waiting.values { promise.fail(error) }
    }
}
