import NIOPosix
import PointsCore

/// A result and a text per thread, reused from call to call: a call is scored, worded and
/// written within one synchronous run on one thread, so no two calls share them at once, and a
/// server thread stops allocating them after its first call. What is read from them is valid
/// until the thread scores again.
final class ThreadScratch {
    /// Where evaluations go.
    let result = ScoreResult()
    /// Where cards are worded.
    let text = CardText()

    nonisolated(unsafe) private static let variable = ThreadSpecificVariable<ThreadScratch>()

    /// This thread's scratch.
    static var current: ThreadScratch {
        if let scratch = variable.currentValue { return scratch }
        let scratch = ThreadScratch()
        variable.currentValue = scratch
        return scratch
    }
}
