import ArgumentParser
import PointsCore

/// `points schemes`: the built-in schemes and their versions.
struct SchemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schemes", abstract: "List the built-in schemes and their versions.")

    func run() throws {
        let catalog = try SchemeCatalog.builtIn()
        for id in catalog.ids {
            let versions = catalog.versions(of: id)
            print("\(id)  \(versions[0].metadata.title.zh) / \(versions[0].metadata.title.en)")
            for scheme in versions {
                let m = scheme.metadata
                print("  \(m.version)  \(m.rangeDescription)  \(m.contentHash.prefix(19))…  \(m.legalSource.zh)")
            }
        }
    }
}
