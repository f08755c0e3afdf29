import Foundation
import NIOConcurrencyHelpers
import NIOCore
import PointsProtocol
import SwiftProtobuf

/// Keeps `window` Score calls in flight on one connection until `total` are answered, and
/// records each call's round trip. Replacement calls are flushed once per read batch.
final class PipelinedLoad: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = InboundFrame
    typealias OutboundOut = ByteBuffer

    struct Report: Sendable {
        var latenciesNanos: [UInt64] = []
        var errors: [String: Int] = [:]
        var elapsedNanos: UInt64 = 0
    }

    private let window: Int
    private let total: Int
    private let payload: Data
    private let done: EventLoopPromise<Report>
    private var sent = 0
    private var nextID: UInt64 = 0
    private var sentAt: [UInt64: UInt64] = [:]
    private var report = Report()
    private var started: UInt64 = 0

    init(window: Int, total: Int, payload: Data, done: EventLoopPromise<Report>) {
        self.window = window
        self.total = total
        self.payload = payload
        self.done = done
        self.report.latenciesNanos.reserveCapacity(total)
    }

    func channelActive(context: ChannelHandlerContext) {
        context.write(self.wrapOutboundOut(Preface.buffer(allocator: context.channel.allocator)), promise: nil)
        self.started = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<min(self.window, self.total) { self.sendCall(context: context) }
        context.flush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .message(let body) = self.unwrapInboundIn(data),
              let frame = try? Points_V1_ServerFrame(serializedBytes: Array(body.readableBytesView)),
              case .response(let response) = frame.kind,
              let start = self.sentAt.removeValue(forKey: response.callID)
        else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        self.report.latenciesNanos.append(now - start)
        if response.status.code != .ok { self.report.errors[response.status.code.name, default: 0] += 1 }
        if self.sent < self.total { self.sendCall(context: context) }
        if self.report.latenciesNanos.count == self.total {
            self.report.elapsedNanos = now - self.started
            self.done.succeed(self.report)
            context.close(promise: nil)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        self.done.fail(error)
        context.close(promise: nil)
    }

    private func sendCall(context: ChannelHandlerContext) {
        self.nextID += 1
        self.sent += 1
        var frame = Points_V1_ClientFrame()
        frame.call.callID = self.nextID
        frame.call.method = "Score"
        frame.call.payload = self.payload
        var buffer = context.channel.allocator.buffer(capacity: self.payload.count + 32)
        try! buffer.writeFrame(frame)
        self.sentAt[self.nextID] = DispatchTime.now().uptimeNanoseconds
        context.write(self.wrapOutboundOut(buffer), promise: nil)
    }
}
