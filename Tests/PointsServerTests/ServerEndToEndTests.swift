import Foundation
import NIOCore
import PointsClient
import PointsCore
import PointsProtocol
import PointsServer
import PointsTestSupport
import Testing

/// The real server on a loopback port, through the real client.
@Suite struct ServerEndToEndTests {
    @Test func aThousandConcurrentCallsOnOneConnectionGetTheirOwnCards() async throws {
        try await withServer { port in
            let client = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await client.close() } }
            let scheme = try SchemeCatalog.builtIn().scheme(id: "guangzhou-hukou", asOf: LocalDate(iso: "2025-06-01")!)
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<1_000 {
                    group.addTask {
                        let months = 72 + i % 120
                        let yaml = workedExample(permitMonths: months)
                        let remote = try await client.score(try scoreRequest(yaml), timeout: patience).card
                        let local = try scheme.score(document: try DocumentNode.parse(yaml: yaml), asOf: LocalDate(iso: "2025-06-01")!)
                        return try ScoreCard(remote) == local
                    }
                }
                var matched = 0
                for try await ok in group where ok { matched += 1 }
                #expect(matched == 1_000)
            }
        }
    }

    @Test func listGetAndHealthDescribeWhatIsServed() async throws {
        try await withServer { port in
            let client = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await client.close() } }
            let list = try await client.listSchemes()
            #expect(list.schemes.map { "\($0.id) \($0.version)" } == (try SchemeCatalog.builtIn()).schemes.map { "\($0.metadata.id) \($0.metadata.version)" })
            #expect(list.schemes.count == 12 && list.schemes.contains { $0.id == "chongqing-settlement" && $0.version == "2016" })
            var get = Points_V1_GetSchemeRequest()
            get.id = "guangzhou-hukou"
            get.asOf = "2015-01-01"
            let scheme = try await client.getScheme(get)
            #expect(scheme.scheme.version == "2014")
            #expect("sha256:" + Digests.sha256Hex(Array(scheme.text.utf8)) == scheme.scheme.contentHash)
            #expect(try await client.health().status == .serving)
        }
    }

    @Test func aBatchAnswersEachRequestWithItsOwnStatus() async throws {
        try await withServer { port in
            let client = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await client.close() } }
            var batch = Points_V1_ScoreBatchRequest()
            var missing = try scoreRequest()
            missing.facts.clearBirthDate()
            var gap = try scoreRequest()
            gap.asOf = "2019-05-01"
            batch.requests = [try scoreRequest(), missing, gap]
            let results = try await client.scoreBatch(batch).results
            #expect(results.map(\.status.code) == [.ok, .invalidArgument, .notFound])
            #expect(results[0].card.total == "200")
            #expect(results[1].status.message.contains("birth_date"))
            #expect(results[1].status.factIssues.map(\.fact) == ["birth_date"] && results[1].status.factIssues[0].kind == .factIssueMissing)
            #expect(results[2].status.factIssues.isEmpty, "only facts have fact issues")
        }
    }

    @Test func invalidFactsFailOnlyThatCallNamingTheFact() async throws {
        try await withServer { port in
            let client = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await client.close() } }
            var request = try scoreRequest()
            request.facts.housing = "castle"
            let error = await #expect(throws: RPCError.self) { try await client.score(request) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains("housing: expected one of owned") == true)
            #expect(error?.factIssues.map { "\($0.fact) \($0.kind)" } == ["housing factIssueInvalid"], "each fact's issue, with its kind, for a system to show at its field")
            #expect(error?.factIssues.first.map { "\($0.fact): \($0.message)" }.map { error?.message.contains($0) == true } == true)
            #expect(try await client.score(try scoreRequest()).card.total == "200")  // same connection still works
        }
    }

    @Test func anUnknownMethodOrAnUnparsablePayloadFailsOnlyThatCall() async throws {
        try await withServer { port in
            let client = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await client.close() } }
            let unknown = await #expect(throws: RPCError.self) { try await client.call("Teleport", payload: Data()) }
            #expect(unknown?.code == .unimplemented)
            let garbage = await #expect(throws: RPCError.self) { try await client.call("Score", payload: Data([0xff, 0xff, 0xff])) }
            #expect(garbage?.code == .invalidArgument)
            #expect(try await client.score(try scoreRequest()).card.total == "200")
        }
    }

    @Test func anExpiredDeadlineIsAnswered() async throws {
        try await withServer { port in
            let client = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await client.close() } }
            let error = await #expect(throws: RPCError.self) { try await client.scoreBatch(try heavyBatch(), timeout: .milliseconds(1)) }
            #expect(error?.code == .deadlineExceeded)
            #expect(try await expectHealthy(port))
        }
    }

    @Test func aCancelledCallIsAnsweredCancelled() async throws {
        try await withServer { port in
            let raw = try await RawConnection.connect(port: port)
            defer { Task { await raw.close() } }
            try await raw.sendPreface()
            var cancel = Points_V1_ClientFrame()
            cancel.cancel.callID = 7
            // One write: the cancel is read in the same batch as the call, before its work can finish.
            try await raw.send([callFrame(id: 7, method: "ScoreBatch", payload: try heavyBatch(100).serializedBytes()), cancel])
            let answer = try await raw.waitForFrame { $0.response.callID == 7 }
            #expect(answer?.response.status.code == .cancelled)
            try await raw.send(callFrame(id: 8, method: "Health", payload: Data()))
            #expect(try await raw.waitForFrame { $0.response.callID == 8 }?.response.status.code == .ok)
        }
    }

    @Test func callsBeyondTheInFlightLimitAreRefusedAndTheConnectionStays() async throws {
        try await withServer({ $0.maxCallsPerConnection = 1 }) { port in
            let raw = try await RawConnection.connect(port: port)
            defer { Task { await raw.close() } }
            try await raw.sendPreface()
            let batch: Data = try heavyBatch(100).serializedBytes()
            // One write: the second call is read before the first can finish.
            try await raw.send([callFrame(id: 1, method: "ScoreBatch", payload: batch), callFrame(id: 2, method: "ScoreBatch", payload: batch)])
            #expect(try await raw.waitForFrame { $0.response.callID == 2 }?.response.status.code == .resourceExhausted)
            #expect(try await raw.waitForFrame { $0.response.callID == 1 }?.response.status.code == .ok)
            try await raw.send(callFrame(id: 3, method: "Health", payload: Data()))
            #expect(try await raw.waitForFrame { $0.response.callID == 3 }?.response.status.code == .ok)
        }
    }
}
