import PointsCore
import Testing

/// Bad facts get an error naming the fact and what is wrong; nothing is silently coerced.
@Suite struct FactsDecoderTests {
    let decoder = FactsDecoder(registry: .canonical, asOf: LocalDate(iso: "2025-06-01")!)

    private func issues(_ yaml: String) -> [FactIssue] {
        do {
            _ = try decoder.decode(try DocumentNode.parse(yaml: yaml))
            return []
        } catch let error as FactsError {
            return error.issues
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    @Test(arguments: [
        ("unknwon_fact: 3", "unknwon_fact", "unknown fact"),
        ("residence_permit_mnths: 3", "residence_permit_mnths", "did you mean 'residence_permit_months'"),
        ("stable_employment: yes", "stable_employment", "expected true or false"),
        ("residence_permit_months: -5", "residence_permit_months", "must be 0 or more months"),
        ("residence_permit_months: 12.5", "residence_permit_months", "expected a whole number"),
        ("residence_permit_months: 5000", "residence_permit_months", "beyond any real value"),
        ("birth_date: 2030-01-01", "birth_date", "in the future"),
        ("birth_date: 1990-02-30", "birth_date", "expected a date"),
        ("housing: castle", "housing", "expected one of owned, rented_registered"),
        ("income_tax_3y: 12.345", "income_tax_3y", "at most two places"),
        ("income_tax_3y: -1", "income_tax_3y", "must be 0 or more yuan"),
        ("invention_patents: [{inventors: 0}]", "invention_patents[1].inventors", "must be at least 1"),
        ("invention_patents: [{}]", "invention_patents[1].inventors", "missing"),
        ("honours: [{level: galactic}]", "honours[1].level", "expected one of national"),
        ("volunteer_hours_by_year: {2026: 10}", "volunteer_hours_by_year.2026", "after the evaluation date"),
        ("volunteer_hours_by_year: {2024: 9000}", "volunteer_hours_by_year.2024", "expected whole hours"),
        ("military_merits: {fourth: 1}", "military_merits.fourth", "unknown field"),
    ])
    func rejects(_ yaml: String, _ fact: String, _ message: String) {
        let found = issues(yaml)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.fact == fact)
        #expect(found.first?.message.contains(message) == true, "\(found.first?.message ?? "")")
    }

    @Test func collectsEveryIssueWithItsLine() {
        let found = issues("birth_date: 1990-01-01\nhousing: tent\nstable_employment: 1\n")
        #expect(found.map(\.fact) == ["housing", "stable_employment"])
        #expect(found.map(\.line) == [2, 3])
    }

    @Test func rejectsImpossibleCombinations() {
        let found = issues("birth_date: 2015-01-01\nresidence_permit_months: 24\nresidence_permit_continuous_months: 36\npension_insurance_months: 200\n")
        #expect(Set(found.map(\.fact)) == ["residence_permit_continuous_months", "pension_insurance_months"])
    }

    @Test func decodesEveryKindOfValue() throws {
        let facts = try decoder.decode(try DocumentNode.parse(yaml: """
            birth_date: 1990-03-15
            housing: owned
            income_tax_3y: "12000.50"
            invention_patents: [{inventors: 3}]
            volunteer_hours_by_year: {2025: 60, 2024: 120}
            military_merits: {first: 1}
            district: 番禺
            spouse: {birth_date: 1991-01-01, education: master}
            """))
        let registry = FactRegistry.canonical
        #expect(facts[registry.id(of: "housing")!] == .choice(0))
        #expect(facts[registry.id(of: "income_tax_3y")!] == .money(Fixed(decimal: "12000.5")!))
        #expect(facts[registry.id(of: "volunteer_hours_by_year")!] == .hoursByYear([YearHours(year: 2024, hours: 120), YearHours(year: 2025, hours: 60)]))
        #expect(facts[registry.id(of: "district")!] == .text("番禺"))
        guard case .facts(let spouse)? = facts[registry.id(of: "spouse")!] else {
            Issue.record("spouse not decoded")
            return
        }
        #expect(spouse[registry.id(of: "education")!] == .choice(7))
    }

    @Test func rejectsMalformedDocuments() {
        #expect(throws: DocumentError.self) { try DocumentNode.parse(yaml: "a: [1, 2") }
        #expect(throws: DocumentError.self) { try DocumentNode.parse(yaml: "a: 1\na: 2\n") }
        #expect(issues("[1, 2]").first?.message.contains("expected a mapping") == true)
    }
}
