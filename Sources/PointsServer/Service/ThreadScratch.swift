import NIOPosix
import PointsCore

/// A result per thread, reused from call to call (with the words it renders): a call is
/// scored, worded and written within one synchronous run on one thread, so no two calls share
/// it at once, and a server thread stops allocating results after its first call. What is read
/// from it is valid until the thread scores again.
enum ThreadScratch {
    nonisolated(unsafe) private static let variable = ThreadSpecificVariable<ScoreResult>()

    /// This thread's result.
    static var result: ScoreResult {
        if let result = variable.currentValue { return result }
        let result = ScoreResult()
        variable.currentValue = result
        return result
    }
}
