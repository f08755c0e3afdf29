import Foundation
import PointsCore

/// The hand-computed cases under `Cases/<scheme>/`: case files (`RegressionCase`) the tests
/// read as data.
extension RegressionCase: CustomStringConvertible {
    public var description: String { source }

    /// Every case file of every scheme, sorted by path (the path relative to `Cases/`).
    static func all() -> [RegressionCase] {
        let root = Bundle.module.bundleURL.appendingPathComponent("Cases")
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        var paths: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".yaml") { paths.append(path) }
        }
        return paths.sorted().map { path in
            let text = String(decoding: FileManager.default.contents(atPath: root.appendingPathComponent(path).path)!, as: UTF8.self)
            return try! RegressionCase(text: text, source: path)
        }
    }
}
