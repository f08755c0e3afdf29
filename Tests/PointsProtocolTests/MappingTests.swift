import Foundation
import PointsCore
import PointsProtocol
import Testing

/// Wire facts and cards carry exactly what the core has, both ways.
@Suite struct MappingTests {
    let asOf = LocalDate(iso: "2025-06-01")!

    @Test func everyKindOfFactSurvivesTheWire() throws {
        let yaml = """
            birth_date: 1990-03-15
            holds_residence_permit: true
            residence_permit_months: 72
            housing: rented_registered
            education: master
            income_tax_3y: "45000.5"
            invention_patents: [{inventors: 1}, {inventors: 3}]
            honours: []
            volunteer_hours_by_year: {2024: 120, 2025: 30}
            military_merits: {first: 1, third: 2}
            criminal_punishment_5y: false
            district: 番禺
            children: [{birth_date: 2015-09-01, school_stage: primary, local_schooling_months: 36}]
            spouse: {birth_date: 1991-01-01, education: bachelor}
            """
        let decoder = FactsDecoder(registry: .canonical, asOf: asOf)
        let original = try decoder.decode(try DocumentNode.parse(yaml: yaml))
        let wire = Points_V1_Facts(facts: original)
        let back = try decoder.decode(try Points_V1_Facts(serializedBytes: try wire.serializedBytes() as [UInt8]).document())
        #expect(back == original)
    }

    @Test func absentFactsStayAbsentAndExtrasTravelAsText() throws {
        var wire = Points_V1_Facts()
        wire.stableEmployment = false
        wire.extra = ["green_card": "true"]
        let document = try wire.document()
        #expect(document["stable_employment"]?.scalar == "false")
        #expect(document["residence_permit_months"] == nil)
        #expect(document["invention_patents"] == nil)
        #expect(document["green_card"]?.scalar == "true")
    }

    @Test func aScoreCardSurvivesTheWire() throws {
        let scheme = try SchemeCatalog.builtIn().scheme(id: "guangzhou-hukou", asOf: asOf)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let example = try String(contentsOf: root.appendingPathComponent("Examples/bachelor-renting.yaml"), encoding: .utf8)
        let facts = example + "\ninvention_patents: [{inventors: 3}]\nvolunteer_hours_by_year: {2010: 100}\n"
        let card = try scheme.score(document: try DocumentNode.parse(yaml: facts), asOf: asOf)
        let wire = try Points_V1_ScoreCard(serializedBytes: try Points_V1_ScoreCard(card).serializedBytes() as [UInt8])
        let back = try ScoreCard(wire)
        #expect(back == card)
        #expect(back.jsonText() == card.jsonText())
    }

    @Test func theCommittedGeneratedCodeMatchesTheProto() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let proto = try Data(contentsOf: root.appendingPathComponent("Protos/points/v1/points.proto"))
        for generated in ["Sources/PointsProtocol/Generated", "Sources/CPointsClient"] {
            let recorded = try String(contentsOf: root.appendingPathComponent("\(generated)/points.proto.sha256"), encoding: .utf8)
            #expect(Digests.sha256Hex(Array(proto)) == recorded.trimmingCharacters(in: .whitespacesAndNewlines),
                    "points.proto changed since \(generated) was generated: run Scripts/gen-protos.sh and commit the result")
        }
    }
}

/// The directly written summary and full responses are byte for byte what swift-protobuf
/// writes, full cards (tiers and multiplied scores included) survive the wire unchanged, and
/// wire facts read straight into a row equal the decoded ones, for every golden case of every
/// scheme.
@Suite struct SummaryBytesTests {
    @Test func everyGoldenCaseEncodesLikeSwiftProtobuf() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PointsCoreTests/Cases")
        let catalog = try SchemeCatalog.builtIn()
        var compared: [String: Int] = [:]
        let reused = ScoreResult()  // with its words, from card to card, as a server thread's
        for schemeID in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            let folder = root.appendingPathComponent(schemeID)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".yaml") {
                let node = try DocumentNode.parse(yaml: String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
                guard node["expect"]?["error"] == nil, let asOf = node["as_of"]?.scalar.flatMap(LocalDate.init(iso:)) else { continue }
                var scheme = try catalog.scheme(id: schemeID, asOf: asOf)
                if let parameters = node["parameters"] {
                    scheme = try SchemeLoader.setting(parameters.entries ?? [], of: scheme, source: name, line: parameters.line, hashed: name)
                }
                let card = try scheme.score(document: node["facts"]!, asOf: asOf, explain: false)
                var response = Points_V1_ScoreResponse()
                response.card = Points_V1_ScoreCard(card, detail: .summary)
                let facts = try FactsDecoder(registry: scheme.registry, asOf: asOf).decode(node["facts"]!)
                let row = FactRow(facts, registry: scheme.registry), result = reused
                scheme.evaluate(row, asOf: asOf, into: result)
                #expect(scheme.summaryResponseBytes(row, result) == (try response.serializedData()), "\(schemeID)/\(name)")
                let full = try scheme.score(document: node["facts"]!, asOf: asOf)
                response.card = Points_V1_ScoreCard(full)
                #expect(scheme.fullResponseBytes(row, result) == (try response.serializedData()), "\(schemeID)/\(name) in full")
                var batchResult = Points_V1_ScoreBatchResult()
                batchResult.card = response.card
                #expect(scheme.fullResponseBytes(row, result, cardField: 2) == (try batchResult.serializedData()),
                        "\(schemeID)/\(name) as a batch result's card")
                // (A scheme's own facts travel as text in `extra`, which is read the slow way.)
                let hasExtras = (FactRegistry.canonical.count..<scheme.registry.count).contains { facts[$0] != nil }
                var wireRow = FactRow(width: scheme.registry.count)
                if !hasExtras, Points_V1_Facts(facts: facts).fill(&wireRow, reader: FactTextReader(scheme: scheme, asOf: asOf)) {
                    #expect(wireRow.values == row.values && wireRow.texts == row.texts, "\(schemeID)/\(name) read straight from the wire")
                    var request = Points_V1_ScoreRequest()
                    request.facts = Points_V1_Facts(facts: facts)
                    request.asOf = asOf.description
                    request.applicantRef = "case-1"
                    let bytes = try ScoreRequestBytes(Data(request.serializedBytes() as [UInt8]))
                    var bytesRow = FactRow(width: scheme.registry.count)
                    #expect(bytes?.applicantRef == "case-1" && bytes?.asOf == asOf.description)
                    #expect(bytes?.fill(&bytesRow, reader: FactTextReader(scheme: scheme, asOf: asOf)) == true)
                    #expect(bytesRow.values == row.values && bytesRow.texts == row.texts, "\(schemeID)/\(name) read straight from the bytes")
                    compared["straight from the wire", default: 0] += 1
                }
                let back = try ScoreCard(try Points_V1_ScoreCard(serializedBytes: try Points_V1_ScoreCard(full).serializedBytes() as [UInt8]))
                #expect(back == full, "\(schemeID)/\(name) survives the wire")
                compared[schemeID, default: 0] += 1
            }
        }
        #expect(compared["guangzhou-hukou", default: 0] >= 25)
        let folders = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(Set(compared.keys) == Set(folders + ["straight from the wire"]))
        #expect(compared["straight from the wire", default: 0] >= 30)
    }
}

/// The reader of request bytes gives up, for the slow way, on anything it does not take whole.
@Suite struct ScoreRequestBytesTests {
    let scheme = try! SchemeCatalog.builtIn().scheme(id: "guangzhou-hukou", asOf: LocalDate(iso: "2025-06-01")!)
    let asOf = LocalDate(iso: "2025-06-01")!

    private func fills(_ request: Points_V1_ScoreRequest) throws -> Bool? {
        var row = FactRow(width: scheme.registry.count)
        return try ScoreRequestBytes(Data(request.serializedBytes() as [UInt8]))?.fill(&row, reader: FactTextReader(scheme: scheme, asOf: asOf))
    }

    @Test func givesUpOnWhatItDoesNotTakeWhole() throws {
        var request = Points_V1_ScoreRequest()
        request.facts.birthDate = "1990-03-15"
        #expect(try fills(request) == true)
        request.facts.spouse.birthDate = "1991-01-01"
        #expect(try fills(request) == false, "a spouse")
        request.facts.clearSpouse()
        request.facts.extra["x"] = "1"
        #expect(try fills(request) == false, "an extra fact")
        request.facts.extra = [:]
        request.facts.residencePermitMonths = 5000
        #expect(try fills(request) == false, "a number out of range: the decoder words it")
        request.facts.clearResidencePermitMonths()
        request.facts.birthDate = "1990-02-30"
        #expect(try fills(request) == false, "a date that does not exist")
        request.facts.birthDate = "1990-03-15"
        request.facts.incomeTax3Y = "999999999999999"
        #expect(try fills(request) == false, "15 whole digits of yuan: the decoder words it")
        #expect(ScoreRequestBytes(Data([0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])) == nil, "detail -1")
        #expect(ScoreRequestBytes(Data([0x0A, 0x05, 0x61])) == nil, "a truncated field")
        #expect(ScoreRequestBytes(Data([0x58, 0x01])) == nil, "an unknown field")
        #expect(ScoreRequestBytes(Data([0x0A, 0x02, 0xFF, 0xFE])) == nil, "a scheme id that is not UTF-8")
    }
}
