import Logging
import NIOPosix

/// What every connection of a server shares: the schemes, the access policy, the decision
/// log, the metrics, the thread pool and its queue bound, and the logger.
struct ServerEnvironment: Sendable {
    let store: SchemeStore
    let configuration: ServerConfiguration
    let log: (any DecisionLog)?
    let hasher: ApplicantHasher
    let metrics: ServerMetrics
    let threadPool: NIOThreadPool
    let work: WorkQueue
    let logger: Logger

    var admin: AdminService {
        AdminService(store: store, log: log, hasher: hasher, metrics: metrics, logger: logger)
    }
}
