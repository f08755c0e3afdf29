import Foundation
import PointsClient
import PointsCore
import PointsProtocol
import PointsServer
import Testing

/// The seeds' settlement and service schemes on a real server through the real client: a card
/// that waits on a rule not on record says so on the wire, and a tier that tests the child an
/// `EnrolmentTier` call names reads the child's facts from the request.
@Suite struct SeedSchemesOverTheWireTests {
    @Test func anUndeterminedCardLeavesQualifiedUnsetAndNamesWhatItWaitsOn() async throws {
        try await withServer { port in
            let client = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await client.close() } }
            let worker = "stable_employment: true\nhousing: rented_registered\npension_insurance_months: 30\nresidence_months: 40\nholds_residence_permit: true\n"
            for detail in [Points_V1_Detail.full, .summary] {
                var request = try Points_V1_ScoreRequest(document: try DocumentNode.parse(yaml: worker), scheme: "chongqing-settlement", asOf: LocalDate(iso: "2025-06-01")!)
                request.detail = detail
                let card = try await client.score(request).card
                #expect(!card.hasQualified, "\(detail)")
                #expect(card.undetermined.map(\.name) == ["min_insurance_months", "min_residence_months"])
                #expect(card.undetermined.first?.setBy.zh.contains("渝府发〔2015〕54号") == true)
                #expect(card.channels.map(\.hasHolds) == [true, false] && card.channels.first?.holds == false)
                // Back in the core type, it prints as a local card does.
                #expect(try ScoreCard(card, detail: detail).qualified == nil)
            }
        }
    }

    private func tier(_ scheme: String, stage: String, facts: String, child: (inout Points_V1_Child) -> Void) throws -> Points_V1_EnrolmentTierRequest {
        var request = Points_V1_EnrolmentTierRequest()
        request.scheme = scheme
        request.asOf = "2025-06-01"
        request.parent = try Points_V1_Facts(document: try DocumentNode.parse(yaml: facts), asOf: LocalDate(iso: "2025-06-01")!)
        request.child.schoolStage = stage
        child(&request.child)
        return request
    }

    @Test func aTierOnTheChildReadsTheChildTheCallNames() async throws {
        try await withServer { port in
            let client = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await client.close() } }
            let employed = "stable_employment: true\n"
            let withRecord = try await client.enrolmentTier(try tier("henan-migrant-children", stage: "junior_secondary", facts: employed) { $0.localJuniorHighRecord = true })
            #expect(withRecord.tier == "local_exam" && withRecord.service == "senior_high_entrance_exam", "\(withRecord)")
            #expect(withRecord.reason.en == "stable_employment is true; child.local_junior_high_record is true")
            let without = try await client.enrolmentTier(try tier("henan-migrant-children", stage: "junior_secondary", facts: employed) { $0.localJuniorHighRecord = false })
            #expect(!without.hasTier && !without.hasUndetermined)
            let unnamed = try await client.enrolmentTier(try tier("henan-migrant-children", stage: "junior_secondary", facts: employed) { _ in })
            #expect(!unnamed.hasTier && unnamed.reason.en.contains("child.local_junior_high_record not stated"), "\(unnamed.reason.en)")
            // Zhaotong's years of local schooling are not on record: the tier is undetermined.
            let schooled = try await client.enrolmentTier(try tier("zhaotong-services", stage: "senior_secondary", facts: "holds_residence_permit: true\nresidence_months: 40\n") { $0.localSchoolingMonths = 48 })
            #expect(!schooled.hasTier && schooled.undetermined, "\(schooled)")
            #expect(schooled.reason.en.contains("child.local_schooling_months 48 ≥ local_schooling_months? (not on record)"), "\(schooled.reason.en)")
        }
    }

    @Test func reloadTakesAParameterFileAndRefusesASchemeBeyondItsConstraints() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reload-seeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SchemeStore(base: try SchemeCatalog.builtIn().schemes, directory: folder.path, today: { LocalDate(iso: "2025-06-01")! })
        let parameters = "parameters_for: {scheme: chongqing-settlement, version: \"2016\"}\nparameters: {min_insurance_months: 24, min_residence_months: 36}\n"
        try parameters.write(to: folder.appendingPathComponent("chongqing-parameters.yaml"), atomically: true, encoding: .utf8)
        try store.reload()
        let set = try store.service.catalog.scheme(id: "chongqing-settlement", asOf: LocalDate(iso: "2025-06-01")!)
        #expect(set.parameters.map(\.value) == [Fixed(24), Fixed(36)] && set.metadata.source.hasSuffix("chongqing-parameters.yaml"))
        // GetScheme gives both files, and the content hash is checked from them.
        var get = Points_V1_GetSchemeRequest()
        get.id = "chongqing-settlement"
        get.asOf = "2025-06-01"
        let prepared = try #require(try store.service.prepare("GetScheme", payload: try get.serializedData(), answerLimit: 1 << 22))
        var recorder: DecisionRecorder?
        let published = try Points_V1_GetSchemeResponse(serializedBytes: try prepared.run(recorder: &recorder))
        #expect(published.parameterText == parameters && published.text.hasPrefix("# ") && published.text.contains("scheme: chongqing-settlement"))
        #expect("sha256:" + Digests.sha256Hex(Array((published.text + "\n" + published.parameterText).utf8)) == published.scheme.contentHash)
        // A city scheme beyond its constraint sets is refused, and the parameters stay served.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        try FileManager.default.copyItem(at: root.appendingPathComponent("Examples/city-beyond-henan-limits.yaml"), to: folder.appendingPathComponent("city.yaml"))
        let refused = #expect(throws: SchemeLoadError.self) { try store.reload() }
        #expect(refused?.diagnostics.count == 3 && refused?.diagnostics.allSatisfy { $0.message.contains("breaks constraint henan-2017") } == true, "\(String(describing: refused))")
        #expect(try store.service.catalog.scheme(id: "chongqing-settlement", asOf: LocalDate(iso: "2025-06-01")!).parameters.first?.value == Fixed(24))
        #expect(!store.service.catalog.ids.contains("example-henan-prefecture-city"))
    }
}
