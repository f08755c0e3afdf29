extension String {
    /// The name as an error message may show it: a caller's name too long to be one, or one
    /// with control characters, is described by its length, so an error never echoes a
    /// megabyte back or breaks a log line.
    public var shownName: String {
        let length = self.utf8.count
        guard length <= 128, !self.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return "(a name of \(length) bytes)"
        }
        return self
    }
}
