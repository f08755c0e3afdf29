import Foundation
import NIOCore
import NIOPosix
import PointsCore
import PointsProtocol

/// `wire-bench HOST PORT [CALLS]`: pipelined Score calls against a running pointsd, with 1 and
/// 64 calls in flight on one connection; prints calls/s and p50/p99 round-trip latency.
@main
enum WireBench {
    static func main() async throws {
        let args = CommandLine.arguments
        let host = args.count > 1 ? args[1] : "127.0.0.1"
        let port = args.count > 2 ? Int(args[2])! : 7400
        let calls = args.count > 3 ? Int(args[3])! : 200_000
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples/bachelor-renting.yaml")
        let facts = try String(contentsOf: example, encoding: .utf8)
        var request = Points_V1_ScoreRequest()
        request.scheme = "guangzhou-hukou"
        request.asOf = "2025-06-01"
        request.facts = Points_V1_Facts(facts: try FactsDecoder(registry: .canonical, asOf: LocalDate(iso: "2025-06-01")!)
            .decode(try DocumentNode.parse(yaml: facts)))
        print("| detail | in flight | calls | calls/s | p50 µs | p99 µs | errors |")
        print("|---|---|---|---|---|---|---|")
        for (detail, name) in [(Points_V1_Detail.full, "full card"), (.summary, "summary")] {
        request.detail = detail
        let payload: Data = try request.serializedBytes()
        for window in [1, 64] {
            let total = window == 1 ? min(calls, 50_000) : calls
            _ = try await run(host: host, port: port, window: window, total: min(total, 2_000), payload: payload)  // warm-up
            let report = try await run(host: host, port: port, window: window, total: total, payload: payload)
            let sorted = report.latenciesNanos.sorted()
            func percentile(_ p: Double) -> Double { Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1_000 }
            let rate = Double(total) / (Double(report.elapsedNanos) / 1e9)
            let errors = report.errors.isEmpty ? "0" : report.errors.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print(String(format: "| %@ | %d | %d | %.0f | %.0f | %.0f | %@ |", name, window, total, rate, percentile(0.5), percentile(0.99), errors))
        }
        }
    }

    static func run(host: String, port: Int, window: Int, total: Int, payload: Data) async throws -> PipelinedLoad.Report {
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: PipelinedLoad.Report.self)
        _ = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(FrameDecoder(maxFrameBytes: 64 * 1024 * 1024)),
                        PipelinedLoad(window: window, total: total, payload: payload, done: promise),
                    ])
                }
            }
            .connect(host: host, port: port).get()
        return try await promise.futureResult.get()
    }
}
