/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

/// The name among `names` closest to a misspelt `name`, when at most three edits away (the
/// first of equally close ones). A name longer than `longest` bytes gets none, and only names
/// within three bytes of its length are compared, so a hostile megabyte-long name costs nothing.
public func closestName<Names: Sequence>(to name: String, among names: Names, longest: Int = 128) -> String? where Names.Element == String {
    let length = name.utf8.count
    guard length <= longest else { return nil }
    var best: (name: String, distance: Int)?
    for candidate in names where abs(candidate.utf8.count - length) <= 3 {
        let distance = editDistance(candidate, name)
        if distance <= 3, distance < (best?.distance ?? .max) { best = (candidate, distance) }
    }
    return best?.name
}
