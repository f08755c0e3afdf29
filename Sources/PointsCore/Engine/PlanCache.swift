import Synchronization

/// Values another module derives from a scheme's plan once and reuses on every call (the
/// protocol's pre-encoded bytes of cards), one of each type.
public final class PlanCache: Sendable {
    private let values = Mutex<[ObjectIdentifier: AnyObject]>([:])

    init() {}

    /// The cached value of type `T`, made by `make` the first time.
    public func value<T: AnyObject & Sendable>(_ make: () -> T) -> T {
        values.withLock { values in
            // Stored under its own type's key: no cast to check.
            if let value = values[ObjectIdentifier(T.self)] { return unsafeDowncast(value, to: T.self) }
            let value = make()
            values[ObjectIdentifier(T.self)] = value
            return value
        }
    }
}
