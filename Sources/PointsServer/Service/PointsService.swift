import Foundation
import PointsCore
import PointsProtocol

/// The methods of the `Points` service over an immutable snapshot of schemes.
///
/// Pure request-to-response functions: no sockets, no event loops. The connection handler
/// decides where they run (inline on the event loop, or on the thread pool for big batches).
public struct PointsService: Sendable {
    /// The schemes served.
    public let catalog: SchemeCatalog
    /// Today's date for requests without `as_of` (China Standard Time).
    public let today: @Sendable () -> LocalDate

    /// The scheme a request without one is scored under.
    public static let defaultScheme = "guangzhou-hukou"

    /// Every method the service answers.
    public static let methods = ["Score", "ScoreBatch", "ListSchemes", "GetScheme", "Health", "EnrolmentTier", "AllocateSeats"]

    /// Batches with more requests than this run on the thread pool, off the event loop.
    public static let inlineBatchLimit = 64

    /// Creates the service.
    public init(catalog: SchemeCatalog, today: @escaping @Sendable () -> LocalDate = { LocalDate.today() }) {
        self.catalog = catalog
        self.today = today
    }

    /// How a method runs.
    public enum Route: Sendable {
        /// Microseconds of work: answer on the event loop.
        case inline
        /// Long work: run on the thread pool; it counts toward the in-flight limit.
        case offloaded
    }

    /// Where `method` should run, or nil when there is no such method.
    public func route(_ method: String, payloadSize: Int) -> Route? {
        switch method {
        case "Score", "ListSchemes", "GetScheme", "Health", "EnrolmentTier": return .inline
        // Scores every applicant of a district: always off the event loop.
        case "AllocateSeats": return .offloaded
        // A ScoreRequest is at least a few dozen bytes; a payload this big is a big batch.
        case "ScoreBatch": return payloadSize > Self.inlineBatchLimit * 64 ? .offloaded : .inline
        default: return nil
        }
    }

    /// Runs one call.
    ///
    /// - Parameter recorder: Collects the decisions made (Score, ScoreBatch, EnrolmentTier,
    ///   AllocateSeats) when the server keeps a decision log; nil records nothing.
    /// - Returns: The serialised response message.
    /// - Throws: `RPCError` with the status to answer.
    public func handle(_ method: String, payload: Data, recorder: inout DecisionRecorder?) throws(RPCError) -> Data {
        switch method {
        case "Score":
            let request: Points_V1_ScoreRequest = try PayloadCodec.decode(payload)
            let card = try evaluate(request)
            recorder?.record(card, method: "Score", applicantRef: request.applicantRef)
            // The summary is what bulk callers ask for many times a second: encode it directly.
            if request.detail == .summary { return Data(card.summaryResponseBytes()) }
            var response = Points_V1_ScoreResponse()
            response.card = Points_V1_ScoreCard(card)
            return try PayloadCodec.encode(response)
        case "ScoreBatch":
            let request: Points_V1_ScoreBatchRequest = try PayloadCodec.decode(payload)
            var response = Points_V1_ScoreBatchResponse()
            response.results = request.requests.map { item in
                var result = Points_V1_ScoreBatchResult()
                do throws(RPCError) {
                    let card = try evaluate(item)
                    recorder?.record(card, method: "ScoreBatch", applicantRef: item.applicantRef)
                    result.card = Points_V1_ScoreCard(card, detail: item.detail)
                    result.status.code = .ok
                } catch {
                    result.status = error.status
                }
                return result
            }
            return try PayloadCodec.encode(response)
        case "ListSchemes":
            let _: Points_V1_ListSchemesRequest = try PayloadCodec.decode(payload)
            var response = Points_V1_ListSchemesResponse()
            response.schemes = catalog.schemes.map { Self.version($0.metadata) }
            return try PayloadCodec.encode(response)
        case "GetScheme":
            let request: Points_V1_GetSchemeRequest = try PayloadCodec.decode(payload)
            let scheme = try find(request)
            var response = Points_V1_GetSchemeResponse()
            response.scheme = Self.version(scheme.metadata)
            response.text = scheme.text
            return try PayloadCodec.encode(response)
        case "Health":
            let request: Points_V1_HealthCheckRequest = try PayloadCodec.decode(payload)
            var response = Points_V1_HealthCheckResponse()
            response.status = request.service.isEmpty || request.service == "points.v1.Points" ? .serving : .serviceUnknown
            return try PayloadCodec.encode(response)
        case "EnrolmentTier":
            return try PayloadCodec.encode(try enrolmentTier(try PayloadCodec.decode(payload), recorder: &recorder))
        case "AllocateSeats":
            return try PayloadCodec.encode(try allocateSeats(try PayloadCodec.decode(payload), recorder: &recorder))
        default:
            throw RPCError(.unimplemented, "unknown method '\(method)'; methods are \(Self.methods.joined(separator: ", "))")
        }
    }

    /// Scores one request: picks the version in force, decodes and validates the facts.
    public func evaluate(_ request: Points_V1_ScoreRequest) throws(RPCError) -> ScoreCard {
        let (scheme, date) = try resolve(scheme: request.scheme, asOf: request.asOf)
        do {
            let facts = try request.facts.facts(decoder: FactsDecoder(registry: scheme.registry, asOf: date))
            return try scheme.evaluate(facts, asOf: date, explain: request.detail != .summary)
        } catch {
            throw RPCError(.invalidArgument, error.issues.map(\.description).joined(separator: "\n"))
        }
    }

    /// The scheme version in force on the request's date (the default scheme when none is named).
    func resolve(scheme id: String, asOf text: String) throws(RPCError) -> (Scheme, LocalDate) {
        let date = try asOf(text)
        do {
            return (try catalog.scheme(id: id.isEmpty ? Self.defaultScheme : id, asOf: date), date)
        } catch {
            throw RPCError(.notFound, error.description)
        }
    }

    private func find(_ request: Points_V1_GetSchemeRequest) throws(RPCError) -> Scheme {
        if !request.version.isEmpty {
            guard let scheme = catalog.versions(of: request.id).first(where: { $0.metadata.version == request.version }) else {
                throw RPCError(.notFound, "no version '\(request.version)' of scheme '\(request.id)'")
            }
            return scheme
        }
        do {
            return try catalog.scheme(id: request.id, asOf: try asOf(request.asOf))
        } catch let error as CatalogError {
            throw RPCError(.notFound, error.description)
        } catch {
            throw error as! RPCError
        }
    }

    private func asOf(_ text: String) throws(RPCError) -> LocalDate {
        if text.isEmpty { return today() }
        guard let date = LocalDate(iso: text) else { throw RPCError(.invalidArgument, "as_of: expected a date YYYY-MM-DD, got '\(text)'") }
        return date
    }

    static func version(_ m: SchemeMetadata) -> Points_V1_SchemeVersion {
        var out = Points_V1_SchemeVersion()
        out.id = m.id
        out.version = m.version
        out.title.zh = m.title.zh
        out.title.en = m.title.en
        out.effectiveFrom = m.effectiveFrom.description
        out.effectiveTo = m.effectiveTo?.description ?? ""
        out.contentHash = m.contentHash
        return out
    }
}
