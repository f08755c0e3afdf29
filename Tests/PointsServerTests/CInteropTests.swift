import CPointsClient
import Foundation
import PointsClient
import PointsCore
import PointsProtocol
import Testing

/// The C client (protobuf-c) and the Swift client (swift-protobuf) against the same server:
/// the same golden cases give exactly the same cards, and each library reads what the other
/// wrote, byte for byte.
@Suite struct CInteropTests {
    /// Every golden case that has a card (not the error cases), as a Swift request.
    static func goldenRequests() throws -> [(String, Points_V1_ScoreRequest)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PointsCoreTests/Cases/guangzhou-hukou")
        return try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".yaml") }.sorted().compactMap { name in
            let node = try DocumentNode.parse(yaml: String(contentsOf: root.appendingPathComponent(name), encoding: .utf8))
            guard node["expect"]?["error"] == nil, let asOf = node["as_of"]?.scalar.flatMap(LocalDate.init(iso:)) else { return nil }
            return (name, try Points_V1_ScoreRequest(document: node["facts"]!, scheme: "guangzhou-hukou", asOf: asOf))
        }
    }

    /// Decodes Swift-encoded bytes with protobuf-c and encodes them again with protobuf-c.
    private func repackedByProtobufC(_ bytes: [UInt8]) -> [UInt8]? {
        guard let request = points__v1__score_request__unpack(nil, bytes.count, bytes) else { return nil }
        defer { points__v1__score_request__free_unpacked(request, nil) }
        var out = [UInt8](repeating: 0, count: points__v1__score_request__get_packed_size(request))
        _ = points__v1__score_request__pack(request, &out)
        return out
    }

    @Test func goldenCasesGiveTheSameCardsThroughBothClients() async throws {
        try await withServer { port in
            let swiftClient = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await swiftClient.close() } }
            var cClient: OpaquePointer?
            #expect(points_connect_tcp("127.0.0.1", Int32(port), 5_000, &cClient) == POINTS_OK)
            defer { points_close(cClient) }
            let cases = try Self.goldenRequests()
            #expect(cases.count >= 25)
            for (name, request) in cases {
                let bytes: [UInt8] = try request.serializedBytes()
                // protobuf-c reads swift-protobuf's bytes and writes them back identically
                // (no map fields here; both encode fields in number order).
                #expect(repackedByProtobufC(bytes) == bytes, "\(name): protobuf-c re-encoding differs")

                guard let cRequest = points__v1__score_request__unpack(nil, bytes.count, bytes) else {
                    Issue.record("\(name): protobuf-c cannot decode the request")
                    continue
                }
                var cResponse: UnsafeMutablePointer<Points__V1__ScoreResponse>?
                let status = points_score(cClient, cRequest, 5_000, &cResponse)
                points__v1__score_request__free_unpacked(cRequest, nil)
                #expect(status == POINTS_OK, "\(name): C client \(String(cString: points_last_error(cClient)))")
                guard let cResponse else { continue }
                var cBytes = [UInt8](repeating: 0, count: points__v1__score_response__get_packed_size(cResponse))
                _ = points__v1__score_response__pack(cResponse, &cBytes)
                points__v1__score_response__free_unpacked(cResponse, nil)

                let swiftResponse = try await swiftClient.score(request)
                let fromC = try Points_V1_ScoreResponse(serializedBytes: cBytes)
                #expect(fromC == swiftResponse, "\(name): the C client's card differs from the Swift client's")
                #expect(cBytes == (try swiftResponse.serializedBytes() as [UInt8]), "\(name): protobuf-c and swift-protobuf bytes differ")
            }
        }
    }
}
