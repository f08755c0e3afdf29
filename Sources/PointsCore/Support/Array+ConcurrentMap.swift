import Dispatch
import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// `map` spread over the machine's cores in contiguous chunks, results in input order.
    ///
    /// For batch jobs (ranking a city's applicants) where each element is independent work.
    func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let chunks = Swift.min(ProcessInfo.processInfo.activeProcessorCount, Swift.max(count / 256, 1))
        guard chunks > 1 else { return map(transform) }
        let results = Mutex<[[T]]>(Array<[T]>(repeating: [], count: chunks))
        self.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let items = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let range = (items.count * chunk / chunks)..<(items.count * (chunk + 1) / chunks)
                let mapped = items[range].map(transform)
                results.withLock { $0[chunk] = mapped }
            }
        }
        return results.withLock { $0.flatMap { $0 } }
    }
}
