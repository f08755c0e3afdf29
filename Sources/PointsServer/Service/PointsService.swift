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

    /// Every method the service answers (the rest of `PointsMethod` are `AdminService`'s).
    public static let methods = PointsMethod.allCases.filter { !$0.isAdministrative }.map(\.rawValue)

    /// Calls costing more than this many cards run on the thread pool, off the event loop.
    public static let inlineCostLimit = 64

    /// Payloads longer than this are decoded on the thread pool as well (a `Score` whose
    /// `extra` values hold a megabyte of flow text is work, whatever it scores).
    public static let inlinePayloadBytes = 64 * 1024

    /// Creates the service.
    public init(catalog: SchemeCatalog, today: @escaping @Sendable () -> LocalDate = { LocalDate.today() }) {
        self.catalog = catalog
        self.today = today
    }

    /// Decodes a call, checks it against `RequestBounds` and costs it; nothing is evaluated yet.
    ///
    /// - Parameters:
    ///   - method: The method name.
    ///   - payload: The request message.
    ///   - answerLimit: The largest answer that may be sent (the frame limit): a call whose
    ///     answer would be larger fails with `RESOURCE_EXHAUSTED` as soon as that is known.
    /// - Returns: The call to run, or nil when there is no such method (never nil for a name
    ///   in `methods`).
    /// - Throws: `RPCError` for a payload that is not the method's request or passes a bound.
    public func prepare(_ name: String, payload: Data, answerLimit: Int) throws(RPCError) -> PreparedCall? {
        guard let method = PointsMethod(rawValue: name) else { return nil }
        switch method {
        case .score:
            // Most calls are plain facts: read them straight from the bytes.
            if let direct = ScoreRequestBytes(payload) {
                try RequestBounds.check(identifier: direct.applicantRef, field: "applicant_ref")
                return PreparedCall(cost: 1) { recorder, _ throws(RPCError) in
                    let scored = try score(scheme: direct.scheme, asOf: direct.asOf, knownOn: direct.rulesKnownOn,
                                           fill: { direct.fill(&$0, reader: $1) }) { () throws(RPCError) in
                        let request: Points_V1_ScoreRequest = try PayloadCodec.decode(payload)
                        return request.facts
                    }
                    return answer(scored, detail: direct.detail, applicantRef: direct.applicantRef, recorder: &recorder)
                }
            }
            let request: Points_V1_ScoreRequest = try PayloadCodec.decode(payload)
            try RequestBounds.check(identifier: request.applicantRef, field: "applicant_ref")
            return PreparedCall(cost: 1) { recorder, _ throws(RPCError) in
                answer(try score(request), detail: request.detail, applicantRef: request.applicantRef, recorder: &recorder)
            }
        case .scoreBatch:
            // Counted before decoding: an oversized batch costs its refusal nothing.
            try RequestBounds.check(count: WireFieldCount.occurrences(of: 1, in: payload) ?? 0, of: "requests", atMost: RequestBounds.batchRequests)
            let request: Points_V1_ScoreBatchRequest = try PayloadCodec.decode(payload)
            for (index, item) in request.requests.enumerated() {
                try RequestBounds.check(identifier: item.applicantRef, field: "requests[\(index)].applicant_ref")
            }
            return PreparedCall(cost: max(1, request.requests.count)) { recorder, cancellation throws(RPCError) in
                try scoreBatch(request, answerLimit: answerLimit, recorder: &recorder, cancellation: cancellation)
            }
        case .listSchemes:
            let _: Points_V1_ListSchemesRequest = try PayloadCodec.decode(payload)
            return PreparedCall(cost: 1) { _, _ throws(RPCError) in
                var response = Points_V1_ListSchemesResponse()
                response.schemes = catalog.schemes.map { Self.version($0.metadata) }
                return try PayloadCodec.encode(response)
            }
        case .getScheme:
            let request: Points_V1_GetSchemeRequest = try PayloadCodec.decode(payload)
            return PreparedCall(cost: 1) { _, _ throws(RPCError) in
                let scheme = try find(request)
                var response = Points_V1_GetSchemeResponse()
                response.scheme = Self.version(scheme.metadata)
                response.text = scheme.text
                if let parameters = scheme.parameterText { response.parameterText = parameters }
                return try PayloadCodec.encode(response)
            }
        case .health:
            let request: Points_V1_HealthCheckRequest = try PayloadCodec.decode(payload)
            return PreparedCall(cost: 1) { _, _ throws(RPCError) in
                var response = Points_V1_HealthCheckResponse()
                response.status = request.service.isEmpty || request.service == "points.v1.Points" ? .serving : .serviceUnknown
                return try PayloadCodec.encode(response)
            }
        case .enrolmentTier:
            let request: Points_V1_EnrolmentTierRequest = try PayloadCodec.decode(payload)
            try RequestBounds.check(identifier: request.applicantRef, field: "applicant_ref")
            return PreparedCall(cost: 1) { recorder, _ throws(RPCError) in
                try PayloadCodec.encode(try enrolmentTier(request, recorder: &recorder))
            }
        case .allocateSeats:
            try Self.checkCounts(payload)
            let request: Points_V1_AllocateSeatsRequest = try PayloadCodec.decode(payload)
            try Self.checkBounds(request)
            // Scoring an applicant is a card; placing them walks their choices.
            let cost = request.applicants.reduce(1) { $0 + 1 + $1.preferences.count / 8 }
            return PreparedCall(cost: cost) { recorder, cancellation throws(RPCError) in
                try PayloadCodec.encode(try allocateSeats(request, recorder: &recorder, cancellation: cancellation))
            }
        case .reloadSchemes, .getDecision, .listDecisions:
            return nil
        }
    }

    /// Scores a batch item by item, stopping when the call is cancelled or its answer would
    /// pass `answerLimit`.
    private func scoreBatch(_ request: Points_V1_ScoreBatchRequest, answerLimit: Int, recorder: inout DecisionRecorder?,
                            cancellation: CallCancellation) throws(RPCError) -> Data {
        var response = RepeatedMessageBytes(field: 1)
        for item in request.requests {
            try cancellation.check()
            var bytes: Data
            do throws(RPCError) {
                // A result is its status (OK), then its card as field 2, written directly.
                let scored = try score(item)
                recorder?.record(scored.result, under: scored.scheme, method: "ScoreBatch", applicantRef: item.applicantRef)
                bytes = Self.okStatus
                bytes += item.detail == .summary
                    ? scored.scheme.summaryResponseBytes(scored.row, scored.result, cardField: 2)
                    : scored.scheme.fullResponseBytes(scored.row, scored.result, cardField: 2)
            } catch {
                var result = Points_V1_ScoreBatchResult()
                result.status = error.status
                do {
                    bytes = try result.serializedData()
                } catch {
                    throw RPCError(.internal, "could not encode the response")
                }
            }
            response.append(bytes)
            guard response.bytes.count <= answerLimit else {
                throw RPCError(.resourceExhausted, "the answer to this batch would be larger than the \(answerLimit)-byte frame limit; send fewer requests per batch or ask for summaries")
            }
        }
        return Data(response.bytes)
    }

    /// A `ScoreBatchResult`'s status field holding OK, as swift-protobuf writes it.
    private static let okStatus: Data = {
        var result = Points_V1_ScoreBatchResult()
        result.status.code = .ok
        return try! result.serializedData()
    }()

    /// Scores one request: picks the version in force, reads the facts straight into a row
    /// (through the facts decoder when a value needs its words), and evaluates into this
    /// thread's result (valid until the thread scores again).
    func score(_ request: Points_V1_ScoreRequest) throws(RPCError) -> (scheme: Scheme, row: FactRow, result: ScoreResult) {
        try score(scheme: request.scheme, asOf: request.asOf, knownOn: request.rulesKnownOn,
                  fill: { request.facts.fill(&$0, reader: $1) }) { () throws(RPCError) in request.facts }
    }

    /// Scores facts that `fill` reads straight into a row, or, when it cannot, the decoded
    /// `facts` the slow way.
    private func score(scheme id: String, asOf: String, knownOn: String, fill: (inout FactRow, FactTextReader) -> Bool,
                       facts: () throws(RPCError) -> Points_V1_Facts) throws(RPCError) -> (scheme: Scheme, row: FactRow, result: ScoreResult) {
        let known = try rulesKnownOn(knownOn)
        let (scheme, date) = try resolve(scheme: id, asOf: asOf, knownOn: known)
        var row = FactRow(width: scheme.registry.count)
        let result = ThreadScratch.result
        if !fill(&row, FactTextReader(scheme: scheme, asOf: date)) {
            let wire = try facts()
            do {
                row.fill(try wire.facts(decoder: FactsDecoder(registry: scheme.registry, asOf: date)), registry: scheme.registry)
            } catch {
                throw RPCError(facts: error)
            }
        }
        scheme.evaluate(row, asOf: date, into: result)
        guard result.isComplete else { throw RPCError(facts: scheme.missingFactsError(result)) }
        result.rulesKnownOn = known
        return (scheme, row, result)
    }

    /// A Score call's answer, written directly (a summary from the result's numbers, a full
    /// card from its words), its decision recorded.
    private func answer(_ scored: (scheme: Scheme, row: FactRow, result: ScoreResult), detail: Points_V1_Detail, applicantRef: String,
                        recorder: inout DecisionRecorder?) -> Data {
        recorder?.record(scored.result, under: scored.scheme, method: "Score", applicantRef: applicantRef)
        if detail == .summary { return scored.scheme.summaryResponseBytes(scored.row, scored.result) }
        return scored.scheme.fullResponseBytes(scored.row, scored.result)
    }

    /// The scheme version in force on the request's date (the default scheme when none is
    /// named), among the versions known on `knownOn` when given.
    func resolve(scheme id: String, asOf text: String, knownOn: LocalDate? = nil) throws(RPCError) -> (Scheme, LocalDate) {
        try RequestBounds.check(identifier: id, field: "scheme")
        let date = try asOf(text)
        do {
            return (try catalog.scheme(id: id.isEmpty ? Self.defaultScheme : id, asOf: date, knownOn: knownOn), date)
        } catch {
            throw RPCError(.notFound, error.description)
        }
    }

    private func find(_ request: Points_V1_GetSchemeRequest) throws(RPCError) -> Scheme {
        if !request.version.isEmpty {
            guard let scheme = catalog.versions(of: request.id).first(where: { $0.metadata.version == request.version }) else {
                throw RPCError(.notFound, "no version '\(request.version.shownName)' of scheme '\(request.id.shownName)'")
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

    /// A request's `rules_known_on`: nil when absent.
    func rulesKnownOn(_ text: String) throws(RPCError) -> LocalDate? {
        if text.isEmpty { return nil }
        guard let date = LocalDate(iso: text) else { throw RPCError(.invalidArgument, "rules_known_on: expected a date YYYY-MM-DD, got '\(text.shownName)'") }
        return date
    }

    private func asOf(_ text: String) throws(RPCError) -> LocalDate {
        if text.isEmpty { return today() }
        guard let date = LocalDate(iso: text) else { throw RPCError(.invalidArgument, "as_of: expected a date YYYY-MM-DD, got '\(text.shownName)'") }
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
        if let published = m.publishedOn { out.publishedOn = published.description }
        return out
    }
}
