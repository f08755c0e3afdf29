import ArgumentParser
import PointsClient
import PointsProtocol

/// `points health --server HOST:PORT`: whether a running pointsd serves (exit 0) or not.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health", abstract: "Ask a running pointsd whether it serves (exit 0 when it does).")

    @Option(name: .long, help: "The pointsd at HOST:PORT or unix:PATH.")
    var server: String

    func run() async throws {
        let client = try await connect(to: server)
        defer { Task { await client.close() } }
        let status: Points_V1_HealthCheckResponse.ServingStatus
        do {
            status = try await client.health(timeout: .seconds(10)).status
        } catch {
            throw failure("error: \(error.shown)")
        }
        print(status == .serving ? "SERVING" : "NOT SERVING (\(status))")
        if status != .serving { throw ExitCode(1) }
    }
}
