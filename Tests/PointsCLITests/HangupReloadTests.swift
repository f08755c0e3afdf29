import Foundation
import PointsClient
import PointsTestSupport
import Testing

/// `kill -HUP` makes a running pointsd re-read its scheme folder and its TLS certificates; a
/// broken file is refused and what is served stays as it was.
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

    @Test func sighupReloadsTheTLSCertificates() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pki = PointsRunner.packageRoot.appendingPathComponent("Tests/TLS")
        let certificate = folder.appendingPathComponent("server.pem"), key = folder.appendingPathComponent("server.key")
        func install(_ name: String) throws {
            for (file, suffix) in [(certificate, "pem"), (key, "key")] {
                try? FileManager.default.removeItem(at: file)
                try FileManager.default.copyItem(at: pki.appendingPathComponent("\(name).\(suffix)"), to: file)
            }
        }
        try install("server")
        let config = folder.appendingPathComponent("pointsd.yaml")
        try "tls:\n  certificate: \(certificate.path)\n  private_key: \(key.path)\n".write(to: config, atomically: true, encoding: .utf8)
        let pointsd = try RunningPointsd(["--config", config.path])
        defer { pointsd.stop() }
        func health(trusting ca: String) throws -> PointsRunner.Result {
            try PointsRunner.run(["health", "--server", "127.0.0.1:\(pointsd.port)", "--tls-ca", pki.appendingPathComponent("\(ca).pem").path])
        }
        #expect(try health(trusting: "ca").stdout == "SERVING\n")
        // A broken certificate file is refused by name; the certificate in use stays.
        try "not a certificate".write(to: certificate, atomically: true, encoding: .utf8)
        kill(pointsd.process.processIdentifier, SIGHUP)
        let rejected = readLog(pointsd.log, until: "TLS certificate reload rejected") ?? ""
        #expect(rejected.contains(certificate.path), "the broken file named: \(rejected)")
        #expect(try health(trusting: "ca").stdout == "SERVING\n")
        // Another CA's certificate: new connections present it.
        try install("server-other")
        kill(pointsd.process.processIdentifier, SIGHUP)
        #expect(waitForLog(pointsd.log, containing: "TLS certificates reloaded"))
        #expect(try health(trusting: "other-ca").stdout == "SERVING\n")
        let refused = try health(trusting: "ca")
        #expect(refused.status != 0 && refused.stderr.contains("could not be verified"), "\(refused.stderr)")
        #expect(pointsd.process.isRunning)
    }
}
