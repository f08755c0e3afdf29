import Foundation
import NIOConcurrencyHelpers
import PointsCore

/// The schemes being served, swapped whole on reload: each call takes the snapshot current
/// when it starts and finishes on it, whatever reloads happen meanwhile.
public final class SchemeStore: Sendable {
    private let current: NIOLockedValueBox<PointsService>
    /// The folder re-read on reload (its `.yaml` files, laid over the built-in schemes), or nil.
    public let directory: String?
    private let base: [Scheme]
    private let today: @Sendable () -> LocalDate

    /// A store serving `base` overlaid with the files of `directory`.
    ///
    /// - Throws: `SchemeLoadError` with every file's problems when the folder does not load.
    public init(base: [Scheme], directory: String?, today: @escaping @Sendable () -> LocalDate = { LocalDate.today() }) throws(SchemeLoadError) {
        self.base = base
        self.directory = directory
        self.today = today
        let catalog = try Self.catalog(base: base, directory: directory)
        self.current = NIOLockedValueBox(PointsService(catalog: catalog, today: today))
    }

    /// A store over a fixed service (tests; no folder to reload).
    public init(service: PointsService) {
        self.base = service.catalog.schemes
        self.directory = nil
        self.today = service.today
        self.current = NIOLockedValueBox(service)
    }

    /// The snapshot to serve a call with.
    public var service: PointsService { current.withLockedValue { $0 } }

    /// Re-reads the folder, validates every file and the catalog as a whole, and swaps only
    /// when all of it is good; otherwise the served schemes stay as they were.
    ///
    /// - Returns: The schemes now served.
    /// - Throws: `SchemeLoadError` with every problem, `file:line` first.
    @discardableResult
    public func reload() throws(SchemeLoadError) -> SchemeCatalog {
        let catalog = try Self.catalog(base: base, directory: directory)
        let service = PointsService(catalog: catalog, today: today)
        current.withLockedValue { $0 = service }
        return catalog
    }

    private static func catalog(base: [Scheme], directory: String?) throws(SchemeLoadError) -> SchemeCatalog {
        guard let directory else { return try SchemeCatalog(base) }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw SchemeLoadError(diagnostics: [SchemeDiagnostic(file: directory, line: 0, path: "", message: "cannot read the scheme folder: \(error.localizedDescription)")])
        }
        var schemes: [Scheme] = []
        var diagnostics: [SchemeDiagnostic] = []
        for name in names {
            do {
                schemes.append(try SchemeLoader.load(path: (directory as NSString).appendingPathComponent(name)))
            } catch {
                diagnostics += error.diagnostics
            }
        }
        if !diagnostics.isEmpty { throw SchemeLoadError(diagnostics: diagnostics) }
        return try SchemeCatalog(SchemeCatalog.overlay(schemes, on: base))
    }
}
