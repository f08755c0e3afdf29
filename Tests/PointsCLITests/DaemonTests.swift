import Foundation
import Testing

/// pointsd as an operator runs it: a real process, the CLI talking to it, SIGTERM to stop.
@Suite struct DaemonTests {
    /// Starts `pointsd --port 0` (with more arguments) and reads the bound port from its log.
    func startDaemon(_ arguments: [String] = []) throws -> (Process, Int, Pipe) {
        let started = try RunningPointsd.launch(arguments)
        return (started.process, started.port, started.log)
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
