import ArgumentParser
import PointsClient
import PointsProtocol

/// `points health --server HOST:PORT`: whether a running pointsd serves (exit 0) or not.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health", abstract: "Ask a running pointsd whether it serves (exit 0 when it does).")

    @Option(name: .long, help: "The pointsd at HOST:PORT or unix:PATH.")
    var server: String
    @OptionGroup var tls: TLSOptions

    func run() async throws {
        let status = try await withServer(server, tls: tls.settings) { client throws(RPCError) in try await client.health(timeout: .seconds(10)).status }
        print(status == .serving ? "SERVING" : "NOT SERVING (\(status))")
        if status != .serving { throw ExitCode(1) }
    }
}
