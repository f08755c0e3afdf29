import Foundation
import PointsTestSupport

/// HAProxy in TCP mode on a loopback port of its own, in front of pointsd servers: what a city
/// runs in front of several pointsd (`Scripts/test.sh` installs Debian's `haproxy`).
final class Balancer {
    static let executable = ["/usr/sbin/haproxy", "/usr/local/sbin/haproxy"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool { executable != nil }

    let port: Int
    private let process: Process
    private let folder: URL

    /// Starts HAProxy balancing over `backends` (loopback ports), checking each every 200 ms.
    init(backends: [Int]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("points-haproxy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var attempt = 0
        while true {
            let port = freeLoopbackPort()
            let config = folder.appendingPathComponent("haproxy.cfg")
            try Self.configuration(port: port, backends: backends).write(to: config, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.executable!)
            process.arguments = ["-f", config.path, "-db"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Listening is the event; an exit (the port taken meanwhile) means another try.
            while process.isRunning, !acceptsConnections(port: port) { usleep(20_000) }
            if process.isRunning {
                (self.port, self.process) = (port, process)
                return
            }
            attempt += 1
            guard attempt < 5 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "haproxy did not start"]) }
        }
    }

    static func configuration(port: Int, backends: [Int]) -> String {
        """
        global
          maxconn 2000
        defaults
          mode tcp
          timeout connect 2s
          timeout client 10m
          timeout server 10m
          retries 3
          option redispatch
        frontend points
          bind 127.0.0.1:\(port)
          default_backend pointsd
        backend pointsd
          balance roundrobin
        \(backends.enumerated().map { "  server pointsd\($0.offset) 127.0.0.1:\($0.element) check inter 200ms fall 1 rise 1" }.joined(separator: "\n"))

        """
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}
