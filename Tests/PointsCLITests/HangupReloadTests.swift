import Foundation
import PointsClient
import Testing

/// `kill -HUP` makes a running pointsd re-read its scheme folder; a broken file is refused and
/// the schemes served stay as they were.
@Suite struct HangupReloadTests {
    @Test func sighupReloadsTheSchemeFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("points-hup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shipped = try String(contentsOf: PointsRunner.packageRoot.appendingPathComponent("Sources/PointsCore/Schemes/shanghai-residence-points-2015.yaml"), encoding: .utf8)
        func write(_ version: String) throws {
            try shipped.replacingOccurrences(of: "scheme: shanghai-residence-points\nversion: \"2015\"", with: "scheme: hup-test\nversion: \"\(version)\"")
                .write(to: folder.appendingPathComponent("hup-test.yaml"), atomically: true, encoding: .utf8)
        }
        try write("first")
        let (daemon, port, log) = try DaemonTests().startDaemon(["--scheme-dir", folder.path])
        defer { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() }
        let client = try await PointsClient.connect(host: "127.0.0.1", port: port)
        defer { Task { await client.close() } }
        func served() async throws -> [String] {
            try await client.listSchemes(timeout: patience).schemes.filter { $0.id == "hup-test" }.map(\.version)
        }
        #expect(try await served() == ["first"])
        try write("second")
        kill(daemon.processIdentifier, SIGHUP)
        #expect(waitForLog(log, containing: "schemes reloaded"))
        #expect(try await served() == ["second"])
        try "scheme: hup-test\nversion: broken\n".write(to: folder.appendingPathComponent("hup-test.yaml"), atomically: true, encoding: .utf8)
        kill(daemon.processIdentifier, SIGHUP)
        #expect(waitForLog(log, containing: "reload rejected"))
        #expect(try await served() == ["second"], "a broken folder leaves the schemes served unchanged")
        #expect(daemon.isRunning)
    }
}
