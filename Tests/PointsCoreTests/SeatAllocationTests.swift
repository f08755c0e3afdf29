import PointsCore
import Testing

/// Serial dictatorship on hand-solved instances, on the Panyu scheme end to end, and a
/// property test on random instances: nobody prefers a school that admitted someone they outrank.
@Suite struct SeatAllocationTests {
    private func candidate(_ id: String, batch: Int, score: Int64, key: Int64 = 0, _ preferences: [Int]) -> SeatAllocation.Candidate {
        SeatAllocation.Candidate(id: id, batch: batch, score: Fixed(score), tieKeys: [Fixed(key)], preferences: preferences)
    }

    @Test func priorityBatchThenPointsThenTieBreakers() {
        // Schools A (1 seat), B (1), C (2). p2 is in the priority batch; p3 ties p1 on points and
        // wins on the (descending) tie-breaker; p4 and p5 find every listed school full.
        let (a, b, c) = (0, 1, 2)
        let candidates = [
            candidate("p1", batch: 2, score: 100, key: 20, [a, b]),
            candidate("p2", batch: 1, score: 50, [a]),
            candidate("p3", batch: 2, score: 100, key: 30, [a, c]),
            candidate("p4", batch: 2, score: 90, [b]),
            candidate("p5", batch: 2, score: 80, [b, a]),
        ]
        let placements = SeatAllocation.allocate(candidates, seats: [1, 1, 2], descending: [true])
        let outcome = placements.map { "\(candidates[$0.candidate].id):\($0.school.map(String.init) ?? "-"):\($0.choice ?? 0):\($0.waitingPosition ?? 0)" }
        #expect(outcome == ["p2:0:1:0", "p3:2:2:0", "p1:1:2:0", "p4:-:0:1", "p5:-:0:2"])
        #expect(placements.map(\.order) == [1, 2, 3, 4, 5])
    }

    @Test func aFullTieIsBrokenByFileOrder() {
        let candidates = [candidate("late", batch: 1, score: 10, [0]), candidate("early", batch: 1, score: 10, [0])].reversed()
        let placements = SeatAllocation.allocate(Array(candidates), seats: [1], descending: [true])
        #expect(placements.first.map { Array(candidates)[$0.candidate].id } == "early")
        #expect(placements.last?.waitingPosition == 1)
    }

    @Test func thePanyuSchemeDecidesBatchesAndPoints() throws {
        let scheme = try SchemeCatalog.builtIn().scheme(id: "panyu-school-points", asOf: LocalDate(iso: "2016-05-01")!)
        let service = try Allocation.schoolService(of: scheme, named: nil)
        let cases = Dictionary(uniqueKeysWithValues: RegressionCase.all().filter { $0.scheme == "panyu-school-points" }.map { ($0.source, $0.facts) })
        func applicant(_ id: String, _ file: String, _ preferences: String) -> Applicant {
            let facts = cases["panyu-school-points/\(file)"]!
            let entries = (facts.entries ?? []) + [DocumentNode.Entry(key: "preferences", value: DocumentNode(.scalar(preferences), line: 1))]
            return Applicant(id: id, line: 1, document: DocumentNode(.mapping(entries), line: 1))
        }
        let applicants = [
            applicant("Y", "02-spouse-pooling.yaml", "S1;S2"),                 // 194, points batch
            applicant("Z", "04-bonus-cap-no-permit.yaml", "S1"),               // no permit: no tier
            applicant("X", "01-priority-batch-one-parent.yaml", "S1"),         // 148.5, priority batch
            applicant("W", "03-under-five-years-bonus-window.yaml", "S2"),     // 120.8, points batch
            applicant("V", "01-priority-batch-one-parent.yaml", "S9"),         // names no school of the plan
        ]
        let plan = SeatPlan(schools: [.init(id: "S1", seats: 1, kind: "public"), .init(id: "S2", seats: 1, kind: "subsidised")])
        let (rows, summary) = Allocation.run(applicants, plan: plan, scheme: scheme, service: service, asOf: LocalDate(iso: "2016-05-01")!)
        #expect(rows.map(\.applicantID) == ["X", "Y", "W", "Z", "V"])
        #expect(rows.map(\.school) == ["S1", "S2", nil, nil, nil])
        #expect(rows.map(\.choice) == [1, 2, nil, nil, nil])
        #expect(rows.map(\.batch) == [1, 2, 2, nil, nil])
        #expect(rows[2].waitingPosition == 1 && rows[2].score == Fixed(decimal: "120.8"))
        #expect(rows[3].reason.hasPrefix("not eligible") && rows[4].reason.contains("'S9' is not a school"))
        #expect(summary.placedByBatch == [1: 1, 2: 1] && summary.waiting == 1 && summary.notEligible == 1 && summary.invalid == 1)
        #expect(summary.seatsByKind["public"] == Allocation.Seats(offered: 1, filled: 1))
    }

    @Test func aPopulationFileAllocatesAsTheSameApplicantsGivenAsDocuments() throws {
        let scheme = try SchemeCatalog.builtIn().scheme(id: "panyu-school-points", asOf: LocalDate(iso: "2016-05-01")!)
        let service = try Allocation.schoolService(of: scheme, named: nil)
        let plan = SeatPlan(schools: [.init(id: "S1", seats: 1, kind: "public"), .init(id: "S2", seats: 1, kind: "subsidised")])
        let names = ["applicant_id", "holds_residence_permit", "residence_permit_continuous_months", "stable_employment", "employment_months",
                     "pension_insurance_months", "education", "housing", "family_planning_compliant", "preferences"]
        let rows = ["a,true,96,false,0,48,bachelor,owned,true,S1;S2", "b,true,60,true,12,60,none,none,true,S1", "c,true,12,false,0,12,none,none,true,S1;S2",
                    "d,false,0,false,0,0,none,none,true,S2", "e,true,60,true,12,60,none,none,true,S9", "f,true,60,true,12,60,none,none,true,",
                    "g,true,60,true,12,60,none,castle,true,S2"]
        let cells = rows.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let csv = ([names.joined(separator: ",")] + rows).joined(separator: "\n")
        // The same rows as JSON lines, preferences as a list.
        let jsonl = cells.map { row in
            "{" + zip(names, row).filter { !$1.isEmpty }.map { name, value in
                name == "preferences" ? "preferences: [\(value.split(separator: ";").joined(separator: ", "))]" : "\(name): \(value)"
            }.joined(separator: ", ") + "}"
        }.joined(separator: "\n")
        /// The rows as documents, the first on `line` (errors cite it).
        func documents(from line: Int) -> [Applicant] {
            cells.enumerated().map { index, row in
                let entries = zip(names, row).dropFirst().filter { !$1.isEmpty }.map { DocumentNode.Entry(key: $0, value: DocumentNode(.scalar($1), line: line + index)) }
                return Applicant(id: row[0], line: line + index, document: DocumentNode(.mapping(entries), line: line + index))
            }
        }
        let asOf = LocalDate(iso: "2016-05-01")!
        let expected = Allocation.run(documents(from: 2), plan: plan, scheme: scheme, service: service, asOf: asOf)
        let expectedJSONL = Allocation.run(documents(from: 1), plan: plan, scheme: scheme, service: service, asOf: asOf)
        let fromCSV = try Allocation.run(.bytes(Array(csv.utf8)), format: .csv, plan: plan, scheme: scheme, service: service, asOf: asOf)
        let fromJSONL = try Allocation.run(.bytes(Array(jsonl.utf8)), format: .jsonl, plan: plan, scheme: scheme, service: service, asOf: asOf)
        #expect(fromCSV.rows == expected.rows && fromCSV.summary == expected.summary)
        #expect(fromJSONL.rows == expectedJSONL.rows && fromJSONL.summary == expected.summary)
        #expect(expected.rows.map(\.applicantID) == ["b", "a", "c", "d", "e", "f", "g"])
        #expect(expected.rows[4].reason == "invalid: 6: preference 'S9' is not a school of the seat plan" && expected.rows[5].reason.contains("no preferences"))
        #expect(expected.rows[6].reason.hasPrefix("invalid: ") && expected.rows[6].reason.contains("housing"), "\(expected.rows[6])")
    }

    @Test func preferencesAreChecked() throws {
        let plan = SeatPlan(schools: (0..<25).map { SeatPlan.School(id: "S\($0)", seats: 1, kind: "public") })
        let twenty = (0..<20).map { "S\($0)" }.joined(separator: ";")
        let scheme = try SchemeCatalog.builtIn().scheme(id: "panyu-school-points", asOf: LocalDate(iso: "2016-05-01")!)
        let service = try Allocation.schoolService(of: scheme, named: nil)
        for (preferences, message) in [(twenty, "at most 19"), ("S1;S1", "listed twice"), ("", "is empty")] {
            let document = DocumentNode(.mapping([DocumentNode.Entry(key: "preferences", value: DocumentNode(.scalar(preferences), line: 1))]), line: 1)
            let (rows, _) = Allocation.run([Applicant(id: "A", line: 1, document: document)], plan: plan, scheme: scheme, service: service, asOf: LocalDate(iso: "2016-05-01")!)
            #expect(rows.first?.reason.contains(message) == true, "\(rows)")
        }
    }

    @Test(arguments: [
        ("", 1, "the seat plan is empty"),
        ("school,seats\nS1,3\n", 1, "needs school_id and seats"),
        ("school_id,seats,kind\nS1,3,public\nS1,2,public\n", 3, "listed twice (first on line 2)"),
        ("school_id,seats,kind\nS1,-1,public\n", 2, "seats must be a whole number"),
        ("school_id,seats,kind\nS1,lots,public\n", 2, "seats must be a whole number"),
        ("school_id,seats,kind\nS1,3,private\n", 2, "kind must be public or subsidised"),
        ("school_id,seats,kind\n,3,public\n", 2, "empty school_id"),
        ("school_id,seats,kind\nS1,3\n", 2, "2 cells, but the header has 3"),
    ])
    func aBrokenSeatPlanNamesItsLine(_ text: String, _ line: Int, _ message: String) {
        let error = #expect(throws: DocumentError.self) { try SeatPlan.read(text) }
        #expect(error?.line == line && error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test func aSeatPlanWithoutKindsIsPublic() throws {
        let plan = try SeatPlan.read("school_id,seats\nS1,3\nS2,0\n")
        #expect(plan.schools == [.init(id: "S1", seats: 3, kind: "public"), .init(id: "S2", seats: 0, kind: "public")])
        #expect(plan.position(of: "S2") == 1 && plan.position(of: "S3") == nil)
    }

    @Test(arguments: 0..<300)
    func noApplicantPrefersASchoolThatAdmittedSomeoneTheyOutrank(seed: Int) {
        var random = SplitMix(state: UInt64(seed))
        let schoolCount = 1 + random.next(8)
        let seats = (0..<schoolCount).map { _ in random.next(5) }
        let candidates = (0..<(1 + random.next(60))).map { i in
            let listed = (0..<schoolCount).shuffled(using: &random).prefix(1 + random.next(min(schoolCount, SeatAllocation.maxPreferences)))
            return SeatAllocation.Candidate(id: "c\(i)", batch: 1 + random.next(2), score: Fixed(Int64(random.next(5))),
                                            tieKeys: [Fixed(Int64(random.next(3))), Fixed(Int64(random.next(3)))], preferences: Array(listed))
        }
        let descending = [true, false]
        let placements = SeatAllocation.allocate(candidates, seats: seats, descending: descending)
        #expect(placements.count == candidates.count)
        var filled = [Int](repeating: 0, count: schoolCount)
        var admitted: [[Int]] = Array(repeating: [], count: schoolCount)
        for p in placements {
            if let school = p.school {
                filled[school] += 1
                admitted[school].append(p.candidate)
                #expect(candidates[p.candidate].preferences[p.choice! - 1] == school)
            }
        }
        #expect(zip(filled, seats).allSatisfy { $0 <= $1 }, "no school takes more than its seats")
        func outranks(_ a: Int, _ b: Int) -> Bool {
            SeatAllocation.precedes(candidates[a], candidates[b], descending: descending) ?? (a < b)
        }
        for p in placements {
            let listed = candidates[p.candidate].preferences
            let better = p.choice.map { listed.prefix($0 - 1) } ?? listed[...]
            for school in better {
                let outranked = admitted[school].filter { outranks(p.candidate, $0) }
                #expect(outranked.isEmpty, "seed \(seed): candidate \(p.candidate) prefers school \(school), which admitted \(outranked), whom they outrank")
                #expect(filled[school] == seats[school], "a school someone preferred has a seat left")
            }
        }
        let waiting = placements.compactMap(\.waitingPosition)
        #expect(waiting == Array(0..<waiting.count).map { $0 + 1 }, "the waiting list counts from 1 in allocation order")
    }
}

