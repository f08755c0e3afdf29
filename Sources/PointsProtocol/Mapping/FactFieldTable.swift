import PointsCore

/// The typed fields of `Points_V1_Facts`, by canonical fact name, for both directions of the
/// mapping. Lists, maps and nested messages are mapped by hand beside it.
///
/// Plain closures rather than key paths: reading a request's facts is on every call's path.
enum FactFieldTable {
    struct Field<Value>: Sendable {
        /// The canonical fact name.
        let name: String
        /// Its position in the canonical registry.
        let id: FactID
        /// The field's value, or nil when unset.
        let get: @Sendable (Points_V1_Facts) -> Value?
        /// Sets the field.
        let set: @Sendable (inout Points_V1_Facts, Value) -> Void

        init(_ name: String, get: @escaping @Sendable (Points_V1_Facts) -> Value?, set: @escaping @Sendable (inout Points_V1_Facts, Value) -> Void) {
            self.name = name
            self.id = FactRegistry.canonical.id(of: name)!
            self.get = get
            self.set = set
        }
    }

    static let flags: [Field<Bool>] = [
        .init("holds_residence_permit", get: { $0.hasHoldsResidencePermit ? $0.holdsResidencePermit : nil }, set: { $0.holdsResidencePermit = $1 }),
        .init("stable_employment", get: { $0.hasStableEmployment ? $0.stableEmployment : nil }, set: { $0.stableEmployment = $1 }),
        .init("urgent_trade", get: { $0.hasUrgentTrade ? $0.urgentTrade : nil }, set: { $0.urgentTrade = $1 }),
        .init("income_tax_declared_each_year", get: { $0.hasIncomeTaxDeclaredEachYear ? $0.incomeTaxDeclaredEachYear : nil }, set: { $0.incomeTaxDeclaredEachYear = $1 }),
        .init("income_tax_reconciled", get: { $0.hasIncomeTaxReconciled ? $0.incomeTaxReconciled : nil }, set: { $0.incomeTaxReconciled = $1 }),
        .init("criminal_punishment_5y", get: { $0.hasCriminalPunishment5Y ? $0.criminalPunishment5Y : nil }, set: { $0.criminalPunishment5Y = $1 }),
        .init("returned_from_study_abroad", get: { $0.hasReturnedFromStudyAbroad ? $0.returnedFromStudyAbroad : nil }, set: { $0.returnedFromStudyAbroad = $1 }),
        .init("vocational_school_graduate", get: { $0.hasVocationalSchoolGraduate ? $0.vocationalSchoolGraduate : nil }, set: { $0.vocationalSchoolGraduate = $1 }),
        .init("fresh_graduate", get: { $0.hasFreshGraduate ? $0.freshGraduate : nil }, set: { $0.freshGraduate = $1 }),
        .init("veteran", get: { $0.hasVeteran ? $0.veteran : nil }, set: { $0.veteran = $1 }),
        .init("landless_farmer", get: { $0.hasLandlessFarmer ? $0.landlessFarmer : nil }, set: { $0.landlessFarmer = $1 }),
        .init("excellent_migrant_worker", get: { $0.hasExcellentMigrantWorker ? $0.excellentMigrantWorker : nil }, set: { $0.excellentMigrantWorker = $1 }),
        .init("continuous_study", get: { $0.hasContinuousStudy ? $0.continuousStudy : nil }, set: { $0.continuousStudy = $1 }),
        .init("landlord_consent", get: { $0.hasLandlordConsent ? $0.landlordConsent : nil }, set: { $0.landlordConsent = $1 }),
        .init("rental_shared_or_sublet", get: { $0.hasRentalSharedOrSublet ? $0.rentalSharedOrSublet : nil }, set: { $0.rentalSharedOrSublet = $1 }),
        .init("address_has_registered_household", get: { $0.hasAddressHasRegisteredHousehold ? $0.addressHasRegisteredHousehold : nil }, set: { $0.addressHasRegisteredHousehold = $1 }),
        .init("co_resident_with_host", get: { $0.hasCoResidentWithHost ? $0.coResidentWithHost : nil }, set: { $0.coResidentWithHost = $1 }),
        .init("host_hukou_local", get: { $0.hasHostHukouLocal ? $0.hostHukouLocal : nil }, set: { $0.hostHukouLocal = $1 }),
        .init("owns_home", get: { $0.hasOwnsHome ? $0.ownsHome : nil }, set: { $0.ownsHome = $1 }),
    ]

    /// Months and counts.
    static let numbers: [Field<UInt32>] = [
        .init("residence_permit_months", get: { $0.hasResidencePermitMonths ? $0.residencePermitMonths : nil }, set: { $0.residencePermitMonths = $1 }),
        .init("residence_permit_continuous_months", get: { $0.hasResidencePermitContinuousMonths ? $0.residencePermitContinuousMonths : nil }, set: { $0.residencePermitContinuousMonths = $1 }),
        .init("residence_months", get: { $0.hasResidenceMonths ? $0.residenceMonths : nil }, set: { $0.residenceMonths = $1 }),
        .init("employment_months", get: { $0.hasEmploymentMonths ? $0.employmentMonths : nil }, set: { $0.employmentMonths = $1 }),
        .init("rented_months", get: { $0.hasRentedMonths ? $0.rentedMonths : nil }, set: { $0.rentedMonths = $1 }),
        .init("core_district_exit_months", get: { $0.hasCoreDistrictExitMonths ? $0.coreDistrictExitMonths : nil }, set: { $0.coreDistrictExitMonths = $1 }),
        .init("pension_insurance_months", get: { $0.hasPensionInsuranceMonths ? $0.pensionInsuranceMonths : nil }, set: { $0.pensionInsuranceMonths = $1 }),
        .init("medical_insurance_months", get: { $0.hasMedicalInsuranceMonths ? $0.medicalInsuranceMonths : nil }, set: { $0.medicalInsuranceMonths = $1 }),
        .init("unemployment_insurance_months", get: { $0.hasUnemploymentInsuranceMonths ? $0.unemploymentInsuranceMonths : nil }, set: { $0.unemploymentInsuranceMonths = $1 }),
        .init("injury_insurance_months", get: { $0.hasInjuryInsuranceMonths ? $0.injuryInsuranceMonths : nil }, set: { $0.injuryInsuranceMonths = $1 }),
        .init("maternity_insurance_months", get: { $0.hasMaternityInsuranceMonths ? $0.maternityInsuranceMonths : nil }, set: { $0.maternityInsuranceMonths = $1 }),
        .init("housing_fund_months", get: { $0.hasHousingFundMonths ? $0.housingFundMonths : nil }, set: { $0.housingFundMonths = $1 }),
        .init("rnd_months", get: { $0.hasRndMonths ? $0.rndMonths : nil }, set: { $0.rndMonths = $1 }),
        .init("hardship_frontline_months", get: { $0.hasHardshipFrontlineMonths ? $0.hardshipFrontlineMonths : nil }, set: { $0.hardshipFrontlineMonths = $1 }),
        .init("blood_donations", get: { $0.hasBloodDonations ? $0.bloodDonations : nil }, set: { $0.bloodDonations = $1 }),
        .init("bad_credit_records", get: { $0.hasBadCreditRecords ? $0.badCreditRecords : nil }, set: { $0.badCreditRecords = $1 }),
        .init("tax_evasions_5y", get: { $0.hasTaxEvasions5Y ? $0.taxEvasions5Y : nil }, set: { $0.taxEvasions5Y = $1 }),
        .init("police_penalties_5y", get: { $0.hasPolicePenalties5Y ? $0.policePenalties5Y : nil }, set: { $0.policePenalties5Y = $1 }),
        .init("labour_contract_months", get: { $0.hasLabourContractMonths ? $0.labourContractMonths : nil }, set: { $0.labourContractMonths = $1 }),
        .init("housing_fund_continuous_months", get: { $0.hasHousingFundContinuousMonths ? $0.housingFundContinuousMonths : nil }, set: { $0.housingFundContinuousMonths = $1 }),
    ]

    /// Dates, choices, yuan and text, carried as their text.
    static let texts: [Field<String>] = [
        .init("birth_date", get: { $0.hasBirthDate ? $0.birthDate : nil }, set: { $0.birthDate = $1 }),
        .init("housing", get: { $0.hasHousing ? $0.housing : nil }, set: { $0.housing = $1 }),
        .init("education", get: { $0.hasEducation ? $0.education : nil }, set: { $0.education = $1 }),
        .init("skill_level", get: { $0.hasSkillLevel ? $0.skillLevel : nil }, set: { $0.skillLevel = $1 }),
        .init("professional_title", get: { $0.hasProfessionalTitle ? $0.professionalTitle : nil }, set: { $0.professionalTitle = $1 }),
        .init("income_tax_3y", get: { $0.hasIncomeTax3Y ? $0.incomeTax3Y : nil }, set: { $0.incomeTax3Y = $1 }),
        .init("enterprise_tax_3y", get: { $0.hasEnterpriseTax3Y ? $0.enterpriseTax3Y : nil }, set: { $0.enterpriseTax3Y = $1 }),
        .init("district", get: { $0.hasDistrict ? $0.district : nil }, set: { $0.district = $1 }),
        .init("work_district", get: { $0.hasWorkDistrict ? $0.workDistrict : nil }, set: { $0.workDistrict = $1 }),
        .init("settlement_place_kind", get: { $0.hasSettlementPlaceKind ? $0.settlementPlaceKind : nil }, set: { $0.settlementPlaceKind = $1 }),
        .init("relation_to_host", get: { $0.hasRelationToHost ? $0.relationToHost : nil }, set: { $0.relationToHost = $1 }),
        .init("employer_kind", get: { $0.hasEmployerKind ? $0.employerKind : nil }, set: { $0.employerKind = $1 }),
        .init("per_capita_floor_area_m2", get: { $0.hasPerCapitaFloorAreaM2 ? $0.perCapitaFloorAreaM2 : nil }, set: { $0.perCapitaFloorAreaM2 = $1 }),
        .init("talent_card_valid_until", get: { $0.hasTalentCardValidUntil ? $0.talentCardValidUntil : nil }, set: { $0.talentCardValidUntil = $1 }),
    ]

    /// What a plain field of `Facts` holds, by field number (lists, maps and messages are absent).
    struct Plain: Sendable {
        enum Kind: Sendable { case flag, number, text }
        let id: FactID
        let kind: Kind
    }

    /// The plain fields by their number in `Facts` (points.proto), nil for the others.
    static let byNumber: [Plain?] = {
        let numbers: [String: Int] = [
            "birth_date": 1, "holds_residence_permit": 2, "residence_permit_months": 3, "residence_permit_continuous_months": 4,
            "residence_months": 5, "stable_employment": 6, "employment_months": 7, "housing": 8, "rented_months": 9,
            "core_district_exit_months": 10, "pension_insurance_months": 11, "medical_insurance_months": 12,
            "unemployment_insurance_months": 13, "injury_insurance_months": 14, "maternity_insurance_months": 15,
            "housing_fund_months": 16, "education": 17, "skill_level": 18, "professional_title": 19, "rnd_months": 21,
            "urgent_trade": 22, "hardship_frontline_months": 23, "blood_donations": 24, "income_tax_3y": 26,
            "income_tax_declared_each_year": 27, "income_tax_reconciled": 28, "enterprise_tax_3y": 29, "bad_credit_records": 32,
            "tax_evasions_5y": 33, "police_penalties_5y": 34, "criminal_punishment_5y": 35, "district": 36, "work_district": 37,
            "returned_from_study_abroad": 51, "vocational_school_graduate": 52, "fresh_graduate": 53, "veteran": 54, "landless_farmer": 55, "excellent_migrant_worker": 56, "continuous_study": 57, "landlord_consent": 58, "rental_shared_or_sublet": 59, "address_has_registered_household": 60, "co_resident_with_host": 61, "host_hukou_local": 62, "owns_home": 63, "labour_contract_months": 64, "housing_fund_continuous_months": 65, "settlement_place_kind": 66, "relation_to_host": 67, "employer_kind": 68, "per_capita_floor_area_m2": 69, "talent_card_valid_until": 70,
        ]
        var table = [Plain?](repeating: nil, count: numbers.values.max()! + 1)
        for field in flags { table[numbers[field.name]!] = Plain(id: field.id, kind: .flag) }
        for field in Self.numbers { table[numbers[field.name]!] = Plain(id: field.id, kind: .number) }
        for field in texts { table[numbers[field.name]!] = Plain(id: field.id, kind: .text) }
        return table
    }()
}
