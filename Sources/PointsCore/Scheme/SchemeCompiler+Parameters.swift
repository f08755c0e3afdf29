/// Values an operator sets for a scheme's parameters in a file of their own.
struct ParameterSettings {
    /// The parameter file.
    let file: String
    /// The line of its `parameters`.
    let line: Int
    /// Each value by parameter name, as written.
    let values: [DocumentNode.Entry]
    /// The parameter file's whole text.
    let text: String
}

extension SchemeCompiler {
    /// Reads `parameters: {NAME: {title, clause, set_by, unit, value?}}`; a value in `settings`
    /// (an operator's parameter file) stands for the one in the scheme.
    func parameterDeclarations(_ node: DocumentNode) {
        guard let entries = node.entries else {
            error(node.line, "parameters", "expected a mapping of parameter name to {title, clause, set_by, unit, value}")
            return
        }
        for entry in entries {
            guard var reader = MappingReader(entry.value, path: "parameters.\(entry.key)", compiler: self) else { continue }
            defer { reader.rejectUnknown(compiler: self) }
            let title = reader.required("title", compiler: self).flatMap { bilingual($0, reader.path("title")) }
            let clause = reader.required("clause", compiler: self, hint: "the clause that orders the rule").flatMap { text($0, reader.path("clause")) }
            let setBy = reader.required("set_by", compiler: self, hint: "the document that would fix the value, {zh, en}").flatMap { bilingual($0, reader.path("set_by")) }
            let unitNode = reader.required("unit", compiler: self, hint: "months, count, yuan or area")
            let unit = unitNode.flatMap { node -> SchemeParameter.Unit? in
                guard let unit = node.scalar.flatMap(SchemeParameter.Unit.init(rawValue:)) else {
                    error(node.line, reader.path("unit"), "expected months, count, yuan or area, got \(node.kindDescription)")
                    return nil
                }
                return unit
            }
            var value: Fixed?, valueSource: String?
            if let unit, let node = reader.optional("value") {
                value = parameterValue(node, reader.path("value"), unit: unit, file: file)
                valueSource = file
            }
            if let unit, let set = settings?.values.first(where: { $0.key == entry.key }) {
                value = parameterValue(set.value, "parameters.\(entry.key)", unit: unit, file: settings!.file)
                valueSource = settings!.file
            }
            guard let title, let clause, let setBy, let unit else { continue }
            parameters.append(SchemeParameter(name: entry.key, title: title, clause: clause, setBy: setBy, unit: unit, value: value, valueSource: valueSource))
            parameterLines[entry.key] = entry.value.line
        }
    }

    /// Reports what a parameter file names that the scheme does not declare, and what the
    /// scheme declares that no condition uses.
    func checkParameterUse() {
        if let settings {
            for entry in settings.values where !parameters.contains(where: { $0.name == entry.key }) {
                let known = parameters.map(\.name)
                let near = closestName(to: entry.key, among: known)
                error(entry.value.line, "parameters.\(entry.key)",
                      "the scheme declares no parameter '\(entry.key)'; " + (near.map { "did you mean '\($0)'? " } ?? "")
                        + (known.isEmpty ? "it declares none" : "it declares \(known.joined(separator: ", "))"),
                      in: settings.file)
            }
        }
        for parameter in parameters where !usedParameters.contains(parameter.name) {
            error(parameterLines[parameter.name] ?? 0, "parameters.\(parameter.name)", "declared but no condition uses it; bound a fact with {parameter: \(parameter.name)} or remove it")
        }
    }

    /// A parameter's value: a whole number for months and counts, at most two places for yuan
    /// and areas; never negative.
    private func parameterValue(_ node: DocumentNode, _ path: String, unit: SchemeParameter.Unit, file: String) -> Fixed? {
        guard let text = node.scalar, let value = Fixed(decimal: text), value >= .zero else {
            error(node.line, path, "expected a number of \(unit.rawValue), 0 or more, got \(node.kindDescription)", in: file)
            return nil
        }
        let places: Int64 = unit == .months || unit == .count ? Fixed.scale : Fixed.scale / 100
        guard value.units % places == 0 else {
            error(node.line, path, unit == .months || unit == .count ? "expected a whole number of \(unit.rawValue), got \(value)" : "expected at most two decimal places, got \(value)", in: file)
            return nil
        }
        return value
    }

    /// The bound of a fact condition: a number, or `{parameter: NAME}` (its value when set;
    /// otherwise the parameter's position, for a condition that waits on it).
    func bound(_ node: DocumentNode, _ path: String, for ref: FactRef) -> ConditionBound? {
        guard node.entries != nil else { return number(node, path).map { .value($0) } }
        guard var reader = MappingReader(node, path: path, compiler: self) else { return nil }
        defer { reader.rejectUnknown(compiler: self) }
        guard let nameNode = reader.required("parameter", compiler: self, hint: "a bound is a number or {parameter: NAME}"),
              let name = text(nameNode, reader.path("parameter"))
        else { return nil }
        guard let index = parameters.firstIndex(where: { $0.name == name }) else {
            let known = parameters.map(\.name)
            error(nameNode.line, reader.path("parameter"), "unknown parameter '\(name)'; " + (known.isEmpty ? "declare it under parameters" : "declared: \(known.joined(separator: ", "))"))
            return nil
        }
        usedParameters.insert(name)
        let parameter = parameters[index]
        guard parameter.unit.measures(ref.type) else {
            error(nameNode.line, reader.path("parameter"), "parameter '\(name)' is in \(parameter.unit.rawValue), but fact '\(ref.name)' is \(ref.type.name)")
            return nil
        }
        if let value = parameter.value { return .value(value) }
        guard !compilingIndicators else {
            error(nameNode.line, reader.path("parameter"), "parameter '\(name)' is not on record, and points cannot wait on it; set it, or test it in a gate, channel or service tier")
            return nil
        }
        return .unset(index)
    }
}

/// A fact condition's bound as compiled.
enum ConditionBound {
    /// A number (given, or a parameter's value).
    case value(Fixed)
    /// A parameter not on record, by position in the scheme's parameters.
    case unset(Int)
}
