/// Compiles one scheme file into a `Scheme`, collecting every problem with its line and key
/// path rather than stopping at the first.
final class SchemeCompiler {
    let file: String
    private(set) var diagnostics: [SchemeDiagnostic] = []
    var registry = FactRegistry.canonical
    var defaults: [FactValue?] = []
    var rounding = Rounding.twoPlacesHalfUp
    var groupIDs: [String] = []
    var scoreIDs: [String] = []
    /// Set while indicators and score multipliers compile: their conditions cannot read
    /// scores, which they compute.
    var compilingIndicators = false
    /// Set while service tiers compile: only they may test a child (`{child: FIELD, …}`).
    var compilingTiers = false
    var indicatorIDs: [String: Int] = [:]
    /// The scheme's parameters, in file order, and the line each is declared on.
    var parameters: [SchemeParameter] = []
    var parameterLines: [String: Int] = [:]
    /// The parameters some condition bounds a fact with.
    var usedParameters: Set<String> = []
    /// An operator's values for the parameters, from a parameter file.
    let settings: ParameterSettings?

    /// Where the compiled scheme says it came from: the file, or the parameter file that set
    /// its parameters.
    let source: String

    init(file: String, settings: ParameterSettings? = nil, source: String? = nil) {
        self.file = file
        self.settings = settings
        self.source = source ?? file
    }

    /// Records a problem (in `file`, when it is not the scheme's: a parameter file).
    func error(_ line: Int, _ path: String, _ message: String, in file: String? = nil) {
        diagnostics.append(SchemeDiagnostic(file: file ?? self.file, line: line, path: path, message: message))
    }

    // MARK: Scalars

    func text(_ node: DocumentNode, _ path: String) -> String? {
        guard let text = node.scalar, !text.isEmpty else {
            error(node.line, path, "expected text, got \(node.kindDescription)")
            return nil
        }
        return text
    }

    func bilingual(_ node: DocumentNode, _ path: String) -> Bilingual? {
        guard var reader = MappingReader(node, path: path, compiler: self) else { return nil }
        let zh = reader.required("zh", compiler: self, hint: "give the Chinese text").flatMap { text($0, reader.path("zh")) }
        let en = reader.required("en", compiler: self, hint: "give the English text").flatMap { text($0, reader.path("en")) }
        reader.rejectUnknown(compiler: self)
        guard let zh, let en else { return nil }
        return Bilingual(zh: zh, en: en)
    }

    func date(_ node: DocumentNode, _ path: String) -> LocalDate? {
        guard let text = node.scalar, let date = LocalDate(iso: text) else {
            error(node.line, path, "expected a date YYYY-MM-DD, got \(node.kindDescription)")
            return nil
        }
        return date
    }

    /// An exact decimal with at most four places.
    func number(_ node: DocumentNode, _ path: String) -> Fixed? {
        guard let text = node.scalar, let value = Fixed(decimal: text) else {
            error(node.line, path, "expected a number with at most four decimal places, got \(node.kindDescription)")
            return nil
        }
        return value
    }

    /// Points, caps and other per-unit values stay below this, so that no product with a
    /// fact (at most a million units) can overflow exact arithmetic.
    static let pointsLimit = Fixed(1_000_000)

    /// A number that must not be negative (points, caps), at most `limit`.
    func nonNegative(_ node: DocumentNode, _ path: String, what: String, limit: Fixed = SchemeCompiler.pointsLimit) -> Fixed? {
        guard let value = number(node, path) else { return nil }
        if value < .zero {
            error(node.line, path, "\(what) must be 0 or more, got \(value); give its magnitude (deductions subtract by their kind)")
            return nil
        }
        if value > limit {
            error(node.line, path, "\(what) \(value) is beyond any real scheme (at most \(limit))")
            return nil
        }
        return value
    }

    func wholeNumber(_ node: DocumentNode, _ path: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = node.scalar, let value = Int(text) else {
            error(node.line, path, "expected a whole number, got \(node.kindDescription)")
            return nil
        }
        guard range.contains(value) else {
            error(node.line, path, "must be within \(range.lowerBound)...\(range.upperBound), got \(value)")
            return nil
        }
        return value
    }

    /// A fact name resolved against the registry.
    func fact(_ node: DocumentNode, _ path: String) -> FactRef? {
        guard let name = text(node, path) else { return nil }
        guard let id = registry.id(of: name) else {
            let hint = registry.suggestion(for: name).map { "did you mean '\($0)'? " } ?? ""
            error(node.line, path, "unknown fact '\(name)'; \(hint)use a fact of FACTS.md or declare it under facts.extra")
            return nil
        }
        return FactRef(id: id, name: name, type: registry.definitions[id].type)
    }

    /// A fact that must be of a type accepted by `accepts`.
    func fact(_ node: DocumentNode, _ path: String, expecting description: String,
              accepts: (FactType) -> Bool) -> FactRef? {
        guard let ref = fact(node, path) else { return nil }
        guard accepts(ref.type) else {
            error(node.line, path, "fact '\(ref.name)' is \(ref.type.name), but this needs \(description)")
            return nil
        }
        return ref
    }

    /// `{value: points}` for a choice list, as an array by value position.
    func choiceTable(_ node: DocumentNode, _ path: String, values: [String]) -> [Fixed]? {
        guard let entries = node.entries else {
            error(node.line, path, "expected a mapping of value to points, got \(node.kindDescription)")
            return nil
        }
        var table = [Fixed](repeating: .zero, count: values.count)
        var ok = true
        for entry in entries {
            let entryPath = "\(path).\(entry.key)"
            guard let index = values.firstIndex(of: entry.key) else {
                error(entry.value.line, entryPath, "'\(entry.key)' is not a value of this fact; use one of \(values.joined(separator: ", "))")
                ok = false
                continue
            }
            guard let points = nonNegative(entry.value, entryPath, what: "points") else { ok = false; continue }
            table[index] = points
        }
        return ok ? table : nil
    }
}
