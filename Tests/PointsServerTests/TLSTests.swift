import Foundation
import PointsClient
import PointsCore
import PointsProtocol
import PointsServer
import PointsTLS
import PointsTestSupport
import Testing

/// The committed test PKI (Scripts/make-test-certs.sh) and what the tests derive from it.
enum TestPKI {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("TLS")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// SHA-256 of a PEM certificate's DER bytes, as `certificate_sha256` takes it.
    static func fingerprint(_ name: String) throws -> String {
        let pem = try String(contentsOfFile: path("\(name).pem"), encoding: .utf8)
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Digests.sha256Hex(Data(base64Encoded: body)!)
    }

    /// A client of the test CA, as `agency` (a certificate of the PKI) or with no certificate.
    static func client(_ agency: String? = nil, ca: String = "ca", token: String? = nil, port: Int) async throws -> PointsClient {
        let tls = ClientTLS(caFile: path("\(ca).pem"), certificateFile: agency.map { path("\($0).pem") }, keyFile: agency.map { path("\($0).key") })
        return try await PointsClient.connect(host: "127.0.0.1", port: port, token: token, tls: tls)
    }

    /// The server's settings: its certificate, and the test CA for agencies' certificates.
    static func settings(certificate: String = "server") -> TLSSettings {
        var settings = TLSSettings()
        settings.certificate = path("\(certificate).pem")
        settings.privateKey = path("\(certificate).key")
        settings.clientCA = path("ca.pem")
        return settings
    }
}

/// TLS and mutual TLS end to end: the real server with `TLSConnectionSecurity`, the real client.
@Suite struct TLSTests {
    /// hr-bureau by certificate fingerprint (scorer), education-bureau by subject (education),
    /// and the token agencies of the other tests (token alone works over TLS too).
    static func access() throws -> AccessPolicy {
        AccessPolicy(agencies: [
            Agency(name: "hr-bureau", tokenSHA256: nil, certificate: .sha256(try TestPKI.fingerprint("hr-bureau")), roles: [.scorer]),
            Agency(name: "education-bureau", tokenSHA256: nil, certificate: CertificateMatch.subject(parsing: "O=Education Bureau, CN=education-bureau"), roles: [.education]),
            Agency(name: "auditor-with-both", tokenSHA256: Digests.sha256Hex(Array("both-token-3e9d".utf8)), certificate: .sha256(try TestPKI.fingerprint("hr-bureau")),
                   roles: [.auditor]),
        ] + TestAgencies.tokens.map { Agency(name: "\($0.key.rawValue)-agency", tokenSHA256: Digests.sha256Hex(Array($0.value.utf8)), roles: [$0.key]) })
    }

    func withTLSServer<T>(_ body: (PointsServer, Int) async throws -> T) async throws -> T {
        let security = try TLSConnectionSecurity(settings: TestPKI.settings())
        let access = try Self.access()
        return try await withSecuredServer(security: security, configure: { $0.access = access; $0.tls = TestPKI.settings() }, body)
    }

    @Test func anAgencyKnownByItsCertificateGetsExactlyItsRoles() async throws {
        try await withTLSServer { _, port in
            let hr = try await TestPKI.client("hr-bureau", port: port)
            defer { Task { await hr.close() } }
            let card = try await hr.score(try scoreRequest(), timeout: .seconds(60))
            #expect(card.card.total == "200")
            await #expect(throws: RPCError.self) { _ = try await hr.listDecisions(Points_V1_ListDecisionsRequest(), timeout: .seconds(60)) }
            await expectFailure("PERMISSION_DENIED: agency hr-bureau may not call EnrolmentTier") {
                _ = try await hr.enrolmentTier(Points_V1_EnrolmentTierRequest(), timeout: .seconds(60))
            }
            // Known by subject: education only.
            let education = try await TestPKI.client("education-bureau", port: port)
            defer { Task { await education.close() } }
            await expectFailure("PERMISSION_DENIED: agency education-bureau may not call Score") {
                _ = try await education.score(try scoreRequest(), timeout: .seconds(60))
            }
        }
    }

    @Test func tokensWorkOverTLSAndAnAgencyWithBothNeedsBoth() async throws {
        try await withTLSServer { _, port in
            let tokenOnly = try await TestPKI.client(token: TestAgencies.tokens[.scorer], port: port)
            defer { Task { await tokenOnly.close() } }
            #expect(try await tokenOnly.score(try scoreRequest(), timeout: .seconds(60)).card.total == "200")
            let noCertificate = try await TestPKI.client(token: "both-token-3e9d", port: port)
            defer { Task { await noCertificate.close() } }
            await #expect(throws: RPCError.self) { _ = try await noCertificate.listDecisions(Points_V1_ListDecisionsRequest(), timeout: .seconds(60)) }
            await expectFailure("UNAUTHENTICATED: agency auditor-with-both must also connect with its client certificate") {
                _ = try await noCertificate.health(timeout: .seconds(60))
            }
            let anonymous = try await TestPKI.client(port: port)
            defer { Task { await anonymous.close() } }
            await expectFailure("UNAUTHENTICATED: no bearer token and no client certificate") {
                _ = try await anonymous.health(timeout: .seconds(60))
            }
        }
    }

    @Test func aWrongCAAnExpiredCertificateAndAPlaintextClientEachFailClearly() async throws {
        try await withTLSServer { _, port in
            // The server's certificate is not signed by the CA the client trusts.
            await expectFailure("the server's certificate could not be verified: it is not signed by the CA given (--tls-ca)") {
                let client = try await TestPKI.client("hr-bureau", ca: "other-ca", port: port)
                await client.close()
            }
            // An expired client certificate, and one from a CA the server does not trust: refused
            // in the handshake (TLS 1.2) or at the first call (TLS 1.3), in words either way.
            for (agency, reason) in [("expired", "the server refused our client certificate: it has expired"),
                                     ("stranger", "the server refused our client certificate: it is not signed by the CA the server trusts")] {
                await expectFailure(reason) {
                    let client = try await TestPKI.client(agency, port: port)
                    defer { Task { await client.close() } }
                    _ = try await client.health(timeout: .seconds(60))
                }
            }
            // A plaintext client is told, in plaintext, that this port speaks TLS only.
            await expectFailure("this server accepts TLS connections only") {
                let client = try await PointsClient.connect(host: "127.0.0.1", port: port, token: TestAgencies.tokens[.scorer])
                defer { Task { await client.close() } }
                _ = try await client.health(timeout: .seconds(60))
            }
        }
        // A TLS client of a plaintext server.
        try await withSecuredServer { _, port in
            await expectFailure("TLS handshake with 127.0.0.1:\(port) failed") {
                let client = try await TestPKI.client("hr-bureau", port: port)
                await client.close()
            }
        }
    }

    @Test func certificatesReloadAndABrokenOneIsRefused() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func install(_ name: String) throws {
            for suffix in ["pem", "key"] {
                let target = folder.appendingPathComponent("server.\(suffix)")
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(atPath: TestPKI.path("\(name).\(suffix)"), toPath: target.path)
            }
        }
        try install("server")
        var settings = TestPKI.settings()
        settings.certificate = folder.appendingPathComponent("server.pem").path
        settings.privateKey = folder.appendingPathComponent("server.key").path
        let security = try TLSConnectionSecurity(settings: settings)
        let access = try Self.access()
        try await withSecuredServer(security: security, configure: { $0.access = access; $0.tls = settings }) { server, port in
            let before = try await TestPKI.client("hr-bureau", port: port)
            // A broken certificate file is refused; the one in use stays.
            try "not a certificate".write(to: folder.appendingPathComponent("server.pem"), atomically: true, encoding: .utf8)
            #expect(throws: RPCError.self) { try server.reloadCertificates(by: .signal("SIGHUP")) }
            let still = try await TestPKI.client("hr-bureau", port: port)
            await still.close()
            // The other CA's certificate: new connections trust that CA now, open ones go on.
            try install("server-other")
            try server.reloadCertificates(by: .signal("SIGHUP"))
            await expectFailure("could not be verified") {
                let client = try await TestPKI.client("hr-bureau", port: port)
                await client.close()
            }
            let after = try await TestPKI.client(ca: "other-ca", token: TestAgencies.tokens[.scorer], port: port)
            #expect(try await after.health(timeout: .seconds(60)).status == .serving)
            #expect(try await before.health(timeout: .seconds(60)).status == .serving, "a connection made before the reload keeps its session")
            await after.close()
            await before.close()
        }
    }

    @Test func theServerRefusesUnusableFilesWithTheirNames() throws {
        var missing = TestPKI.settings()
        missing.privateKey = "/nonexistent/server.key"
        let error = #expect(throws: ConfigurationError.self) { try TLSConnectionSecurity(settings: missing) }
        #expect(error?.description == "tls: private_key /nonexistent/server.key: no such file")
        var mismatched = TestPKI.settings()
        mismatched.privateKey = TestPKI.path("hr-bureau.key")
        let mismatch = #expect(throws: ConfigurationError.self) { try TLSConnectionSecurity(settings: mismatched) }
        #expect(mismatch?.description.contains("cannot be used together") == true, "\(String(describing: mismatch))")
        var expired = TestPKI.settings()
        expired.certificate = TestPKI.path("expired.pem")
        expired.privateKey = TestPKI.path("expired.key")
        let old = #expect(throws: ConfigurationError.self) { try TLSConnectionSecurity(settings: expired) }
        #expect(old?.description.contains("expired on 2021-01-01") == true, "\(String(describing: old))")
    }
}

/// Runs `body`, expecting an error whose text contains `text`.
func expectFailure(_ text: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected a failure saying '\(text)'", sourceLocation: sourceLocation)
    } catch {
        let shown = "\(error)"
        #expect(shown.contains(text), "\(shown)", sourceLocation: sourceLocation)
    }
}
