import NIOCore
import PointsProtocol

/// Answers a connection the server cannot take (over the connection limit, shutting down)
/// or a plaintext client of a TLS server, with its preface and a connection error, then closes it.
final class RejectingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let error: RPCError
    private var answered = false

    init(_ error: RPCError) {
        self.error = error
    }

    /// Added to a connection already open (the TLS check), it answers at once.
    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { self.answer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.answer(context: context)
    }

    private func answer(context: ChannelHandlerContext) {
        guard !self.answered else { return }
        self.answered = true
        var buffer = Preface.buffer(allocator: context.channel.allocator)
        var frame = Points_V1_ServerFrame()
        frame.connectionError = self.error.status
        try? buffer.writeFrame(frame)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(self.wrapOutboundOut(buffer)).whenComplete { _ in bound.value.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
