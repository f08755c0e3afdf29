import Foundation
import NIOCore

/// The decisions waiting for a log's next commit, and the writer thread that commits them:
/// every decision queued while one transaction runs goes into the next one (group commit).
/// Both decision logs use it; they differ only in how a batch is written.
public final class GroupCommitQueue: @unchecked Sendable {
    private struct Waiting {
        let records: [DecisionRecord]
        let promise: EventLoopPromise<Void>
    }

    private let limit: Int
    // `waiting`, `waitingRecords` and `stopped` are guarded by `condition`.
    private let condition = NSCondition()
    private var waiting: [Waiting] = []
    private var waitingRecords = 0
    private var stopped = false
    private var writer: Thread?

    /// Starts a writer thread named `name` that hands every batch to `commit` (which throws to
    /// fail the batch's calls) until `close()`.
    ///
    /// - Parameters:
    ///   - limit: Decisions that may wait for the next commit; `append` refuses more.
    public init(name: String, limit: Int, commit: @escaping @Sendable ([DecisionRecord]) throws -> Void) {
        self.limit = limit
        // The writer keeps the queue alive until `close()` stops it.
        let thread = Thread { self.writeLoop(commit) }
        thread.name = name
        self.writer = thread
        thread.start()
    }

    /// Queues one call's decisions (see `DecisionLog.append`).
    public func append(_ records: [DecisionRecord], on eventLoop: any EventLoop, within timeout: TimeAmount?) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        condition.lock()
        if stopped || waitingRecords + records.count > limit {
            let error: DecisionLogError = stopped ? .closed : records.count > limit ? .tooLarge(limit) : .full(limit)
            condition.unlock()
            promise.fail(error)
            return promise.futureResult
        }
        waiting.append(Waiting(records: records, promise: promise))
        waitingRecords += records.count
        condition.signal()
        condition.unlock()
        guard let timeout else { return promise.futureResult }
        // Whichever comes first, the commit or the timeout, completes the relay.
        let relay = eventLoop.makePromise(of: Void.self)
        let timer = eventLoop.scheduleTask(in: timeout) { relay.fail(DecisionLogError.timedOut(timeout)) }
        promise.futureResult.whenComplete { result in
            timer.cancel()
            relay.completeWith(result)
        }
        return relay.futureResult
    }

    /// Commits what is queued and stops the writer; later appends fail with `.closed`.
    public func close() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
        while writer?.isFinished == false { Thread.sleep(forTimeInterval: 0.005) }
    }

    private func writeLoop(_ commit: ([DecisionRecord]) throws -> Void) {
        while true {
            condition.lock()
            while waiting.isEmpty && !stopped { condition.wait() }
            let batch = waiting
            waiting.removeAll(keepingCapacity: true)
            waitingRecords = 0
            let done = stopped && batch.isEmpty
            condition.unlock()
            if done { return }
            do {
                try commit(batch.flatMap(\.records))
                for call in batch { call.promise.succeed(()) }
            } catch {
                for call in batch { call.promise.fail(error) }
            }
        }
    }
}
