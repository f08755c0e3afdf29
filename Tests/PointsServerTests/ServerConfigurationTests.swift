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

    @Test func theShippedExampleConfigLoadsAndNamesEveryKey() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("deploy/pointsd.yaml").path
        let configuration = try ServerConfiguration.load(path: path).validated()
        #expect(configuration.port == 7400 && configuration.metricsPort == 9100 && configuration.decisionLogPath == "/var/lib/pointsd/decisions.sqlite")
        #expect(!configuration.access.isLocalDevelopment)
        // Every setting is in the example, set or commented out.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for setting in ServerSettings.all {
            // The TLS settings are the file's `tls:` mapping.
            let key = setting.key.hasPrefix("tls_") ? "  " + setting.key.dropFirst(4) : setting.key
            #expect(text.contains("\(key): "), "deploy/pointsd.yaml names \(setting.key)")
        }
        #expect(configuration.tls?.clientCA == "/etc/pointsd/tls/agencies-ca.pem" && configuration.access.identifiesByCertificate)
        let unit = try String(contentsOf: root.appendingPathComponent("deploy/pointsd.service"), encoding: .utf8)
        for line in ["User=pointsd", "NoNewPrivileges=yes", "ProtectSystem=strict", "Restart=on-failure", "ExecReload=/bin/kill -HUP $MAINPID"] {
            #expect(unit.contains(line), "the unit has \(line)")
        }
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

/// Settings that only the merged configuration shows, and the settings table behind flags.
@Suite struct MergedConfigurationTests {
    @Test func agenciesWithADecisionLogNeedAKeyWhereverTheLogWasNamed() throws {
        var configuration = ServerConfiguration()
        configuration.access = AccessPolicy(agencies: [Agency(name: "a", tokenSHA256: String(repeating: "0", count: 64), roles: [.scorer])])
        configuration.decisionLogPath = "/tmp/log.sqlite"  // as from --decision-log
        let error = #expect(throws: ConfigurationError.self) { try configuration.validated() }
        #expect(error?.problems.first?.contains("decision_key") == true)
        configuration.decisionKey = String(repeating: "k", count: 16)
        #expect(throws: Never.self) { try configuration.validated() }
    }

    @Test func agenciesOffLoopbackNeedTLSUnlessPlaintextIsAllowed() throws {
        var configuration = ServerConfiguration()
        configuration.host = "0.0.0.0"
        configuration.access = AccessPolicy(agencies: [Agency(name: "a", tokenSHA256: String(repeating: "0", count: 64), roles: [.scorer])])
        let error = #expect(throws: ConfigurationError.self) { try configuration.validated() }
        #expect(error?.problems == ["host: agencies on 0.0.0.0 would send bearer tokens and applicants' facts in clear text; configure tls: {certificate, private_key} (and client_ca for agencies' certificates), or allow_plaintext: true when a balancer on this host terminates TLS"])
        configuration.allowPlaintext = true
        #expect(throws: Never.self) { try configuration.validated() }
        configuration.allowPlaintext = false
        configuration.tls = TLSSettings()
        configuration.tls?.certificate = "/etc/pointsd/server.pem"
        let incomplete = #expect(throws: ConfigurationError.self) { try configuration.validated() }
        #expect(incomplete?.problems == ["tls: private_key is missing (the PEM key of the certificate)"])
        configuration.tls?.privateKey = "/etc/pointsd/server.key"
        #expect(throws: Never.self) { try configuration.validated() }
    }

    @Test func agenciesKnownByCertificateAreReadAndChecked() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("points-config-\(UUID().uuidString).yaml").path
        try """
            tls: {certificate: s.pem, private_key: s.key, min_version: "1.3"}
            agencies:
              - {name: hr, certificate_sha256: \(String(repeating: "A", count: 64)), roles: [scorer]}
              - {name: edu, subject: "CN=education-bureau, O=Education Bureau", token_sha256: \(String(repeating: "1", count: 64)), roles: [education]}
              - {name: none, roles: [auditor]}
              - {name: both, certificate_sha256: \(String(repeating: "b", count: 64)), subject: "CN=x", roles: [auditor]}
              - {name: odd, subject: "just words", roles: [auditor]}
            """.write(toFile: dir, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let error = #expect(throws: ConfigurationError.self) { try ServerConfiguration.load(path: dir) }
        #expect(error?.problems.map { $0.replacingOccurrences(of: dir, with: "F") } == [
            "F:5: agencies: none: needs a token_sha256, a client certificate (certificate_sha256 or subject), or both",
            "F:6: agencies: both: give certificate_sha256 or subject, not both",
            "F:7: agencies: odd: subject must be TYPE=value pairs, e.g. 'CN=hr-bureau, O=Human Resources Bureau'",
        ])
        try """
            tls: {certificate: s.pem, private_key: s.key, min_version: "1.3"}
            agencies:
              - {name: hr, certificate_sha256: \(String(repeating: "A", count: 64)), roles: [scorer]}
              - {name: edu, subject: "CN=education-bureau, O=Education Bureau", token_sha256: \(String(repeating: "1", count: 64)), roles: [education]}
            """.write(toFile: dir, atomically: true, encoding: .utf8)
        let configuration = try ServerConfiguration.load(path: dir)
        #expect(configuration.tls?.minimumVersion == .v1_3 && configuration.access.identifiesByCertificate)
        let noCA = #expect(throws: ConfigurationError.self) { try configuration.validated() }
        #expect(noCA?.problems.first?.hasPrefix("agencies: some agency is known by its client certificate, which needs tls: {client_ca: FILE}") == true)
        // The certificate decides without a token; the token with its certificate; never one without the other.
        let hr = PeerIdentity(certificateSHA256: String(repeating: "a", count: 64), subject: ["CN=hr"])
        let edu = PeerIdentity(certificateSHA256: String(repeating: "c", count: 64), subject: ["CN=education-bureau", "O=Education Bureau", "C=CN"])
        #expect(try configuration.access.authorize(method: "Score", metadata: [:], peer: hr).get().agency == "hr")
        if case .failure(let refusal) = configuration.access.authorize(method: "EnrolmentTier", metadata: [:], peer: edu) {
            #expect(refusal.message == "agency edu must also send its bearer token (metadata authorization: Bearer <token>)")
        } else {
            Issue.record("an agency with a token and a certificate needs both")
        }
    }

    @Test func everySettingHasOneEntryAndRangeChecksItsValue() {
        let keys = ServerSettings.all.map(\.key)
        #expect(Set(keys).count == keys.count)
        var configuration = ServerConfiguration()
        #expect(ServerSettings.setting("max_frame_bytes")?.apply("1", to: &configuration) == "expected a whole number in 64...1073741824, got '1'")
        #expect(ServerSettings.setting("max_frame_bytes")?.apply("65536", to: &configuration) == nil && configuration.maxFrameBytes == 65_536)
        #expect(ServerSettings.setting("idle_timeout_seconds")?.help == "Close a connection with no complete frame and no call for this many seconds (default 300)")
        #expect(ServerSettings.setting("max_connections_per_peer")?.flag == "--max-connections-per-peer")
    }
}
