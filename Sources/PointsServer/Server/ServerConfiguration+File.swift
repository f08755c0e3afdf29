import Foundation
import NIOCore
import PointsCore

extension ServerConfiguration {
    /// Reads a server config file (YAML): `host`, `port`, `unix_socket`, `max_frame_bytes`,
    /// `max_calls_per_connection`, `max_connections`, `idle_timeout_seconds`,
    /// `first_frame_timeout_seconds`, `event_loops`, `scheme_dir`, `decision_log`, `decision_key`,
    /// `metrics_port`, `agencies`. Unknown keys and bad values are errors with their line.
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
            case "scheme_dir": configuration.schemeDirectory = value
            case "decision_log": configuration.decisionLogPath = value
            case "decision_key": configuration.decisionKey = value
            case "metrics_port": configuration.metricsPort = whole(0...65_535)
            case "agencies":
                let agencies = Self.agencies(entry.value, path: path, problems: &problems)
                configuration.access = AccessPolicy(agencies: agencies)
            default: problems.append("\(path):\(entry.value.line): unknown key '\(entry.key)'")
            }
        }
        if root.entries == nil, !root.isNull { problems.append("\(path):\(root.line): expected a mapping of settings") }
        if !configuration.access.isLocalDevelopment, configuration.decisionLogPath != nil, (configuration.decisionKey?.count ?? 0) < 16 {
            problems.append("\(path): decision_key: give at least 16 characters of secret to key the applicant-id hashes")
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return configuration
    }
}

extension ServerConfiguration {
    /// `agencies: [{name, token_sha256, roles: [scorer|education|operator|auditor]}]`.
    static func agencies(_ node: DocumentNode, path: String, problems: inout [String]) -> [Agency] {
        guard let items = node.items else {
            problems.append("\(path):\(node.line): agencies: expected a list of {name, token_sha256, roles}")
            return []
        }
        var agencies: [Agency] = []
        for item in items {
            let name = item["name"]?.scalar ?? ""
            let hash = (item["token_sha256"]?.scalar ?? "").lowercased()
            let roleNames = item["roles"]?.items?.compactMap(\.scalar) ?? []
            let roles = roleNames.compactMap(Role.init(rawValue:))
            for key in (item.entries ?? []).map(\.key) where !["name", "token_sha256", "roles"].contains(key) {
                problems.append("\(path):\(item.line): agencies: unknown key '\(key)'")
            }
            if name.isEmpty { problems.append("\(path):\(item.line): agencies: every agency needs a name") }
            if hash.count != 64 || !hash.allSatisfy(\.isHexDigit) {
                problems.append("\(path):\(item.line): agencies: \(name): token_sha256 must be the 64 hex digits of the token's SHA-256 (sha256sum), never the token itself")
            }
            if roles.isEmpty || roles.count != roleNames.count {
                problems.append("\(path):\(item.line): agencies: \(name): roles must list some of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if agencies.contains(where: { $0.tokenSHA256 == hash }) { problems.append("\(path):\(item.line): agencies: \(name): two agencies share a token") }
            agencies.append(Agency(name: name, tokenSHA256: hash, roles: Set(roles)))
        }
        return agencies
    }
}

/// A server config file that cannot be used.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// `file:line: what is wrong` lines.
    public let problems: [String]

    public var description: String { problems.joined(separator: "\n") }
}
