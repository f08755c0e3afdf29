import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A pointsd process for tests that watch it from outside: its port, its log, its memory.
final class RunningPointsd {
    let process: Process
    let port: Int
    /// The rest of its standard error.
    let log: Pipe
    /// What it logged up to the line with its port.
    let startupLog: String

    /// Starts `pointsd --port PORT` (0: any) with `arguments`.
    init(_ arguments: [String] = [], port: Int = 0) throws {
        (self.process, self.port, self.log, self.startupLog) = try Self.launch(arguments, port: port)
    }

    /// Starts `pointsd --port PORT` (0: any; with more arguments) and reads the bound port from its log.
    static func launch(_ arguments: [String], port: Int = 0) throws -> (process: Process, port: Int, log: Pipe, startupLog: String) {
        let process = Process()
        // POINTSD=path runs another build (a release one, to measure what an attack costs).
        process.executableURL = ProcessInfo.processInfo.environment["POINTSD"].map { URL(fileURLWithPath: $0) }
            ?? PointsRunner.executable.deletingLastPathComponent().appendingPathComponent("pointsd")
        process.arguments = ["--port", String(port)] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var log = ""
        while true {
            // Blocks until pointsd writes: the port line is the event; the end of the log ends it too.
            let chunk = err.fileHandleForReading.availableData
            log += String(decoding: chunk, as: UTF8.self)
            if let line = log.split(separator: "\n").first(where: { $0.contains("pointsd listening") }),
               let range = line.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                let port = Int(line[range].split(separator: ":").last!)!
                return (process, port, err, log)
            }
            if chunk.isEmpty { break }
        }
        process.terminate()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "pointsd did not report its port: \(log)"])
    }

    /// The metrics port, when started with `--metrics-port`.
    var metricsPort: Int? {
        guard let range = startupLog.range(of: #"metrics at http://127\.0\.0\.1:\d+"#, options: .regularExpression) else { return nil }
        return Int(startupLog[range].split(separator: ":").last!)
    }

    /// The server's own time spent on `method`'s calls so far, in milliseconds (the sum of
    /// its `points_call_duration_seconds` histogram): what a hostile call cost the server.
    func serverMilliseconds(of method: String) throws -> Double {
        guard let port = metricsPort else { return .nan }
        let page = String(decoding: try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/metrics")!), as: UTF8.self)
        let prefix = "points_call_duration_seconds_sum{method=\"\(method)\"} "
        guard let line = page.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return 0 }
        return (Double(line.dropFirst(prefix.count)) ?? .nan) * 1_000
    }

    /// Resident memory now, in MiB (Linux: /proc/PID/status).
    var residentMiB: Int {
        guard let status = try? String(contentsOfFile: "/proc/\(self.process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1024
    }

    /// Stops it with SIGTERM and waits.
    func stop() {
        if self.process.isRunning { kill(self.process.processIdentifier, SIGTERM) }
        self.process.waitUntilExit()
    }

    deinit { self.stop() }
}
