import NIOPosix
import PointsCore

/// One `CardText` per thread, reused from call to call: a card is worded and written within
/// one synchronous call on one thread, so no two calls share it at once, and a server thread
/// stops allocating text buffers after its first cards.
enum ThreadCardText {
    nonisolated(unsafe) private static let variable = ThreadSpecificVariable<CardText>()

    /// This thread's text.
    static var current: CardText {
        if let text = variable.currentValue { return text }
        let text = CardText()
        variable.currentValue = text
        return text
    }
}
