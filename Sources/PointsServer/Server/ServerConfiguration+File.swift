import Foundation
import NIOCore
import PointsCore

extension ServerConfiguration {
    /// Reads a server config file (YAML): a key of `ServerSettings.all` per setting, and
    /// `agencies`. Unknown keys and bad values are errors with their line. The result is not
    /// yet `validated()`: flags may still change it.
    ///
    /// - Throws: `ConfigurationError` listing every problem.
    public static func load(path: String) throws(ConfigurationError) -> ServerConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(problems: ["\(path): cannot read the file: \((error as NSError).localizedDescription)"])
        }
        let root: DocumentNode
        do {
            root = try DocumentNode.parse(yaml: String(decoding: data, as: UTF8.self), limits: .configuration)
        } catch {
            throw ConfigurationError(problems: [error.located(in: path)])
        }
        var configuration = ServerConfiguration()
        var problems: [String] = []
        for entry in root.entries ?? [] {
            if entry.key == "agencies" {
                configuration.access = AccessPolicy(agencies: Self.agencies(entry.value, path: path, problems: &problems))
            } else if let setting = ServerSettings.setting(entry.key) {
                if let problem = setting.apply(entry.value.scalar ?? "", to: &configuration) {
                    problems.append("\(path):\(entry.value.line): \(entry.key): \(problem)")
                }
            } else {
                let keys = ServerSettings.all.map(\.key) + ["agencies"]
                let hint = closestName(to: entry.key, among: keys).map { "did you mean '\($0)'? " } ?? ""
                problems.append("\(path):\(entry.value.line): unknown key '\(entry.key.shownName)'; \(hint)the keys are \(keys.joined(separator: ", "))")
            }
        }
        if root.entries == nil, !root.isNull { problems.append("\(path):\(root.line): expected a mapping of settings") }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return configuration
    }

    /// Checks what only the whole configuration shows, after the file and the flags are merged.
    ///
    /// - Throws: `ConfigurationError`: agencies and a decision log need a `decision_key` of
    ///   16 characters or more, wherever the log was named.
    public func validated() throws(ConfigurationError) -> ServerConfiguration {
        if !access.isLocalDevelopment, decisionLogPath != nil, (decisionKey?.count ?? 0) < 16 {
            throw ConfigurationError(problems: ["decision_key: agencies and a decision log need a decision_key of at least 16 characters of secret in the config file, to key the applicant-reference hashes"])
        }
        return self
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
