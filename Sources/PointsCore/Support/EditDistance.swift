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

/// The name among `names` closest to a misspelt `name`, when at most three edits away (a name
/// longer than 128 bytes gets none: comparing it would cost for nothing).
public func closestName(to name: String, among names: [String]) -> String? {
    guard name.utf8.count <= 128 else { return nil }
    return names.map { ($0, editDistance($0, name)) }.filter { $0.1 <= 3 }.min { $0.1 < $1.1 }?.0
}
