import PointsCore

extension Points_V1_Facts {
    /// The facts as a facts document, so the server decodes and validates wire facts exactly as
    /// it does a YAML file: same checks, same error messages naming the fact.
    ///
    /// Unset optional fields are absent facts; an extra fact's text is read as a YAML flow
    /// value when it starts with `[` or `{`, under the limits of a facts document.
    ///
    /// - Throws: `FactsError` naming an extra fact whose flow value is malformed or too big.
    public func document() throws(FactsError) -> DocumentNode {
        try document(includingTyped: true)
    }

    /// Decodes and validates the facts for a scheme: flags and whole numbers go straight to
    /// their positions, the rest through the document path; the checks are the same either way.
    ///
    /// - Throws: `FactsError` naming every invalid fact.
    public func facts(decoder: FactsDecoder) throws(FactsError) -> FactSet {
        var typed: [TypedFact] = []
        typed.reserveCapacity(FactFieldTable.flags.count + FactFieldTable.numbers.count)
        for field in FactFieldTable.flags { if let v = field.get(self) { typed.append(TypedFact(id: field.id, value: .bool(v))) } }
        for field in FactFieldTable.numbers { if let v = field.get(self) { typed.append(TypedFact(id: field.id, value: .number(Int64(v)))) } }
        return try decoder.decode(try document(includingTyped: false), typed: typed)
    }

    private func document(includingTyped: Bool) throws(FactsError) -> DocumentNode {
        var entries: [DocumentNode.Entry] = []
        func add(_ name: String, _ node: DocumentNode) { entries.append(DocumentNode.Entry(key: name, value: node)) }
        func scalar(_ text: String) -> DocumentNode { DocumentNode(.scalar(text), line: 0) }
        func mapping(_ pairs: [(String, DocumentNode)]) -> DocumentNode {
            DocumentNode(.mapping(pairs.map { DocumentNode.Entry(key: $0.0, value: $0.1) }), line: 0)
        }

        for field in FactFieldTable.texts { if let v = field.get(self) { add(field.name, scalar(v)) } }
        if includingTyped {
            for field in FactFieldTable.flags { if let v = field.get(self) { add(field.name, scalar(String(v))) } }
            for field in FactFieldTable.numbers { if let v = field.get(self) { add(field.name, scalar(String(v))) } }
        }
        if self.inventionPatentsStated || !self.inventionPatents.isEmpty {
            add("invention_patents", DocumentNode(.sequence(self.inventionPatents.map { mapping([("inventors", scalar(String($0.inventors)))]) }), line: 0))
        }
        if self.honoursStated || !self.honours.isEmpty {
            add("honours", DocumentNode(.sequence(self.honours.map { mapping([("level", scalar($0.level))]) }), line: 0))
        }
        if self.volunteerHoursStated || !self.volunteerHoursByYear.isEmpty {
            add("volunteer_hours_by_year", mapping(self.volunteerHoursByYear.sorted { $0.key < $1.key }.map { (String($0.key), scalar(String($0.value))) }))
        }
        if self.hasMilitaryMerits {
            // Counts of zero are left out: an absent count and a zero count score the same.
            let m = self.militaryMerits
            let counts = [("first", m.first), ("second", m.second), ("third", m.third)].filter { $0.1 > 0 }
            add("military_merits", mapping(counts.map { ($0.0, scalar(String($0.1))) }))
        }
        if self.childrenStated || !self.children.isEmpty {
            add("children", DocumentNode(.sequence(self.children.map { child in
                var fields = [("birth_date", scalar(child.birthDate)), ("school_stage", scalar(child.schoolStage))]
                if child.hasLocalSchoolingMonths { fields.append(("local_schooling_months", scalar(String(child.localSchoolingMonths)))) }
                if child.hasLocalJuniorHighRecord { fields.append(("local_junior_high_record", scalar(String(child.localJuniorHighRecord)))) }
                return mapping(fields)
            }), line: 0))
        }
        if self.hasSpouse { add("spouse", try self.spouse.document()) }
        var issues: [FactIssue] = []
        for (name, text) in self.extra.sorted(by: { $0.key < $1.key }) {
            guard FactRegistry.canonical.id(of: name) == nil else {
                issues.append(FactIssue(fact: name.shownName, line: 0, message: "a canonical fact travels in its typed field of Facts, not in extra"))
                continue
            }
            guard text.first == "[" || text.first == "{" else {
                add(name, scalar(text))
                continue
            }
            do {
                add(name, try DocumentNode.parse(yaml: text, limits: .facts))
            } catch {
                issues.append(FactIssue(fact: name.shownName, line: 0, message: error.description))
            }
        }
        if !issues.isEmpty { throw FactsError(issues: issues) }
        return DocumentNode(.mapping(entries), line: 0)
    }

    /// Typed wire facts from a decoded canonical fact set, plus extra facts as text.
    ///
    /// - Parameters:
    ///   - facts: Facts decoded against `FactRegistry.canonical`.
    ///   - extras: Facts outside the canonical vocabulary (a scheme's own), as text.
    public init(facts: FactSet, extras: [String: String] = [:]) {
        self.init()
        let registry = FactRegistry.canonical
        func value(_ name: String) -> (FactValue, FactType)? {
            guard let id = registry.id(of: name), let value = facts[id] else { return nil }
            return (value, registry.definitions[id].type)
        }
        for field in FactFieldTable.texts {
            if let (v, type) = value(field.name) { field.set(&self, v.rendered(as: type)) }
        }
        for field in FactFieldTable.flags {
            if case .bool(let b)? = value(field.name)?.0 { field.set(&self, b) }
        }
        for field in FactFieldTable.numbers {
            if case .number(let n)? = value(field.name)?.0 { field.set(&self, UInt32(n)) }
        }
        if case .list(let items)? = value("invention_patents")?.0 {
            self.inventionPatentsStated = true
            self.inventionPatents = items.map { item in
                var patent = Points_V1_Patent()
                patent.inventors = UInt32(item[0]?.whole ?? 0)
                return patent
            }
        }
        if case .list(let items)? = value("honours")?.0 {
            self.honoursStated = true
            self.honours = items.map { item in
                var honour = Points_V1_Honour()
                if case .choice(let i)? = item[0] { honour.level = FactRegistry.honourLevels[i] }
                return honour
            }
        }
        if case .hoursByYear(let entries)? = value("volunteer_hours_by_year")?.0 {
            self.volunteerHoursStated = true
            self.volunteerHoursByYear = Dictionary(uniqueKeysWithValues: entries.map { (Int32($0.year), UInt32($0.hours)) })
        }
        if case .record(let fields)? = value("military_merits")?.0 {
            var merits = Points_V1_MilitaryMerits()
            merits.first = UInt32(fields[0]?.whole ?? 0)
            merits.second = UInt32(fields[1]?.whole ?? 0)
            merits.third = UInt32(fields[2]?.whole ?? 0)
            self.militaryMerits = merits
        }
        if case .list(let items)? = value("children")?.0 {
            self.childrenStated = true
            self.children = items.map { item in
                var child = Points_V1_Child()
                if case .date(let d)? = item[0] { child.birthDate = d.description }
                if case .choice(let i)? = item[1] { child.schoolStage = FactRegistry.schoolStages[i] }
                if let months = item[2]?.whole { child.localSchoolingMonths = UInt32(months) }
                if case .bool(let b)? = item[3] { child.localJuniorHighRecord = b }
                return child
            }
        }
        if case .facts(let spouse)? = value("spouse")?.0 { self.spouse = Points_V1_Facts(facts: spouse) }
        self.extra = extras
    }
}
