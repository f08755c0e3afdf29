import ArgumentParser
import PointsClient
import PointsProtocol

/// `points reload --server HOST:PORT`: make a running pointsd re-read its scheme folder (role
/// operator). A folder with a broken file is refused whole and the served schemes stay.
struct ReloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reload", abstract: "Make a running pointsd re-read its scheme folder (role operator); print what it serves.")

    @Option(name: .long, help: "The pointsd at HOST:PORT or unix:PATH.")
    var server: String
    @OptionGroup var tls: TLSOptions

    func run() async throws {
        let schemes = try await withServer(server, tls: tls.settings) { client throws(RPCError) in try await client.reloadSchemes(timeout: .seconds(60)).schemes }
        print("reloaded: \(schemes.count) scheme version(s) served")
        SchemesCommand.printVersions(schemes)
    }
}
