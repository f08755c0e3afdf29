import NIOCore
import PointsProtocol

/// The first handler of a TCP connection on a TLS server: a TLS client's first byte is a
/// handshake record (22); anything else is a client speaking the protocol in plaintext, which
/// is told so in plaintext (a connection error) instead of meeting a TLS failure it cannot read.
final class TLSRequiredHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private static let handshakeRecord: UInt8 = 22
    private let security: any ConnectionSecurity

    init(security: any ConnectionSecurity) {
        self.security = security
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = self.unwrapInboundIn(data)
        guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return }
        do {
            if first == Self.handshakeRecord {
                try self.security.addHandlers(to: context.channel, after: self)
            } else {
                let refusal = RPCError(.failedPrecondition, "this server accepts TLS connections only; connect with TLS (points --tls-ca FILE, points_connect_tls)")
                try context.pipeline.syncOperations.addHandler(RejectingHandler(refusal), position: .after(self))
            }
        } catch {
            context.close(promise: nil)
            return
        }
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
