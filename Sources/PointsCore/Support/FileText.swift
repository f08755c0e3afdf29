import Foundation

/// A text file read whole, or why it cannot be: every message that says a file cannot be read
/// says why.
public enum FileText {
    /// The file's text.
    ///
    /// - Throws: `FileText.Failure` saying whether the file is missing, a folder, unreadable
    ///   (with the system's reason) or not UTF-8 text.
    public static func read(_ path: String) throws(Failure) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw Failure(path: path, reason: "no such file") }
        guard !isFolder.boolValue else { throw Failure(path: path, reason: "it is a folder, not a file") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.isReadableFile(atPath: path) ? "\((error as NSError).localizedDescription)" : "permission denied"
            throw Failure(path: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw Failure(path: path, reason: "it is not UTF-8 text") }
        return text
    }

    /// Why a file cannot be read.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The file.
        public let path: String
        /// Why, e.g. `no such file`.
        public let reason: String

        public var description: String { "cannot read \(path): \(reason)" }
    }
}
