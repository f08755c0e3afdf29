import ArgumentParser
import Foundation
import PointsClient
import PointsCore
import PointsProtocol

/// `points schemes`: the built-in schemes and their versions, or a page per version.
struct SchemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schemes", abstract: "List the built-in schemes and their versions (or those a running pointsd serves).")

    @Option(name: .long, help: "List what a running pointsd at HOST:PORT (or unix:PATH) serves instead.")
    var server: String?
    @OptionGroup var tls: TLSOptions

    @Option(name: .long, help: "Write a Markdown page per built-in version (every rule with its clause) and an index into this folder instead.")
    var markdown: String?

    func run() async throws {
        if let server {
            Self.printVersions(try await withServer(server, tls: tls.settings) { client throws(RPCError) in try await client.listSchemes(timeout: .seconds(30)).schemes })
            return
        }
        let catalog = try SchemeCatalog.builtIn()
        if let markdown {
            try writePages(catalog, into: markdown)
            return
        }
        let today = LocalDate.today()
        for id in catalog.ids {
            let versions = catalog.versions(of: id)
            // Headed by the version in force today, else the latest.
            let head = (try? catalog.scheme(id: id, asOf: today)) ?? versions[versions.count - 1]
            print("\(id)  \(head.metadata.title.zh) / \(head.metadata.title.en)")
            for scheme in versions {
                let m = scheme.metadata
                let published = m.publishedOn.map { "  published \($0)" } ?? ""
                print("  \(m.version)  \(m.rangeDescription)\(published)  \(m.contentHash.prefix(19))…  \(m.legalSource.zh)")
            }
        }
    }

    /// Served versions as a list: an id headed by its title as the local list heads it (the
    /// version in force today, the latest published among several, else the last), then its
    /// versions with their ranges and hashes.
    static func printVersions(_ versions: [Points_V1_SchemeVersion], today: LocalDate = .today()) {
        var ids: [(id: String, versions: [Points_V1_SchemeVersion])] = []
        for v in versions {
            if ids.last?.id == v.id { ids[ids.count - 1].versions.append(v) } else { ids.append((v.id, [v])) }
        }
        let day = today.description  // ISO dates order as text
        func knownFrom(_ v: Points_V1_SchemeVersion) -> String { v.hasPublishedOn ? v.publishedOn : v.effectiveFrom }
        for (id, versions) in ids {
            let inForce = versions.filter { $0.effectiveFrom <= day && ($0.effectiveTo.isEmpty || day <= $0.effectiveTo) }
            let head = inForce.max { knownFrom($0) < knownFrom($1) } ?? versions[versions.count - 1]
            print("\(id)  \(head.title.zh) / \(head.title.en)")
            for v in versions {
                let published = v.hasPublishedOn ? "  published \(v.publishedOn)" : ""
                print("  \(v.version)  \(v.effectiveFrom)…\(v.effectiveTo.isEmpty ? "open" : v.effectiveTo)\(published)  \(v.contentHash.prefix(19))…")
            }
        }
    }

    /// `ID-VERSION.md` per version and `README.md` listing them.
    private func writePages(_ catalog: SchemeCatalog, into folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw failure("cannot make \(folder): \(error.localizedDescription)")
        }
        var index = "# Built-in schemes 内置方案\n\nOne page per version, generated from its scheme file by `points schemes --markdown`.\n\n"
        index += "| scheme | version | in force | title |\n|---|---|---|---|\n"
        for scheme in catalog.schemes {
            let m = scheme.metadata, name = "\(m.id)-\(m.version).md"
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            guard FileManager.default.createFile(atPath: path, contents: Data(SchemePage.markdown(scheme).utf8)) else { throw failure("cannot write \(path)") }
            index += "| `\(m.id)` | [\(m.version)](\(name)) | \(m.rangeDescription) | \(m.title.zh) / \(m.title.en) |\n"
        }
        let path = URL(fileURLWithPath: folder).appendingPathComponent("README.md").path
        guard FileManager.default.createFile(atPath: path, contents: Data(index.utf8)) else { throw failure("cannot write \(path)") }
        print("wrote \(catalog.schemes.count) scheme page(s) and README.md to \(folder)")
    }
}
