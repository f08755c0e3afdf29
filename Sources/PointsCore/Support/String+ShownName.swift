extension String {
    /// The name as an error message may show it: a caller's name too long to be one, or one
    /// with control characters, is described by its length, so an error never echoes a
    /// megabyte back or breaks a log line.
    public var shownName: String {
        let length = self.utf8.count
        guard length <= 128, !self.containsControlCharacters else {
            return "(a name of \(length) bytes)"
        }
        return self
    }

    /// Whether it holds a control character (a line break, a tab, NUL): never in a name or id.
    public var containsControlCharacters: Bool {
        // The control category (Cc) is exactly U+0000–U+001F and U+007F–U+009F.
        self.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value <= 0x9F) }
    }
}
