import Foundation
import Testing

/// The operator CLI end to end: the real binary, real files, exit codes and output.
@Suite struct CommandLineTests {
    @Test func scoresTheShippedExampleAsTheReadmeSays() throws {
        let result = try PointsRunner.run(["score", "Examples/bachelor-renting.yaml", "--as-of", "2025-06-01", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let card = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(card["total"] as? String == "200")
        #expect(card["ranking_score"] as? String == "170")
        #expect(card["qualified"] as? Bool == true)
        let groups = card["groups"] as! [[String: Any]]
        #expect(groups.first { $0["id"] as? String == "basic" }?["points"] as? String == "170")
    }

    @Test func jsonCardsAreByteIdenticalAcrossRuns() throws {
        let args = ["score", "Examples/bachelor-renting.yaml", "--as-of", "2025-06-01", "--format", "json"]
        let first = try PointsRunner.run(args), second = try PointsRunner.run(args)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.contains("\"content_hash\" : \"sha256:"))
    }

    @Test func aliasesInFactsAreRefusedWithTheirLineInFilesAndCSVCells() throws {
        let file = try PointsRunner.run(["score", PointsRunner.fixture("alias-bomb.yaml"), "--as-of", "2025-06-01"])
        #expect(file.status != 0)
        #expect(file.stderr.contains("alias-bomb.yaml:2: YAML anchors (&a0) are not allowed in a facts document"), "\(file.stderr)")
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("alias-\(UUID()).csv")
        try "applicant_id,invention_patents\nA1,\"[&p {inventors: 2}, *p]\"\n".write(to: csv, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: csv) }
        let rank = try PointsRunner.run(["rank", csv.path, "--as-of", "2025-06-01", "--quota", "1"])
        #expect(rank.status != 0 && rank.stderr.contains("anchors (&p) are not allowed"), "\(rank.stderr)")
    }

    @Test func textCardShowsBothLanguages() throws {
        let result = try PointsRunner.run(["score", "Examples/bachelor-renting.yaml", "--as-of", "2025-06-01"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("基础指标 / basic indicators: 170"))
        #expect(result.stdout.contains("QUALIFIED"))
    }

    @Test func validateReportsEachMistakeWithItsLine() throws {
        let result = try PointsRunner.run(["validate", PointsRunner.fixture("broken-scheme.yaml")])
        #expect(result.status != 0)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains("broken-scheme.yaml:") }
        #expect(errors.count == 3, "\(result.stderr)")
        #expect(errors.contains { $0.contains("broken-scheme.yaml:20: groups.bonus.indicators[1].bands[2].from:") && $0.contains("overlap") })
        #expect(errors.contains { $0.contains("broken-scheme.yaml:26: groups.bonus.indicators[2].fact:") && $0.contains("unknown fact 'commute_months'") })
        #expect(errors.contains { $0.contains("broken-scheme.yaml:36: groups.bonus.indicators[3].cap:") && $0.contains("must be 0 or more") })
    }

    @Test func validateRefusesACitySchemeBeyondItsConstraintSets() throws {
        let breaking = try PointsRunner.run(["validate", PointsRunner.packageRoot.appendingPathComponent("Examples/city-beyond-henan-limits.yaml").path])
        #expect(breaking.status != 0)
        let lines = breaking.stderr.split(separator: "\n").filter { $0.contains("city-beyond-henan-limits.yaml:") }
        #expect(lines.count == 3, "\(breaking.stderr)")
        for (line, rule, clause) in [(34, "no_points_settlement", "不得采取积分落户方式"), (43, "prefecture_insurance_years", "其他省辖市参加城镇社会保险的年限要求不得超过1年"),
                                     (47, "no_purchase_investment_tax", "各地均不得将购买房屋、投资纳税等作为落户限制条件")] {
            #expect(lines.contains { $0.contains("yaml:\(line):") && $0.contains("rule \(rule),") && $0.contains(clause) && $0.contains("cites [示例") }, "\(rule): \(breaking.stderr)")
        }
        let complying = try PointsRunner.run(["validate", PointsRunner.packageRoot.appendingPathComponent("Examples/city-within-henan-limits.yaml").path])
        #expect(complying.status == 0 && complying.stdout.hasPrefix("ok "), "\(complying.stderr)")
    }

    @Test func anApplicantNeedingAnUnsetParameterIsUndeterminedAndAParameterFileDecides() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parameters-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let facts = folder.appendingPathComponent("worker.yaml"), settings = folder.appendingPathComponent("cq.yaml")
        try "stable_employment: true\nhousing: rented_registered\npension_insurance_months: 30\nresidence_months: 40\nholds_residence_permit: true\n".write(to: facts, atomically: true, encoding: .utf8)
        try "parameters_for: {scheme: chongqing-settlement, version: \"2016\"}\nparameters: {min_insurance_months: 24, min_residence_months: 36}\n".write(to: settings, atomically: true, encoding: .utf8)
        let open = try PointsRunner.run(["score", facts.path, "--scheme", "chongqing-settlement", "--as-of", "2025-06-01"])
        #expect(open.status == 0 && open.stdout.contains("UNDETERMINED 尚不能确定"), "\(open.stdout)\(open.stderr)")
        #expect(open.stdout.contains("  min_insurance_months: 参加城镇社会保险最低年限（月）") && open.stdout.contains("to be set by Chongqing opinions on further hukou reform"))
        #expect(open.stdout.contains("[渝府办发〔2016〕273号 附件任务2 合法稳定就业和合法稳定住所（含租赁）"), "every channel with its clause")
        let json = try PointsRunner.run(["score", facts.path, "--scheme", "chongqing-settlement", "--as-of", "2025-06-01", "--format", "json"])
        #expect(!json.stdout.contains("\"qualified\"") && json.stdout.contains("\"undetermined\" : ["), "\(json.stdout)")
        let set = try PointsRunner.run(["score", facts.path, "--scheme", "chongqing-settlement", "--as-of", "2025-06-01", "--scheme-file", settings.path])
        #expect(set.stdout.contains("QUALIFIED 符合条件") && set.stdout.contains("pension_insurance_months 30 ≥ 24"), "\(set.stdout)\(set.stderr)")
        let validate = try PointsRunner.run(["validate", settings.path])
        #expect(validate.status == 0 && validate.stdout.contains("parameter min_insurance_months = 24 months (set in \(settings.path))"), "\(validate.stdout)")
    }

    @Test func schemesListsEverySeedsSchemes() throws {
        let result = try PointsRunner.run(["schemes"])
        for id in ["chongqing-settlement", "henan-towns-settlement", "henan-migrant-children", "zhaotong-settlement", "zhaotong-services",
                   "qingyang-settlement", "qingyang-residence-permit"] {
            #expect(result.stdout.contains("\n\(id)  ") || result.stdout.hasPrefix("\(id)  "), "\(id): \(result.stdout)")
        }
    }

    @Test func validateAcceptsTheBuiltInSchemes() throws {
        let folder = PointsRunner.packageRoot.appendingPathComponent("Sources/PointsCore/Schemes").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.map { "\(folder)/\($0)" }
        let result = try PointsRunner.run(["validate"] + files)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count == files.count)
        // The parameters not on record are listed, each with its clause and who would set it.
        #expect(result.stdout.contains("  parameter min_insurance_months not on record [渝府办发〔2016〕273号 附件任务2"), "\(result.stdout)")
    }

    /// A copy of the shipped 2023 file in which an operator raised the permit weight from 8 to
    /// 10 a year (the caller removes it).
    private func permitTenCopy() throws -> URL {
        let shipped = PointsRunner.packageRoot.appendingPathComponent("Sources/PointsCore/Schemes/guangzhou-hukou-2023.yaml")
        let edited = try String(contentsOf: shipped, encoding: .utf8)
            .replacingOccurrences(of: "        unit: year\n        points: 8\n", with: "        unit: year\n        points: 10\n")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("gz-\(UUID().uuidString).yaml")
        try edited.write(to: copy, atomically: true, encoding: .utf8)
        return copy
    }

    @Test func anEditedCopyOfAShippedSchemeReplacesIt() throws {
        let copy = try permitTenCopy()
        defer { try? FileManager.default.removeItem(at: copy) }
        let validated = try PointsRunner.run(["validate", copy.path])
        #expect(validated.status == 0, "\(validated.stderr)")
        let scored = try PointsRunner.run(["score", "Examples/bachelor-renting.yaml", "--as-of", "2025-06-01", "--scheme-file", copy.path])
        #expect(scored.stdout.contains("total 212  ranking score 182"), "\(scored.stdout)")
    }

    @Test func diffNamesWhatAnEditedCopyChanges() throws {
        let copy = try permitTenCopy()
        defer { try? FileManager.default.removeItem(at: copy) }
        let result = try PointsRunner.run(["diff", "guangzhou-hukou@2023", copy.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("guangzhou-hukou 2023 (builtin:guangzhou-hukou-2023.yaml) → guangzhou-hukou 2023 ("), "\(result.stdout)")
        #expect(result.stdout.contains(": 1 change(s)\ngroups.basic.indicators[residence_permit].points: 8 → 10  (附件《指标体系及分值表》基础指标·居住证：每满1年计8分)\n"),
                "\(result.stdout)")
        let versions = try PointsRunner.run(["diff", "guangzhou-hukou@2014", "guangzhou-hukou@2023"])
        #expect(versions.status == 0 && versions.stdout.contains("effective_from: 2014-03-01 → 2023-01-11"), "\(versions.stdout)")
        let unknown = try PointsRunner.run(["diff", "guangzhou-hukou@1999", "guangzhou-hukou"])
        #expect(unknown.status != 0 && unknown.stderr.contains("has no version '1999'; it has: 2014, 2023"), "\(unknown.stderr)")
        let nothing = try PointsRunner.run(["diff", "no-such-scheme", "guangzhou-hukou"])
        #expect(nothing.status != 0 && nothing.stderr.contains("'no-such-scheme' is neither a file nor a built-in scheme; the built-in ones are:"), "\(nothing.stderr)")
    }

    @Test func simulateSaysWhatADraftMovesAndWritesTheChanges() throws {
        let draft = try permitTenCopy(), changes = FileManager.default.temporaryDirectory.appendingPathComponent("changes-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: draft); try? FileManager.default.removeItem(at: changes) }
        let result = try PointsRunner.run(["simulate", "--baseline", "guangzhou-hukou@2023", "--candidate", draft.path,
                                           "--population", PointsRunner.fixture("applicants.csv"), "--as-of", "2025-06-01", "--quota", "2",
                                           "--changes", changes.path, "--json", changes.path + ".json"])
        #expect(result.status == 0 && result.stderr.isEmpty, "no progress bar when standard error is not a terminal: \(result.stderr)")
        #expect(result.stdout.hasPrefix("quota 2\nbaseline: guangzhou-hukou 2023: 5 applicants"), "\(result.stdout)")
        #expect(result.stdout.contains("residence_permit: mean "), "\(result.stdout)")
        let written = try String(contentsOf: changes, encoding: .utf8)
        #expect(written.hasPrefix("applicant_id,change,rank_before,rank_after,score_before,score_after,lines\n"))
        let json = try String(contentsOfFile: changes.path + ".json", encoding: .utf8)
        #expect(json.contains("\"quota\" : 2") && json.contains("\"newly_admitted\""), "\(json)")
        try? FileManager.default.removeItem(atPath: changes.path + ".json")
        let none = try PointsRunner.run(["simulate", "--baseline", "guangzhou-hukou", "--population", PointsRunner.fixture("applicants.csv"), "--quota", "2"])
        #expect(none.status != 0 && none.stderr.contains("name at least one --candidate"), "\(none.stderr)")
        let broken = try PointsRunner.run(["simulate", "--baseline", "guangzhou-hukou", "--candidate", PointsRunner.fixture("broken-scheme.yaml"),
                                           "--population", PointsRunner.fixture("applicants.csv"), "--quota", "2"])
        #expect(broken.status != 0 && broken.stderr.contains("broken-scheme.yaml:20:") && broken.stdout.isEmpty, "\(broken.stderr)")
        let missing = try PointsRunner.run(["simulate", "--baseline", "guangzhou-hukou", "--candidate", draft.path,
                                            "--population", "no-such-population.csv", "--as-of", "2025-06-01", "--quota", "2"])
        #expect(missing.status != 0 && missing.stderr.contains("cannot read no-such-population.csv"), "\(missing.stderr)")
    }

    @Test func emittedCasesHoldUnderTheCandidateAndNotTheBaseline() throws {
        let draft = try permitTenCopy(), folder = FileManager.default.temporaryDirectory.appendingPathComponent("cases-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: draft); try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let population = folder.appendingPathComponent("applicants.csv")
        let generated = try PointsRunner.python("Scripts/gen-applicants.py", ["--count", "3000"])
        try generated.stdout.write(to: population, atomically: true, encoding: .utf8)
        let cases = folder.appendingPathComponent("cases"), summary = folder.appendingPathComponent("summary.json")
        let run = try PointsRunner.run(["simulate", "--baseline", "guangzhou-hukou@2023", "--candidate", draft.path, "--population", population.path,
                                        "--as-of", "2025-06-01", "--quota", "600", "--emit-cases", cases.path, "--json", summary.path])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: summary)) as? [String: Any])
        let first = try #require((json["candidates"] as? [[String: Any]])?.first)
        let moved = (first["newly_admitted"] as? Int ?? 0) + (first["dropped"] as? Int ?? 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: cases.path).sorted()
        #expect(moved > 0 && files.count == moved, "one case per applicant admitted or dropped: \(files.count) of \(moved)")
        #expect(run.stderr.contains("wrote \(moved) case file(s) to \(cases.path)"), "\(run.stderr)")
        #expect(files.first?.hasPrefix("0001-") == true && files.allSatisfy { $0.contains("-admitted-") || $0.contains("-dropped-") })

        let underCandidate = try PointsRunner.run(["cases", cases.path, "--scheme-file", draft.path])
        #expect(underCandidate.status == 0 && underCandidate.stdout.hasSuffix("\(moved) of \(moved) case(s) hold\n"), "\(underCandidate.stdout)")
        let underBaseline = try PointsRunner.run(["cases", cases.path])
        #expect(underBaseline.status == 1 && underBaseline.stdout.contains("FAILED") && underBaseline.stdout.contains("line residence_permit: "),
                "the draft's cases do not hold under the scheme in force: \(underBaseline.stdout.suffix(400))")
        let nothing = try PointsRunner.run(["cases", folder.appendingPathComponent("no-such-folder").path])
        #expect(nothing.status == 1 && nothing.stderr.contains("no such file or folder"), "\(nothing.stderr)")
        let again = try PointsRunner.run(["simulate", "--baseline", "guangzhou-hukou@2023", "--candidate", draft.path, "--population", population.path,
                                          "--as-of", "2025-06-01", "--quota", "600", "--emit-cases", cases.path])
        #expect(again.status != 0 && again.stdout.isEmpty && again.stderr.contains("already holds \(moved) case file(s)"), "refused before the run: \(again.stderr)")
        let intoFile = try PointsRunner.run(["simulate", "--baseline", "guangzhou-hukou@2023", "--candidate", draft.path, "--population", population.path,
                                             "--as-of", "2025-06-01", "--quota", "600", "--emit-cases", population.path])
        #expect(intoFile.status != 0 && intoFile.stdout.isEmpty && intoFile.stderr.contains("is a file; name a folder"), "\(intoFile.stderr)")
        let notACase = try PointsRunner.run(["cases", draft.path])
        #expect(notACase.status == 1 && notACase.stdout.contains("not a case file"), "\(notACase.stdout)")
        let edited = cases.appendingPathComponent(files[0])
        try (try String(contentsOf: edited, encoding: .utf8)).replacingOccurrences(of: "  total: ", with: "  totl: ").write(to: edited, atomically: true, encoding: .utf8)
        let typo = try PointsRunner.run(["cases", edited.path, "--scheme-file", draft.path])
        #expect(typo.status == 1 && typo.stdout.contains("expect.totl (line "), "\(typo.stdout)")
    }

    @Test func scoreFollowsTheCardWithNextStepsWhenAsked() throws {
        let facts = FileManager.default.temporaryDirectory.appendingPathComponent("next-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: facts) }
        // Golden case 33: 140 points at 44, qualifies on 2026-05-01 by waiting.
        let golden = try String(contentsOf: PointsRunner.packageRoot.appendingPathComponent("Tests/PointsCoreTests/Cases/guangzhou-hukou/33-next-steps-44-and-age-falling.yaml"), encoding: .utf8)
        let body = golden.components(separatedBy: "\nfacts:\n")[1].components(separatedBy: "\nexpect:")[0]
        try body.split(separator: "\n").map { $0.dropFirst(2) }.joined(separator: "\n").write(to: facts, atomically: true, encoding: .utf8)
        let plain = try PointsRunner.run(["score", facts.path, "--as-of", "2025-06-01"])
        #expect(plain.status == 0 && !plain.stdout.contains("next steps"), "\(plain.stderr)")
        let steps = try PointsRunner.run(["score", facts.path, "--as-of", "2025-06-01", "--next-steps"])
        #expect(steps.stdout.contains("下一步 / next steps\n  [gate] to meet: total of at least 150 points (10 points short)"), "\(steps.stdout)")
        #expect(steps.stdout.contains("[wait] if nothing else changes, qualifies on 2026-05-01"), "\(steps.stdout)")
        let json = try PointsRunner.run(["score", facts.path, "--as-of", "2025-06-01", "--format", "json"])
        #expect(json.stdout.contains("\"next_steps\" : [") && json.stdout.contains("\"date\" : \"2026-05-01\""), "\(json.stdout.suffix(600))")
    }

    @Test func schemePagesAreGeneratedFromTheFilesAndCommitted() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pages-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try PointsRunner.run(["schemes", "--markdown", folder.path])
        #expect(result.status == 0 && result.stdout.hasPrefix("wrote 12 scheme page(s) and README.md"), "\(result.stdout)\(result.stderr)")
        let committed = PointsRunner.packageRoot.appendingPathComponent("Docs/schemes")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: committed.path).sorted()))
        for name in names {
            let fresh = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(fresh == (try? String(contentsOf: committed.appendingPathComponent(name), encoding: .utf8)),
                    "Docs/schemes/\(name) is stale: run `swift run points schemes --markdown Docs/schemes`")
        }
        // Every rule of a page cites its clause, as its file does.
        let file = try String(contentsOf: PointsRunner.packageRoot.appendingPathComponent("Sources/PointsCore/Schemes/panyu-school-points-2016.yaml"), encoding: .utf8)
        let page = try String(contentsOf: folder.appendingPathComponent("panyu-school-points-2016.md"), encoding: .utf8)
        let clauses = file.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "clause: ") else { return nil }
            return String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        #expect(clauses.count > 10)
        for clause in clauses { #expect(page.contains(clause), "\(clause)") }
    }

    @Test func simulateDrawsAProgressBarOnATerminal() throws {
        let draft = try permitTenCopy()
        defer { try? FileManager.default.removeItem(at: draft) }
        // `script` gives the command a pseudo-terminal; its output is what the terminal shows.
        let command = [PointsRunner.executable.path, "simulate", "--baseline", "guangzhou-hukou@2023", "--candidate", draft.path,
                       "--population", PointsRunner.fixture("applicants.csv"), "--as-of", "2025-06-01", "--quota", "2", ">/dev/null"].joined(separator: " ")
        let shown = try PointsRunner.run(program: URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"])
        #expect(shown.status == 0, "\(shown.stdout)")
        #expect(shown.stdout.contains("] 100 %  pass 2/2: \(draft.lastPathComponent)") && shown.stdout.contains("pass 1/2: guangzhou-hukou-2023.yaml"),
                "\(shown.stdout.debugDescription)")
        #expect(shown.stdout.hasSuffix("\r\u{1B}[K"), "the bar is erased at the end: \(shown.stdout.debugDescription)")
    }

    @Test func missingBirthDateIsNamedAndNoCardIsPrinted() throws {
        let result = try PointsRunner.run(["score", PointsRunner.fixture("missing-birth-date.yaml"), "--as-of", "2025-06-01"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("birth_date: missing"))
    }

    @Test func aDateNoVersionCoversIsRefusedNamingTheGap() throws {
        let result = try PointsRunner.run(["score", "Examples/bachelor-renting.yaml", "--as-of", "2019-05-01"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no version of guangzhou-hukou is in force on 2019-05-01"))
        #expect(result.stderr.contains("2016-10-25"))
    }

    @Test func schemesListsBothGuangzhouVersions() throws {
        let result = try PointsRunner.run(["schemes"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("2014  2014-03-01…2016-10-25"))
        #expect(result.stdout.contains("2023  2023-01-11…2026-12-31"))
    }

    @Test func rankWritesTiesAndTheQuotaCutOff() throws {
        let result = try PointsRunner.run(["rank", "--quota", "2", "--as-of", "2025-06-01", PointsRunner.fixture("applicants.csv")])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: ",", maxSplits: 5, omittingEmptySubsequences: false).map(String.init) }
        #expect(rows[0] == ["rank", "applicant_id", "admitted", "ranking_score", "total", "reason"])
        // a (basic 170) first; b and c tie exactly at the cut-off and both get rank 2.
        #expect(rows[1][0...2] == ["1", "a", "true"])
        #expect(Set(rows[2...3].map { $0[1] }) == ["b", "c"])
        #expect(rows[2][0] == "2" && rows[3][0] == "2" && rows[2][2] == "true" && rows[3][2] == "true")
        #expect(rows[4][0...2] == ["4", "d", "false"])
        #expect(rows[5][1] == "e" && rows[5][0].isEmpty && rows[5][5].contains("not qualified"))
        // A scheme of service tiers only has nothing to rank by: refused, never everyone admitted.
        let tiers = try PointsRunner.run(["rank", "--quota", "2", "--scheme", "zhaotong-services", "--as-of", "2025-06-01", PointsRunner.fixture("applicants.csv")])
        #expect(tiers.status != 0 && tiers.stdout.isEmpty && tiers.stderr.contains("scheme zhaotong-services 2017 gives service tiers only"), "\(tiers.stderr)")
    }

    @Test func tierAnswersTheEducationBureauWithoutIncomeOrTax() throws {
        let result = try PointsRunner.run(["tier", "Examples/panyu-parent.yaml", "--scheme", "panyu-school-points", "--as-of", "2016-05-01",
                                           "--stage", "primary", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(answer["tier"] as? String == "priority_batch" && answer["batch"] as? Int == 1 && answer["school_points"] as? String == "148.5")
        #expect(!result.stdout.contains("income") && !result.stdout.contains("8500"))
        let senior = try PointsRunner.run(["tier", "Examples/panyu-parent.yaml", "--scheme", "panyu-school-points", "--as-of", "2016-05-01",
                                           "--stage", "senior_secondary"])
        #expect(senior.status != 0 && senior.stderr.contains("no school service for senior_secondary"))
    }

    @Test func allocateServesThePriorityBatchFirstThenPoints() throws {
        // Points: a 28 + 36 x 0.35 = 40.6 -> residence cap 35, 4.8 insurance, 25 degree, 40 family
        // planning -> 104.8 (points batch, as no stable job); b 28 + 4.8 + 6 + 40 = 78.8 but the
        // priority batch; c 1.2 + 40 = 41.2. b takes S1; a, outranking c, takes S2; c waits.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("placements-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try PointsRunner.run(["allocate", PointsRunner.fixture("school-applicants.csv"), "--seats", PointsRunner.fixture("seats.csv"),
                                           "--scheme", "panyu-school-points", "--as-of", "2016-05-01", "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(7).joined(separator: ",") }
        #expect(rows == [
            "order,applicant_id,batch,score,school_id,choice,waiting_position",
            "1,b-priority,1,78.8,S1,1,",
            "2,a-points-high,2,104.8,S2,2,",
            "3,c-points-low,2,41.2,,,1",
            ",d-no-permit,,40,,,",
            ",e-unknown-school,,,,,",
        ])
        #expect(result.stderr.contains("5 applicants: 3 eligible, 1 in no tier, 1 invalid"), "\(result.stderr)")
        #expect(result.stderr.contains("2 placed (batch 1: 1, batch 2: 1), 1 in their first choice, 1 on the waiting list"))
    }

    @Test func allocateNamesTheLineOfABrokenSeatPlan() throws {
        let plan = FileManager.default.temporaryDirectory.appendingPathComponent("seats-\(UUID().uuidString).csv")
        try "school_id,seats,kind\nS1,2,public\nS2,many,public\n".write(to: plan, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: plan) }
        let result = try PointsRunner.run(["allocate", PointsRunner.fixture("school-applicants.csv"), "--seats", plan.path,
                                           "--scheme", "panyu-school-points", "--as-of", "2016-05-01"])
        #expect(result.status == 1 && result.stdout.isEmpty)
        #expect(result.stderr.contains("\(plan.path):3: seats must be a whole number from 0 to 1,000,000, got 'many'"), "\(result.stderr)")
        let noSchools = try PointsRunner.run(["allocate", PointsRunner.fixture("school-applicants.csv"), "--seats", PointsRunner.fixture("seats.csv"),
                                              "--scheme", "guangzhou-hukou", "--as-of", "2025-06-01"])
        #expect(noSchools.status == 1 && noSchools.stderr.contains("has no school service"))
    }
}
