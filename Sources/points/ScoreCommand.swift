import ArgumentParser
import PointsCore

/// `points score FACTS_FILE`: one applicant's explained score card.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score", abstract: "Score a facts file (YAML or JSON) and print the card.")

    enum Format: String, ExpressibleByArgument {
        case text, json
    }

    @Argument(help: "The applicant's facts, a YAML or JSON object keyed by fact names.")
    var factsFile: String

    @OptionGroup var options: SchemeOptions

    @Option(name: .long, help: "text (readable, zh and en) or json (the card as documented in the README).")
    var format: Format = .text

    func run() throws {
        let text = try readText(factsFile)
        let document: DocumentNode
        do {
            document = try DocumentNode.parse(yaml: text)
        } catch {
            throw failure("\(factsFile):\(error.line): \(error.message)")
        }
        let (scheme, date): (Scheme, LocalDate)
        do {
            (scheme, date) = try options.resolve()
        } catch let error as CatalogError {
            throw failure("error: \(error)")
        } catch let error as SchemeLoadError {
            throw failure(error.diagnostics.map(\.description))
        }
        do {
            let card = try scheme.score(document: document, asOf: date)
            print(format == .json ? card.jsonText() : card.text(), terminator: format == .json ? "\n" : "")
        } catch {
            throw failure(["\(factsFile): cannot be scored under \(scheme.metadata.id) \(scheme.metadata.version):"]
                          + error.lines(source: factsFile))
        }
    }
}
