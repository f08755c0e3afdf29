import Foundation
import Logging
import PointsCore
import PointsProtocol

/// The operator's and auditor's methods: `ReloadSchemes`, `GetDecision`, `ListDecisions`.
/// They run on the thread pool (file and database work).
struct AdminService: Sendable {

    let store: SchemeStore
    let log: (any DecisionLog)?
    let hasher: ApplicantHasher
    let metrics: ServerMetrics
    let logger: Logger

    func handle(_ method: PointsMethod, payload: Data, agency: String) throws(RPCError) -> Data {
        switch method {
        case .reloadSchemes:
            let _: Points_V1_ReloadSchemesRequest = try PayloadCodec.decode(payload)
            var response = Points_V1_ReloadSchemesResponse()
            response.schemes = try reload(by: .agency(agency)).schemes.map { PointsService.version($0.metadata) }
            return try PayloadCodec.encode(response)
        case .getDecision:
            let request: Points_V1_GetDecisionRequest = try PayloadCodec.decode(payload)
            guard let record = try read({ try $0.decision(id: Int64(clamping: request.id)) }) else {
                throw RPCError(.notFound, "no decision \(request.id)")
            }
            var response = Points_V1_GetDecisionResponse()
            response.decision = record.proto
            return try PayloadCodec.encode(response)
        case .listDecisions:
            let request: Points_V1_ListDecisionsRequest = try PayloadCodec.decode(payload)
            let limit = request.hasLimit ? Int(min(max(request.limit, 1), 1000)) : 100
            let applicantHash = request.hasApplicantRef ? hasher.hash(request.applicantRef) : nil
            var response = Points_V1_ListDecisionsResponse()
            response.decisions = try read {
                try $0.decisions(afterID: Int64(clamping: request.afterID), limit: limit, agency: request.hasAgency ? request.agency : nil,
                                 method: request.hasMethod ? request.method : nil, applicantHash: applicantHash)
            }.map(\.proto)
            return try PayloadCodec.encode(response)
        case .score, .scoreBatch, .listSchemes, .getScheme, .health, .enrolmentTier, .allocateSeats:
            throw RPCError(.internal, "\(method.rawValue) is not an operator's or auditor's method")
        }
    }

    /// Re-reads the scheme folder; a broken file rejects the whole reload, the old schemes stay.
    func reload(by trigger: ReloadTrigger) throws(RPCError) -> SchemeCatalog {
        guard store.directory != nil else {
            throw RPCError(.failedPrecondition, "pointsd was started without a scheme folder (--scheme-dir); there is nothing to reload")
        }
        do {
            let catalog = try store.reload()
            metrics.reload(outcome: "ok")
            metrics.schemesLoaded(catalog.schemes.count)
            logger.notice("schemes reloaded", metadata: [trigger.key: "\(trigger.name)", "versions": "\(catalog.schemes.map { "\($0.metadata.id) \($0.metadata.version)" }.joined(separator: ", "))"])
            return catalog
        } catch {
            metrics.reload(outcome: "rejected")
            logger.error("reload rejected; the schemes served are unchanged", metadata: [trigger.key: "\(trigger.name)", "problems": "\(error.diagnostics.count)"])
            throw RPCError(.failedPrecondition, "reload rejected, the schemes served are unchanged:\n" + error.diagnostics.map(\.description).joined(separator: "\n"))
        }
    }

    /// A query of the decision log; a database failure is `INTERNAL`.
    private func read<T>(_ query: (any DecisionLog) throws -> T) throws(RPCError) -> T {
        guard let log else { throw RPCError(.failedPrecondition, "pointsd keeps no decision log (start it with --decision-log PATH)") }
        do {
            return try query(log)
        } catch {
            throw RPCError(.internal, "the decision log could not be read: \(error)")
        }
    }
}

/// What asked for a reload: an agency's call, or a signal to the process (logged as such).
public enum ReloadTrigger: Sendable {
    /// An operator agency's `ReloadSchemes` call.
    case agency(String)
    /// A signal, e.g. `SIGHUP`.
    case signal(String)

    /// The log's key for it.
    var key: String {
        switch self {
        case .agency: return "agency"
        case .signal: return "signal"
        }
    }

    /// Who or what.
    var name: String {
        switch self {
        case .agency(let name), .signal(let name): return name
        }
    }
}
