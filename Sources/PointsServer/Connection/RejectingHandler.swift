import NIOCore
import PointsProtocol

/// Answers a connection the server cannot take (over the connection limit, shutting down)
/// with its preface and an UNAVAILABLE connection error, then closes it.
final class RejectingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let error: RPCError

    init(_ error: RPCError) {
        self.error = error
    }

    func channelActive(context: ChannelHandlerContext) {
        var buffer = Preface.buffer(allocator: context.channel.allocator)
        var frame = Points_V1_ServerFrame()
        frame.connectionError = self.error.status
        try? buffer.writeFrame(frame)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(self.wrapOutboundOut(buffer)).whenComplete { _ in bound.value.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
