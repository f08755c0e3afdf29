import Foundation

/// Runs the built `points` executable, as an operator would, and captures its output.
struct PointsRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The package root (two folders above this file's folder).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `points` binary beside the test bundle in the build folder.
    static var executable: URL {
        var folder = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("points").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("points")
    }

    /// A fixture file's path.
    static func fixture(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/PointsCLITests/Fixtures/\(name)").path
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try run(program: executable, arguments, environment: environment)
    }

    /// Runs `pointsd` (the debug build beside `points`) to its exit: for arguments it refuses.
    static func runPointsd(_ arguments: [String]) throws -> Result {
        try run(program: executable.deletingLastPathComponent().appendingPathComponent("pointsd"), arguments)
    }

    /// Runs a Python script (a path from the package root) with `python3`.
    static func python(_ script: String, _ arguments: [String]) throws -> Result {
        try run(program: URL(fileURLWithPath: "/usr/bin/env"), ["python3", script] + arguments)
    }

    /// Runs another program (a script, a browser) from the package root.
    static func run(program: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// How long a test's call may take before the test gives up: a guard against a hang, never a
/// measure (a loaded machine may be slow; it must not fail the suite).
let patience = Duration.seconds(120)

/// Reads a process's log until a line holds `text` (or the log ends): the event a test waits
/// for, not a duration.
///
/// - Returns: Whether the text appeared.
func waitForLog(_ pipe: Pipe, containing text: String) -> Bool {
    readLog(pipe, until: text) != nil
}

/// What `pipe` gives up to and including the line with `text` (nil if it ends first).
func readLog(_ pipe: Pipe, until text: String) -> String? {
    var log = ""
    while true {
        let chunk = pipe.fileHandleForReading.availableData
        if chunk.isEmpty { return nil }
        log += String(decoding: chunk, as: UTF8.self)
        if let found = log.range(of: text) {
            // The rest of that line, which may still be on its way.
            while !log[found.upperBound...].contains("\n") {
                let more = pipe.fileHandleForReading.availableData
                if more.isEmpty { break }
                log += String(decoding: more, as: UTF8.self)
            }
            return log
        }
    }
}
