extension Indicator {
    /// The facts this indicator's rule reads, for the card.
    var factRefs: [FactRef] {
        switch rule {
        case .perUnit(let rule): return rule.facts
        case .lookup(let ref, _), .bands(let ref, _), .deduction(let ref, _), .perYear(let ref, _, _, _, _),
             .shares(let ref, _, _, _), .itemLookup(let ref, _, _, _), .firstAndFurther(let ref, _):
            return [ref]
        case .flag(let ref, _): return ref.map { [$0] } ?? []
        case .bestOf(let options):
            var seen = Set<FactID>()
            return options.flatMap(\.factRefs).filter { seen.insert($0.id).inserted }
        case .ageSteps, .ageBands: return [FactRef.birthDate]
        }
    }
}
