import Foundation
import Testing

/// pointsd as an operator runs it: a real process, the CLI talking to it, SIGTERM to stop.
@Suite struct DaemonTests {
    /// Starts `pointsd --port 0` (with more arguments) and reads the bound port from its log.
    func startDaemon(_ arguments: [String] = []) throws -> (Process, Int, Pipe) {
        let process = Process()
        process.executableURL = PointsRunner.executable.deletingLastPathComponent().appendingPathComponent("pointsd")
        process.arguments = ["--port", "0"] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var log = ""
        let deadline = Date().addingTimeInterval(120)  // a guard: the loop ends on the port line or the end of the log
        while Date() < deadline {
            let chunk = err.fileHandleForReading.availableData
            log += String(decoding: chunk, as: UTF8.self)
            if let range = log.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                let port = Int(log[range].split(separator: ":").last!)!
                return (process, port, err)
            }
            if chunk.isEmpty { break }
        }
        process.terminate()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "pointsd did not report its port: \(log)"])
    }

    @Test func theCLIScoresRemotelyWithIdenticalOutputAndSIGTERMStopsCleanly() throws {
        let (daemon, port, _) = try startDaemon()
        for format in ["json", "text"] {
            let local = try PointsRunner.run(["score", "Examples/bachelor-renting.yaml", "--as-of", "2025-06-01", "--format", format])
            let remote = try PointsRunner.run(["score", "Examples/bachelor-renting.yaml", "--as-of", "2025-06-01", "--format", format,
                                               "--server", "127.0.0.1:\(port)"])
            #expect(remote.status == 0, "\(remote.stderr)")
            #expect(remote.stdout == local.stdout)
        }
        let missingLocal = try PointsRunner.run(["score", PointsRunner.fixture("missing-birth-date.yaml"), "--as-of", "2025-06-01"])
        let missingRemote = try PointsRunner.run(["score", PointsRunner.fixture("missing-birth-date.yaml"), "--as-of", "2025-06-01",
                                                  "--server", "127.0.0.1:\(port)"])
        #expect(missingRemote.status != 0 && missingRemote.stderr == missingLocal.stderr)
        for format in ["json", "text"] {
            let tier = ["tier", "Examples/panyu-parent.yaml", "--scheme", "panyu-school-points", "--as-of", "2016-05-01", "--stage", "primary", "--format", format]
            let local = try PointsRunner.run(tier), remote = try PointsRunner.run(tier + ["--server", "127.0.0.1:\(port)"])
            #expect(remote.status == 0 && remote.stdout == local.stdout, "\(remote.stderr)")
        }
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 0)
    }
}
