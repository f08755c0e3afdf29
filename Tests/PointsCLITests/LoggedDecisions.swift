import PointsClient
import PointsProtocol

/// Every decision a server's log holds, read page by page through `ListDecisions` as an
/// auditor: their applicant hashes and how many there are.
func loggedDecisions(port: Int, auditorToken: String) async throws -> (hashes: Set<String>, count: Int) {
    let auditor = try await PointsClient.connect(host: "127.0.0.1", port: port, token: auditorToken)
    defer { Task { await auditor.close() } }
    var hashes = Set<String>(), count = 0
    var query = Points_V1_ListDecisionsRequest()
    query.limit = 1000
    while true {
        let page = try await auditor.listDecisions(query, timeout: patience).decisions
        guard let last = page.last else { break }
        hashes.formUnion(page.map(\.applicantHash))
        count += page.count
        query.afterID = last.id
    }
    return (hashes, count)
}
