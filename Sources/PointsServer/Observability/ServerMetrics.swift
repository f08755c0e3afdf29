import CoreMetrics
import Foundation
import Prometheus
import PointsProtocol
import Synchronization

/// The server's metrics through swift-metrics, kept in this server's own Prometheus registry
/// (so several servers in one process, as in tests, never share counters).
public final class ServerMetrics: Sendable {
    /// Where the metrics are kept; `/metrics` renders it.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let connections: CoreMetrics.Meter
    private let inFlight: CoreMetrics.Meter
    private let schemes: CoreMetrics.Gauge
    /// The per-call counters and timers, made once each: making one is a registry lookup.
    private let callCounters = Mutex<[CallKey: CoreMetrics.Counter]>([:])
    private let callTimers = Mutex<[String: CoreMetrics.Timer]>([:])

    private struct CallKey: Hashable {
        let method: String
        let code: Int
    }

    /// Fresh metrics.
    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(5),
        ]
        self.registry = registry
        self.factory = factory
        self.connections = CoreMetrics.Meter(label: "points_connections", factory: factory)
        self.inFlight = CoreMetrics.Meter(label: "points_calls_in_flight", factory: factory)
        self.schemes = CoreMetrics.Gauge(label: "points_scheme_versions_loaded", factory: factory)
    }

    /// One answered call: counted by method and status, its latency in the histogram.
    public func call(method: String, code: Points_V1_Code, nanoseconds: Int64) {
        callMetric(method: method, code: code).record(nanoseconds: nanoseconds)
    }

    /// The counter and timer that answered calls of `method` with `code` are recorded in: a
    /// caller that answers many keeps it rather than looking it up (under locks) per call.
    public func callMetric(method: String, code: Points_V1_Code) -> CallMetric {
        let name = PointsMethod.label(of: method)
        let counter = callCounters.withLock { counters in
            let key = CallKey(method: name, code: code.rawValue)
            if let counter = counters[key] { return counter }
            let counter = CoreMetrics.Counter(label: "points_calls_total", dimensions: [("method", name), ("status", code.name)], factory: factory)
            counters[key] = counter
            return counter
        }
        let timer = callTimers.withLock { timers in
            if let timer = timers[name] { return timer }
            let timer = CoreMetrics.Timer(label: "points_call_duration_seconds", dimensions: [("method", name)], factory: factory)
            timers[name] = timer
            return timer
        }
        return CallMetric(counter: counter, timer: timer)
    }

    /// A connection opened (+1) or closed (−1).
    public func connection(_ delta: Int) { delta > 0 ? connections.increment() : connections.decrement() }

    /// A call started (+1) or was answered (−1) off the event loop or awaiting the decision log.
    public func inFlight(_ delta: Int) { delta > 0 ? inFlight.increment() : inFlight.decrement() }

    /// The number of scheme versions served.
    public func schemesLoaded(_ count: Int) { schemes.record(count) }

    /// A reload, by outcome (`ok` or `rejected`).
    public func reload(outcome: String) {
        CoreMetrics.Counter(label: "points_reloads_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }

    /// The Prometheus text exposition.
    public func render() -> String { registry.emitToString() }
}

/// Where answered calls of one method and status are counted and timed.
public struct CallMetric: Sendable {
    let counter: CoreMetrics.Counter
    let timer: CoreMetrics.Timer

    /// One answered call and its latency.
    public func record(nanoseconds: Int64) {
        counter.increment()
        timer.recordNanoseconds(nanoseconds)
    }
}
