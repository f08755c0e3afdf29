import Foundation
import PointsCore

/// One hand-computed case: facts in, expected card (or error) out, read from a data file
/// under `Cases/<scheme>/`.
struct GoldenCase: Sendable, CustomStringConvertible {
    let file: String
    let scheme: String
    let asOf: LocalDate
    let facts: DocumentNode
    let expect: DocumentNode

    var description: String { file }

    /// Every case file of every scheme, sorted by path.
    static func all() -> [GoldenCase] {
        let root = Bundle.module.bundleURL.appendingPathComponent("Cases")
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        var paths: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".yaml") { paths.append(path) }
        }
        return paths.sorted().map { path in
            let text = String(decoding: FileManager.default.contents(atPath: root.appendingPathComponent(path).path)!, as: UTF8.self)
            let node = try! DocumentNode.parse(yaml: text)
            return GoldenCase(file: path, scheme: node["scheme"]!.scalar!, asOf: LocalDate(iso: node["as_of"]!.scalar!)!,
                              facts: node["facts"]!, expect: node["expect"]!)
        }
    }
}

extension DocumentNode {
    /// The scalar texts of a sequence node (empty when absent).
    var scalarList: [String] { items?.compactMap(\.scalar) ?? [] }
}
