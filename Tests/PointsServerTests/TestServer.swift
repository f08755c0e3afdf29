import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PointsClient
import PointsCore
import PointsProtocol
import PointsServer

/// Starts a real pointsd on 127.0.0.1 port 0 for one test and shuts it down after.
func withServer<T>(_ configure: (inout ServerConfiguration) -> Void = { _ in },
                   _ body: (Int) async throws -> T) async throws -> T {
    var configuration = ServerConfiguration()
    configuration.port = 0
    // A starved test process may take seconds between connecting and sending its preface; only
    // the tests about that timeout set it short.
    configuration.firstFrameTimeout = .seconds(3600)
    configure(&configuration)
    let service = PointsService(catalog: try SchemeCatalog.builtIn(), today: { LocalDate(iso: "2025-06-01")! })
    var logger = Logger(label: "pointsd-test")
    logger.logLevel = .critical
    let server = PointsServer(configuration: configuration, service: service, logger: logger)
    let addresses = try await server.start()
    let port = addresses[0].port!
    do {
        let result = try await body(port)
        await server.shutdownGracefully(drain: .seconds(5))
        return result
    } catch {
        await server.shutdownGracefully(drain: .seconds(5))
        throw error
    }
}

/// The facts of the README's worked example (`Examples/bachelor-renting.yaml`), with the
/// permit months varied.
func workedExample(permitMonths: Int = 72) -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let text = try! String(contentsOf: root.appendingPathComponent("Examples/bachelor-renting.yaml"), encoding: .utf8)
    return text.replacingOccurrences(of: "residence_permit_months: 72", with: "residence_permit_months: \(permitMonths)")
}

/// A score request for the worked example (or given YAML facts) dated 2025-06-01.
func scoreRequest(_ yaml: String = workedExample()) throws -> Points_V1_ScoreRequest {
    try Points_V1_ScoreRequest(document: try DocumentNode.parse(yaml: yaml), scheme: "guangzhou-hukou", asOf: LocalDate(iso: "2025-06-01")!)
}

/// A batch big enough to run off the event loop for a while.
func heavyBatch(_ count: Int = 4_000) throws -> Points_V1_ScoreBatchRequest {
    var batch = Points_V1_ScoreBatchRequest()
    var request = try scoreRequest()
    // Summaries: thousands of full cards would pass the frame limit of the answer.
    request.detail = .summary
    batch.requests = Array(repeating: request, count: count)
    return batch
}

/// How long a test's call may take before the test gives up: a guard against a hang, never a
/// measure (a loaded machine may be slow; it must not fail the suite).
let patience = Duration.seconds(120)

/// Proves the server still answers correctly on a fresh connection.
func expectHealthy(_ port: Int) async throws -> Bool {
    let client = try await PointsClient.connect(host: "127.0.0.1", port: port)
    defer { Task { await client.close() } }
    let card = try await client.score(try scoreRequest(), timeout: patience).card
    return card.total == "200" && card.qualified
}
