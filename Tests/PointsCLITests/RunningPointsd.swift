import Foundation

/// A pointsd process for tests that watch it from outside: its port, its log, its memory.
final class RunningPointsd {
    let process: Process
    let port: Int
    /// The rest of its standard error.
    let log: Pipe
    /// What it logged up to the line with its port.
    let startupLog: String

    /// Starts `pointsd --port 0` with `arguments`.
    init(_ arguments: [String] = []) throws {
        (self.process, self.port, self.log, self.startupLog) = try Self.launch(arguments)
    }

    /// Starts `pointsd --port 0` (with more arguments) and reads the bound port from its log.
    static func launch(_ arguments: [String]) throws -> (process: Process, port: Int, log: Pipe, startupLog: String) {
        let process = Process()
        process.executableURL = PointsRunner.executable.deletingLastPathComponent().appendingPathComponent("pointsd")
        process.arguments = ["--port", "0"] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var log = ""
        while true {
            // Blocks until pointsd writes: the port line is the event; the end of the log ends it too.
            let chunk = err.fileHandleForReading.availableData
            log += String(decoding: chunk, as: UTF8.self)
            if let range = log.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                let port = Int(log[range].split(separator: ":").last!)!
                return (process, port, err, log)
            }
            if chunk.isEmpty { break }
        }
        process.terminate()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "pointsd did not report its port: \(log)"])
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
