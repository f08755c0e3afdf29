import Foundation
import NIOCore
import PointsCore

extension ServerConfiguration {
    /// Reads a server config file (YAML): `host`, `port`, `unix_socket`, `max_frame_bytes`,
    /// `max_calls_per_connection`, `max_connections`, `idle_timeout_seconds`,
    /// `first_frame_timeout_seconds`, `event_loops`. Unknown keys and bad values are errors with their line.
    ///
    /// - Throws: `ConfigurationError` listing every problem.
    public static func load(path: String) throws(ConfigurationError) -> ServerConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(problems: ["\(path): cannot read the file"])
        }
        let root: DocumentNode
        do {
            root = try DocumentNode.parse(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigurationError(problems: ["\(path):\(error.line): \(error.message)"])
        }
        var configuration = ServerConfiguration()
        var problems: [String] = []
        for entry in root.entries ?? [] {
            let value = entry.value.scalar ?? ""
            func whole(_ range: ClosedRange<Int>) -> Int? {
                guard let n = Int(value), range.contains(n) else {
                    problems.append("\(path):\(entry.value.line): \(entry.key): expected a whole number in \(range.lowerBound)...\(range.upperBound), got '\(value)'")
                    return nil
                }
                return n
            }
            switch entry.key {
            case "host": configuration.host = value
            case "port": configuration.port = whole(0...65_535) ?? configuration.port
            case "unix_socket": configuration.unixSocketPath = value
            case "max_frame_bytes": configuration.maxFrameBytes = whole(64...1_073_741_824) ?? configuration.maxFrameBytes
            case "max_calls_per_connection": configuration.maxCallsPerConnection = whole(1...1_000_000) ?? configuration.maxCallsPerConnection
            case "max_connections": configuration.maxConnections = whole(1...1_000_000) ?? configuration.maxConnections
            case "idle_timeout_seconds": configuration.idleTimeout = .seconds(Int64(whole(1...86_400) ?? 300))
            case "first_frame_timeout_seconds": configuration.firstFrameTimeout = .seconds(Int64(whole(1...3_600) ?? 10))
            case "event_loops": configuration.eventLoops = whole(1...1_024)
            default: problems.append("\(path):\(entry.value.line): unknown key '\(entry.key)'")
            }
        }
        if root.entries == nil, !root.isNull { problems.append("\(path):\(root.line): expected a mapping of settings") }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return configuration
    }
}

/// A server config file that cannot be used.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// `file:line: what is wrong` lines.
    public let problems: [String]

    public var description: String { problems.joined(separator: "\n") }
}
