import PointsCore

extension Points_V1_Facts {
    /// Reads the facts straight into a fact row, with the checks a facts document gets; false
    /// when a value needs the slow way (`facts(decoder:)`), which words what is wrong: a value
    /// out of range, a list, a spouse or an extra fact.
    public func fill(_ row: inout FactRow, reader: FactTextReader) -> Bool {
        if hasSpouse || !extra.isEmpty || inventionPatentsStated || !inventionPatents.isEmpty || honoursStated || !honours.isEmpty
            || volunteerHoursStated || !volunteerHoursByYear.isEmpty || hasMilitaryMerits || childrenStated || !children.isEmpty {
            return false
        }
        row.clear()
        for field in FactFieldTable.flags { if let value = field.get(self) { row.set(field.id, .bool(value)) } }
        for field in FactFieldTable.numbers {
            if let value = field.get(self), !reader.read(whole: Int64(value), fact: field.id, into: &row) { return false }
        }
        for field in FactFieldTable.texts {
            guard var text = field.get(self) else { continue }
            if text.isEmpty || !text.withUTF8({ reader.read($0, fact: field.id, into: &row) }) { return false }
        }
        return reader.consistent(row)
    }
}
