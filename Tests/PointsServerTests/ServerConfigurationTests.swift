import Foundation
import NIOCore
import PointsServer
import Testing

/// Every limit is also a config key; a bad config file names the line and key.
@Suite struct ServerConfigurationTests {
    private func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pointsd-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func everyLimitIsAConfigKey() throws {
        let path = try write("""
            host: 0.0.0.0
            port: 7500
            unix_socket: /tmp/pointsd.sock
            max_frame_bytes: 1048576
            max_calls_per_connection: 16
            max_connections: 64
            idle_timeout_seconds: 60
            first_frame_timeout_seconds: 3
            event_loops: 1
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try ServerConfiguration.load(path: path)
        #expect(configuration.host == "0.0.0.0" && configuration.port == 7500)
        #expect(configuration.unixSocketPath == "/tmp/pointsd.sock")
        #expect(configuration.maxFrameBytes == 1_048_576 && configuration.maxCallsPerConnection == 16 && configuration.maxConnections == 64)
        #expect(configuration.idleTimeout == .seconds(60) && configuration.firstFrameTimeout == .seconds(3))
        #expect(configuration.eventLoops == 1)
    }

    @Test func mistakesAreReportedWithTheirLines() throws {
        let path = try write("port: seventy\nmax_conections: 5\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: ConfigurationError.self) { try ServerConfiguration.load(path: path) }
        #expect(error?.problems.count == 2)
        #expect(error?.problems.first?.contains(":1: port: expected a whole number") == true)
        #expect(error?.problems.last?.contains(":2: unknown key 'max_conections'") == true)
    }
}
