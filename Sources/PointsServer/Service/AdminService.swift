import Foundation
import Logging
import PointsCore
import PointsProtocol
import SwiftProtobuf

/// The operator's and auditor's methods: `ReloadSchemes`, `GetDecision`, `ListDecisions`.
/// They run on the thread pool (file and database work).
struct AdminService: Sendable {
    static let methods: Set<String> = ["ReloadSchemes", "GetDecision", "ListDecisions"]

    let store: SchemeStore
    let log: DecisionLog?
    let hasher: ApplicantHasher
    let metrics: ServerMetrics
    let logger: Logger

    func handle(_ method: String, payload: Data, agency: String) throws(RPCError) -> Data {
        do {
            switch method {
            case "ReloadSchemes":
                _ = try Points_V1_ReloadSchemesRequest(serializedBytes: payload)
                let catalog = try reload(by: agency)
                var response = Points_V1_ReloadSchemesResponse()
                response.schemes = catalog.schemes.map { PointsService.version($0.metadata) }
                return try response.serializedData()
            case "GetDecision":
                let request = try Points_V1_GetDecisionRequest(serializedBytes: payload)
                guard let record = try decisionLog().decision(id: Int64(clamping: request.id)) else {
                    throw RPCError(.notFound, "no decision \(request.id)")
                }
                var response = Points_V1_GetDecisionResponse()
                response.decision = record.proto
                return try response.serializedData()
            case "ListDecisions":
                let request = try Points_V1_ListDecisionsRequest(serializedBytes: payload)
                let limit = request.hasLimit ? Int(min(max(request.limit, 1), 1000)) : 100
                let records = try decisionLog().decisions(afterID: Int64(clamping: request.afterID), limit: limit,
                                                          agency: request.hasAgency ? request.agency : nil,
                                                          method: request.hasMethod ? request.method : nil,
                                                          applicantHash: request.hasApplicantRef ? hasher.hash(request.applicantRef) : nil)
                var response = Points_V1_ListDecisionsResponse()
                response.decisions = records.map(\.proto)
                return try response.serializedData()
            default:
                throw RPCError(.unimplemented, "unknown method '\(method)'")
            }
        } catch let error as RPCError {
            throw error
        } catch let error as SwiftProtobuf.BinaryDecodingError {
            throw RPCError(.invalidArgument, "the payload is not a valid request for \(method): \(error)")
        } catch {
            throw RPCError(.internal, "\(method) failed: \(error)")
        }
    }

    /// Re-reads the scheme folder; a broken file rejects the whole reload, the old schemes stay.
    func reload(by agency: String) throws(RPCError) -> SchemeCatalog {
        guard store.directory != nil else {
            throw RPCError(.failedPrecondition, "pointsd was started without a scheme folder (--scheme-dir); there is nothing to reload")
        }
        do {
            let catalog = try store.reload()
            metrics.reload(outcome: "ok")
            metrics.schemesLoaded(catalog.schemes.count)
            logger.notice("schemes reloaded", metadata: ["agency": "\(agency)", "versions": "\(catalog.schemes.map { "\($0.metadata.id) \($0.metadata.version)" }.joined(separator: ", "))"])
            return catalog
        } catch {
            metrics.reload(outcome: "rejected")
            logger.error("reload rejected; the schemes served are unchanged", metadata: ["agency": "\(agency)", "problems": "\(error.diagnostics.count)"])
            throw RPCError(.failedPrecondition, "reload rejected, the schemes served are unchanged:\n" + error.diagnostics.map(\.description).joined(separator: "\n"))
        }
    }

    private func decisionLog() throws(RPCError) -> DecisionLog {
        guard let log else { throw RPCError(.failedPrecondition, "pointsd keeps no decision log (start it with --decision-log PATH)") }
        return log
    }
}
