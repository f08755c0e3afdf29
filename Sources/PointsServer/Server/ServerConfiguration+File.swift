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
            } else if entry.key == "tls" {
                Self.tls(entry.value, into: &configuration, path: path, problems: &problems)
            } else if !entry.key.hasPrefix("tls_"), let setting = ServerSettings.setting(entry.key) {
                if let problem = setting.apply(entry.value.scalar ?? "", to: &configuration) {
                    problems.append("\(path):\(entry.value.line): \(entry.key): \(problem)")
                }
            } else {
                let keys = ServerSettings.all.map(\.key).filter { !$0.hasPrefix("tls_") } + ["tls", "agencies"]
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
    ///   16 characters or more, wherever the log was named; TLS needs a certificate and its
    ///   key; agencies known by certificate need a client CA; agencies on a non-loopback
    ///   address need TLS or `allow_plaintext`.
    public func validated() throws(ConfigurationError) -> ServerConfiguration {
        var problems: [String] = []
        if !access.isLocalDevelopment, decisionLogPath != nil, (decisionKey?.count ?? 0) < 16 {
            problems.append("decision_key: agencies and a decision log need a decision_key of at least 16 characters of secret in the config file, to key the applicant-reference hashes")
        }
        problems += tls?.problems ?? []
        if access.identifiesByCertificate, tls?.clientCA == nil {
            problems.append("agencies: some agency is known by its client certificate, which needs tls: {client_ca: FILE} (the CA that signs agencies' certificates)")
        }
        if !access.isLocalDevelopment, !bindsLoopbackOnly, tls == nil, !allowPlaintext {
            problems.append("host: agencies on \(host) would send bearer tokens and applicants' facts in clear text; configure tls: {certificate, private_key} (and client_ca for agencies' certificates), or allow_plaintext: true when a balancer on this host terminates TLS")
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return self
    }

    /// `tls: {certificate, private_key, client_ca, min_version}`, each the setting `tls_KEY`.
    static func tls(_ node: DocumentNode, into configuration: inout ServerConfiguration, path: String, problems: inout [String]) {
        guard let entries = node.entries else {
            problems.append("\(path):\(node.line): tls: expected a mapping {certificate, private_key, client_ca, min_version}")
            return
        }
        configuration.tls = configuration.tls ?? TLSSettings()
        for entry in entries {
            guard let setting = ServerSettings.setting("tls_" + entry.key) else {
                problems.append("\(path):\(entry.value.line): tls: unknown key '\(entry.key.shownName)'; the keys are certificate, private_key, client_ca, min_version")
                continue
            }
            if let problem = setting.apply(entry.value.scalar ?? "", to: &configuration) {
                problems.append("\(path):\(entry.value.line): tls: \(entry.key): \(problem)")
            }
        }
    }
}

extension ServerConfiguration {
    /// `agencies: [{name, token_sha256, certificate_sha256 | subject, roles: [scorer|education|operator|auditor]}]`.
    static func agencies(_ node: DocumentNode, path: String, problems: inout [String]) -> [Agency] {
        guard let items = node.items else {
            problems.append("\(path):\(node.line): agencies: expected a list of {name, token_sha256 and/or certificate_sha256 or subject, roles}")
            return []
        }
        var agencies: [Agency] = []
        for item in items {
            let name = item["name"]?.scalar ?? ""
            let roleNames = item["roles"]?.items?.compactMap(\.scalar) ?? []
            let roles = roleNames.compactMap(Role.init(rawValue:))
            func problem(_ text: String) { problems.append("\(path):\(item.line): agencies: \(name.isEmpty ? "" : name + ": ")\(text)") }
            for key in (item.entries ?? []).map(\.key) where !["name", "token_sha256", "certificate_sha256", "subject", "roles"].contains(key) {
                problem("unknown key '\(key)'; the keys are name, token_sha256, certificate_sha256, subject, roles")
            }
            if name.isEmpty { problem("every agency needs a name") }
            let token = Self.sha256(item["token_sha256"]?.scalar, key: "token_sha256", what: "the token's SHA-256 (sha256sum), never the token itself", problem)
            let fingerprint = Self.sha256(item["certificate_sha256"]?.scalar, key: "certificate_sha256",
                                          what: "the SHA-256 of the certificate's DER bytes (openssl x509 -outform DER | sha256sum)", problem)
            var certificate = fingerprint.map(CertificateMatch.sha256)
            if let subject = item["subject"]?.scalar {
                if certificate != nil { problem("give certificate_sha256 or subject, not both") }
                certificate = CertificateMatch.subject(parsing: subject)
                if certificate == nil { problem("subject must be TYPE=value pairs, e.g. 'CN=hr-bureau, O=Human Resources Bureau'") }
            }
            if token == nil, certificate == nil, item["token_sha256"] == nil, item["subject"] == nil {
                problem("needs a token_sha256, a client certificate (certificate_sha256 or subject), or both")
            }
            if roles.isEmpty || roles.count != roleNames.count {
                problem("roles must list some of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let token, agencies.contains(where: { $0.tokenSHA256 == token }) { problem("two agencies share a token") }
            if let certificate, agencies.contains(where: { $0.certificate == certificate }) { problem("two agencies share a client certificate") }
            agencies.append(Agency(name: name, tokenSHA256: token, certificate: certificate, roles: Set(roles)))
        }
        return agencies
    }

    /// A 64-hex-digit SHA-256 in lowercase, or nil (with a problem when one was given wrong).
    private static func sha256(_ text: String?, key: String, what: String, _ problem: (String) -> Void) -> String? {
        guard let text else { return nil }
        let hash = text.lowercased()
        guard hash.count == 64, hash.allSatisfy(\.isHexDigit) else {
            problem("\(key) must be the 64 hex digits of \(what)")
            return nil
        }
        return hash
    }
}

/// A server config file that cannot be used.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// `file:line: what is wrong` lines.
    public let problems: [String]

    /// An error of these `file:line: what is wrong` lines.
    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String { problems.joined(separator: "\n") }
}
