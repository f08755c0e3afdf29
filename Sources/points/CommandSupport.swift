import ArgumentParser
import Foundation
import PointsClient
import PointsCore
import PointsProtocol

/// Options shared by commands that pick a scheme version.
struct SchemeOptions: ParsableArguments {
    @Option(name: .long, help: "Scheme id.")
    var scheme = "guangzhou-hukou"

    @Option(name: .long, help: "Evaluation date YYYY-MM-DD (default: today in China Standard Time); picks the version in force.")
    var asOf: String?

    @Option(name: .long, help: "Choose among the versions published by this day YYYY-MM-DD the one in force on --as-of (an appeal: the rules known on the decision day).")
    var rulesKnownOn: String?

    @Option(name: .long, help: "Scheme files to load beside the built-in schemes; one with a built-in's id and version replaces it (repeatable).")
    var schemeFile: [String] = []

    /// The evaluation date.
    func date() throws -> LocalDate { try evaluationDate(asOf) }

    /// The day whose known rules choose the version, when given.
    func knownOn() throws -> LocalDate? {
        guard let rulesKnownOn else { return nil }
        guard let date = LocalDate(iso: rulesKnownOn) else { throw failure("error: --rules-known-on: expected a date YYYY-MM-DD, got '\(rulesKnownOn)'") }
        return date
    }

    /// The built-in schemes overlaid with any files given, as one catalog.
    func catalog() throws -> SchemeCatalog { try builtInCatalog(overlaidWith: schemeFile) }

    /// The version in force on the evaluation date; a scheme file that does not load or a
    /// date no version covers fails with its message.
    func resolve() throws -> (Scheme, LocalDate) {
        let date = try date()
        do {
            return (try catalog().scheme(id: scheme, asOf: date, knownOn: try knownOn()), date)
        } catch let error as CatalogError {
            throw failure("error: \(error.description)")
        } catch let error as SchemeLoadError {
            throw failure(error.diagnostics.map(\.description))
        }
    }
}

/// The built-in schemes, each replaced by a file of the same id and version among `files`,
/// with the other files added.
///
/// - Throws: `SchemeLoadError` for a file that does not load or versions whose ranges overlap.
func builtInCatalog(overlaidWith files: [String]) throws -> SchemeCatalog {
    let schemes = try files.map { path throws(SchemeLoadError) in try SchemeLoader.load(path: path) }
    return try SchemeCatalog(SchemeCatalog.overlay(schemes, on: try SchemeCatalog.builtIn().schemes))
}

/// A scheme file if `reference` names one, else a built-in version (`ID` alone: the
/// version in force on `date`).
func scheme(named reference: String, asOf date: LocalDate = LocalDate.today()) throws -> Scheme {
    if FileManager.default.fileExists(atPath: reference) {
        do {
            return try SchemeLoader.load(path: reference)
        } catch {
            throw failure(error.diagnostics.map(\.description))
        }
    }
    let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
    let catalog = try SchemeCatalog.builtIn()
    let versions = catalog.versions(of: parts[0])
    guard !versions.isEmpty else {
        let ids = Set(catalog.schemes.map(\.metadata.id)).sorted().joined(separator: ", ")
        throw failure("error: '\(reference)' is neither a file nor a built-in scheme; the built-in ones are: \(ids)")
    }
    guard parts.count == 2 else {
        do {
            return try catalog.scheme(id: parts[0], asOf: date)
        } catch {
            throw failure("error: \(error.description); name a version: \(versions.map { "\(parts[0])@\($0.metadata.version)" }.joined(separator: ", "))")
        }
    }
    guard let scheme = versions.first(where: { $0.metadata.version == parts[1] }) else {
        throw failure("error: \(parts[0]) has no version '\(parts[1])'; it has: \(versions.map(\.metadata.version).joined(separator: ", "))")
    }
    return scheme
}

/// The evaluation date `--as-of` names, or today in China Standard Time.
func evaluationDate(_ asOf: String?) throws -> LocalDate {
    guard let asOf else { return LocalDate.today() }
    guard let date = LocalDate(iso: asOf) else { throw ValidationError("--as-of must be a date YYYY-MM-DD, got '\(asOf)'") }
    return date
}

/// Reads a whole text file, or fails with a message naming it.
func readText(_ path: String) throws -> String {
    do {
        return try FileText.read(path)
    } catch {
        throw failure("error: \(error)")
    }
}

/// An applicant file's layout: JSON lines when it ends in `.jsonl` or `.ndjson`, else CSV.
func populationFormat(_ file: String) -> Population.Format {
    file.hasSuffix(".jsonl") || file.hasSuffix(".ndjson") ? .jsonl : .csv
}

/// Prints the lines to standard error and returns the exit code to throw.
func failure(_ lines: String...) -> ExitCode {
    failure(lines)
}

/// Prints the lines to standard error and returns the exit code to throw.
func failure(_ lines: [String]) -> ExitCode {
    for line in lines { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    return ExitCode(1)
}

/// The agency's bearer token for `--server` calls: the file named by `POINTS_TOKEN_FILE`, or
/// `POINTS_TOKEN`; never a flag, so it does not show in process lists.
func agencyToken() throws -> String? {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["POINTS_TOKEN_FILE"] {
        return try readText(path).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    return environment["POINTS_TOKEN"]
}

/// Connects to a running pointsd at `HOST:PORT` (with TLS when `tls` is given) or `unix:PATH`
/// with the agency's token, or fails with a message.
func connect(to server: String, tls: ClientTLS?) async throws -> PointsClient {
    let token = try agencyToken()
    do {
        if server.hasPrefix("unix:") {
            if tls != nil { throw ValidationError("--tls-ca, --tls-cert and --tls-key are for --server HOST:PORT; a Unix socket is not encrypted") }
            return try await PointsClient.connect(unixSocketPath: String(server.dropFirst(5)), token: token)
        }
        let parts = server.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("--server must be HOST:PORT or unix:PATH") }
        return try await PointsClient.connect(host: String(parts[0]), port: port, token: token, tls: tls)
    } catch let error as ValidationError {
        throw error
    } catch let error as RPCError {
        throw failure("error: cannot connect to \(server): \(error.message)")
    } catch {
        // The networking library's errors are long; the cause a user acts on is short.
        let raw = "\(error)"
        let cause = raw.contains("Connection refused") ? "connection refused (is pointsd running there?)"
            : raw.contains("timed out") || raw.contains("Timeout") ? "timed out" : raw
        throw failure("error: cannot connect to \(server): \(cause)")
    }
}

extension RPCError {
    /// The error as the CLI prints it: the protocol's status name, the message, and what to do
    /// about a missing or insufficient token.
    var shown: String {
        switch code {
        case .unauthenticated where message.contains("certificate"):
            return "\(description); connect with the agency's certificate (--tls-cert, --tls-key) or set POINTS_TOKEN"
        case .unauthenticated: return "\(description); set POINTS_TOKEN (or POINTS_TOKEN_FILE, a file holding it) to the agency's token"
        case .permissionDenied: return "\(description); the token's role does not grant this method"
        default: return description
        }
    }
}

/// Connects to `server`, runs `body` with the client, and closes it; a refused call becomes the
/// CLI's error line (`RPCError.shown`).
func withServer<T>(_ server: String, tls: ClientTLS?, _ body: (PointsClient) async throws(RPCError) -> T) async throws -> T {
    let client = try await connect(to: server, tls: tls)
    defer { Task { await client.close() } }
    do {
        return try await body(client)
    } catch {
        throw failure("error: \(error.shown)")
    }
}
