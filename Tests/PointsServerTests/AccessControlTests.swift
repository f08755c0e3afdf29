import Foundation
import PointsClient
import PointsCore
import PointsProtocol
import PointsServer
import PointsTestSupport
import Testing

/// Roles and tokens: every method is denied unless a role grants it.
@Suite struct AccessControlTests {
    static let methods = AccessPolicy.grants.keys.sorted()

    private func code(_ client: PointsClient, _ method: String, payload: Data = Data()) async -> Points_V1_Code {
        do {
            _ = try await client.call(method, payload: payload, timeout: patience)
            return .ok
        } catch {
            return error.code
        }
    }

    @Test func anUnknownOrMissingTokenIsUnauthenticatedOnEveryMethod() async throws {
        try await withSecuredServer(configure: { $0.maxAuthenticationFailures = 1_000 }) { _, port in
            let stranger = try await PointsClient.connect(host: "127.0.0.1", port: port, token: "not-a-known-token")
            let anonymous = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await stranger.close(); await anonymous.close() } }
            for method in Self.methods + ["NoSuchMethod"] {
                #expect(await code(stranger, method) == .unauthenticated, "\(method) with an unknown token")
                #expect(await code(anonymous, method) == .unauthenticated, "\(method) without a token")
            }
        }
    }

    @Test func aConnectionFailingAuthenticationRepeatedlyIsClosed() async throws {
        try await withSecuredServer(configure: { $0.maxAuthenticationFailures = 3 }) { _, port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.sendPreface()
            for id in 1...3 { try await raw.send(callFrame(id: UInt64(id), method: "Health", payload: Data())) }
            for id in 1...3 {
                #expect(try await raw.waitForFrame { $0.response.callID == UInt64(id) }?.response.status.code == .unauthenticated)
            }
            #expect(try await raw.connectionError()?.code == .unauthenticated)
            #expect(await raw.waitForClose())
            let scorer = try await TestAgencies.connect(.scorer, port: port)
            defer { Task { await scorer.close() } }
            #expect(await code(scorer, "Health") == .ok)
        }
    }

    @Test func theEducationRoleReachesEnrolmentTierAndNothingElse() async throws {
        try await withSecuredServer { _, port in
            let bureau = try await TestAgencies.connect(.education, port: port)
            defer { Task { await bureau.close() } }
            for method in Self.methods where method != "EnrolmentTier" {
                #expect(await code(bureau, method) == .permissionDenied, "\(method)")
            }
            var request = Points_V1_EnrolmentTierRequest()
            request.scheme = "panyu-school-points"
            request.asOf = "2016-05-01"
            request.parent = try Points_V1_Facts(document: try DocumentNode.parse(yaml: SchoolMethodsTests.parent), asOf: LocalDate(iso: "2016-05-01")!)
            request.child.schoolStage = "primary"
            #expect(try await bureau.enrolmentTier(request).tier == "priority_batch")
        }
    }

    @Test func eachRoleReachesWhatItIsGranted() async throws {
        try await withSecuredServer { _, port in
            for (role, _) in TestAgencies.tokens {
                let client = try await TestAgencies.connect(role, port: port)
                for method in Self.methods {
                    let granted = AccessPolicy.grants[method]!.contains(role)
                    let answer = await code(client, method)
                    #expect((answer != .permissionDenied) == granted, "\(role) → \(method): \(answer)")
                    #expect(answer != .unauthenticated)
                }
                await client.close()
            }
            let scorer = try await TestAgencies.connect(.scorer, port: port)
            #expect(try await scorer.score(try scoreRequest()).card.total == "200")
            #expect(await code(scorer, "NoSuchMethod") == .unimplemented)
            await scorer.close()
        }
    }

    @Test func theConfigFileListsAgenciesByTokenHash() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.yaml")
        try """
            host: 0.0.0.0
            decision_log: /var/lib/points/decisions.sqlite
            decision_key: a-secret-of-enough-length
            agencies:
              - {name: hr-bureau, token_sha256: \(Digests.sha256Hex(Array("t1".utf8))), roles: [scorer]}
              - {name: education-bureau, token_sha256: \(Digests.sha256Hex(Array("t2".utf8))), roles: [education]}
            """.write(to: good, atomically: true, encoding: .utf8)
        let configuration = try ServerConfiguration.load(path: good.path)
        #expect(!configuration.access.isLocalDevelopment)
        #expect(try configuration.access.authorize(method: "Score", metadata: ["authorization": "Bearer t1"]).get() == Caller(agency: "hr-bureau"))
        let bad = folder.appendingPathComponent("bad.yaml")
        try """
            agencies:
              - {name: hr-bureau, token_sha256: plaintext-token, roles: [scorer, janitor]}
            """.write(to: bad, atomically: true, encoding: .utf8)
        let error = #expect(throws: ConfigurationError.self) { try ServerConfiguration.load(path: bad.path) }
        #expect(error?.problems.contains { $0.contains("bad.yaml:2") && $0.contains("token_sha256 must be the 64 hex digits") } == true)
        #expect(error?.problems.contains { $0.contains("roles must list some of") } == true)
    }

    @Test func localDevelopmentModeBindsLoopbackOnly() async throws {
        var configuration = ServerConfiguration()
        configuration.host = "0.0.0.0"
        configuration.port = 0
        let server = PointsServer(configuration: configuration, service: PointsService(catalog: try SchemeCatalog.builtIn()), logger: .init(label: "test"))
        await #expect(throws: ConfigurationError.self) { try await server.start() }
    }
}
