import Synchronization

/// A value another module derives from a scheme's plan once and reuses on every call (the
/// protocol's pre-encoded bytes of a summary card).
public final class PlanCache: Sendable {
    private let slot = Mutex<AnyObject?>(nil)

    init() {}

    /// The cached value, made by `make` the first time.
    public func value<T: AnyObject & Sendable>(_ make: () -> T) -> T {
        slot.withLock { slot in
            if let value = slot as? T { return value }
            let value = make()
            slot = value
            return value
        }
    }
}
