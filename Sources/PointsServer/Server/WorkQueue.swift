import NIOConcurrencyHelpers

/// The server-wide bound on calls queued or running on the thread pool: a full queue answers
/// `RESOURCE_EXHAUSTED` at once instead of growing without bound.
final class WorkQueue: Sendable {
    private let limit: Int
    private let count = NIOLockedValueBox(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place, or returns false when all `limit` are taken.
    func tryAcquire() -> Bool {
        count.withLockedValue { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    /// Gives a place back when its work has ended.
    func release() {
        count.withLockedValue { $0 -= 1 }
    }
}
