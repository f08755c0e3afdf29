import Foundation
import PointsClient
import PointsCore
import PointsProtocol
import SwiftProtobuf
import Testing

/// The education bureau's `EnrolmentTier` and the district's `AllocateSeats`, on a real
/// server through the real client.
@Suite struct SchoolMethodsTests {
    /// A priority-batch parent (Panyu golden case 01) who also pays income tax and has a bad
    /// credit record: neither may reach the education bureau.
    static let parent = """
        holds_residence_permit: true
        residence_permit_continuous_months: 70
        stable_employment: true
        employment_months: 50
        pension_insurance_months: 72
        medical_insurance_months: 72
        unemployment_insurance_months: 40
        injury_insurance_months: 40
        maternity_insurance_months: 0
        education: junior_college
        skill_level: level3
        income_tax_5y: 8500
        income_tax_3y: 61234
        bad_credit_records: 3
        housing: rented_registered
        housing_in_school_town: true
        family_planning_compliant: true
        blood_donations: 2
        """

    private func request(stage: String = "primary", facts: String = SchoolMethodsTests.parent) throws -> Points_V1_EnrolmentTierRequest {
        var request = Points_V1_EnrolmentTierRequest()
        request.scheme = "panyu-school-points"
        request.asOf = "2016-05-01"
        request.parent = try Points_V1_Facts(document: try DocumentNode.parse(yaml: facts), asOf: LocalDate(iso: "2016-05-01")!)
        request.child.schoolStage = stage
        return request
    }

    @Test func theBureauGetsTheTierAndNothingOfIncomeTaxOrCredit() async throws {
        try await withServer { port in
            let client = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await client.close() } }
            let payload = try await client.call("EnrolmentTier", payload: try request().serializedData(), timeout: patience)
            let answer = try Points_V1_EnrolmentTierResponse(serializedBytes: payload)
            #expect(answer.tier == "priority_batch" && answer.batch == 1 && answer.schoolPoints == "148.5" && answer.service == "compulsory_education")
            #expect(!answer.reason.en.isEmpty && !answer.reason.zh.isEmpty)

            // The encoded message holds only the fields the response declares, none of them
            // about income, tax or credit, and none of the family's figures.
            let named = answer.textFormatString()
            for word in ["income", "tax", "credit"] { #expect(!named.contains(word), "\(named)") }
            let fields = try WireFields.topLevel(Array(payload))
            #expect(Set(fields).isSubset(of: Set(1...10)), "\(fields)")
            let text = String(decoding: payload, as: UTF8.self)
            for secret in ["61234", "8500", "income", "tax", "credit", "所得税", "信用"] {
                #expect(!text.contains(secret), "the answer contains '\(secret)'")
            }
        }
    }

    @Test func everyStageAndErrorHasItsStatus() async throws {
        try await withServer { port in
            let client = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await client.close() } }
            let junior = try await client.enrolmentTier(try request(stage: "junior_secondary"), timeout: patience)
            #expect(junior.tier == "priority_batch")
            await #expect { try await client.enrolmentTier(try request(stage: "senior_secondary"), timeout: patience) } throws: {
                ($0 as? RPCError)?.code == .failedPrecondition && ($0 as? RPCError)?.message.contains("no school service for senior_secondary") == true
            }
            await #expect { try await client.enrolmentTier(try request(stage: "nursery"), timeout: patience) } throws: {
                ($0 as? RPCError)?.code == .invalidArgument
            }
            await #expect { try await client.enrolmentTier(try request(facts: "holds_residence_permit: true"), timeout: patience) } throws: {
                ($0 as? RPCError)?.code == .invalidArgument && ($0 as? RPCError)?.message.contains("family_planning_compliant") == true
            }
            #expect(try await expectHealthy(port))
        }
    }

    @Test func badSchoolRequestsFailAloneWithTheirStatus() async throws {
        try await withServer { port in
            let client = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await client.close() } }
            func code(_ method: String, _ payload: Data) async -> (Points_V1_Code, String) {
                do {
                    _ = try await client.call(method, payload: payload, timeout: patience)
                    return (.ok, "")
                } catch {
                    return (error.code, error.message)
                }
            }
            var noStage = try request()
            noStage.clearChild()
            #expect(await code("EnrolmentTier", try noStage.serializedData()) == (.invalidArgument, "child.school_stage: missing; give primary, junior_secondary or senior_secondary"))
            var allocation = Points_V1_AllocateSeatsRequest()
            allocation.scheme = "panyu-school-points"
            allocation.asOf = "2016-05-01"
            var school = Points_V1_School()
            school.id = "S1"
            school.kind = "private"
            allocation.schools = [school]
            #expect(await code("AllocateSeats", try allocation.serializedData()) == (.invalidArgument, "school S1: kind must be public or subsidised, got 'private'"))
            school.kind = "public"
            allocation.schools = [school, school]
            #expect(await code("AllocateSeats", try allocation.serializedData()).0 == .invalidArgument)
            allocation.schools = [school]
            allocation.scheme = "guangzhou-hukou"
            allocation.asOf = "2025-06-01"
            let noSchools = await code("AllocateSeats", try allocation.serializedData())
            #expect(noSchools.0 == .failedPrecondition && noSchools.1.contains("has no school service"))
            #expect(await code("AllocateSeats", Data([0xFF, 0xFF, 0xFF])).0 == .invalidArgument)
            #expect(try await expectHealthy(port))
        }
    }

    @Test func seatsAreAllocatedByBatchThenPoints() async throws {
        try await withServer { port in
            let client = try await PointsClient.connect(host: "127.0.0.1", port: port)
            defer { Task { await client.close() } }
            var allocation = Points_V1_AllocateSeatsRequest()
            allocation.scheme = "panyu-school-points"
            allocation.asOf = "2016-05-01"
            var school = Points_V1_School()
            school.id = "S1"
            school.seats = 1
            allocation.schools = [school]
            for (id, months, preferences) in [("late", 60, ["S1"]), ("early", 70, ["S1"]), ("nowhere", 70, ["S7"])] {
                var applicant = Points_V1_SeatApplicant()
                applicant.applicantID = id
                applicant.facts = try request(facts: Self.parent.replacingOccurrences(of: "residence_permit_continuous_months: 70", with: "residence_permit_continuous_months: \(months)")).parent
                applicant.preferences = preferences
                allocation.applicants.append(applicant)
            }
            let response = try await client.allocateSeats(allocation, timeout: patience)
            #expect(response.placements.map(\.applicantID) == ["early", "late", "nowhere"])
            #expect(response.placements[0].schoolID == "S1" && response.placements[0].score == "148.5")
            #expect(response.placements[1].waitingPosition == 1 && !response.placements[1].hasSchoolID)
            #expect(response.placements[2].reason.contains("'S7' is not a school"))
            #expect(response.summary.placedByBatch.map(\.placed) == [1] && response.summary.waiting == 1 && response.summary.invalid == 1)
        }
    }
}

/// Reads the field numbers of a protobuf message's top level, without knowing its schema.
enum WireFields {
    struct Malformed: Error {}

    static func topLevel(_ bytes: [UInt8]) throws -> [Int] {
        var fields: [Int] = []
        var i = 0
        func varint() throws -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard i < bytes.count, shift < 64 else { throw Malformed() }
                let byte = bytes[i]
                i += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }
        while i < bytes.count {
            let key = try varint()
            fields.append(Int(key >> 3))
            switch key & 7 {
            case 0: _ = try varint()
            case 1: i += 8
            case 2: i += Int(try varint())
            case 5: i += 4
            default: throw Malformed()
            }
            guard i <= bytes.count else { throw Malformed() }
        }
        return fields
    }
}
