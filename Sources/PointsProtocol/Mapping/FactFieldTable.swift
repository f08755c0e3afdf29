/// The typed fields of `Points_V1_Facts`, by canonical fact name, for both directions of the
/// mapping. Lists, maps and nested messages are mapped by hand beside it.
enum FactFieldTable {
    typealias Field<Value> = (name: String, value: WritableKeyPath<Points_V1_Facts, Value>, isSet: KeyPath<Points_V1_Facts, Bool>)

    nonisolated(unsafe) static let flags: [Field<Bool>] = [
        ("holds_residence_permit", \.holdsResidencePermit, \.hasHoldsResidencePermit),
        ("stable_employment", \.stableEmployment, \.hasStableEmployment),
        ("urgent_trade", \.urgentTrade, \.hasUrgentTrade),
        ("income_tax_declared_each_year", \.incomeTaxDeclaredEachYear, \.hasIncomeTaxDeclaredEachYear),
        ("income_tax_reconciled", \.incomeTaxReconciled, \.hasIncomeTaxReconciled),
        ("criminal_punishment_5y", \.criminalPunishment5Y, \.hasCriminalPunishment5Y),
    ]

    /// Months and counts.
    nonisolated(unsafe) static let numbers: [Field<UInt32>] = [
        ("residence_permit_months", \.residencePermitMonths, \.hasResidencePermitMonths),
        ("residence_permit_continuous_months", \.residencePermitContinuousMonths, \.hasResidencePermitContinuousMonths),
        ("residence_months", \.residenceMonths, \.hasResidenceMonths),
        ("employment_months", \.employmentMonths, \.hasEmploymentMonths),
        ("rented_months", \.rentedMonths, \.hasRentedMonths),
        ("core_district_exit_months", \.coreDistrictExitMonths, \.hasCoreDistrictExitMonths),
        ("pension_insurance_months", \.pensionInsuranceMonths, \.hasPensionInsuranceMonths),
        ("medical_insurance_months", \.medicalInsuranceMonths, \.hasMedicalInsuranceMonths),
        ("unemployment_insurance_months", \.unemploymentInsuranceMonths, \.hasUnemploymentInsuranceMonths),
        ("injury_insurance_months", \.injuryInsuranceMonths, \.hasInjuryInsuranceMonths),
        ("maternity_insurance_months", \.maternityInsuranceMonths, \.hasMaternityInsuranceMonths),
        ("housing_fund_months", \.housingFundMonths, \.hasHousingFundMonths),
        ("rnd_months", \.rndMonths, \.hasRndMonths),
        ("hardship_frontline_months", \.hardshipFrontlineMonths, \.hasHardshipFrontlineMonths),
        ("blood_donations", \.bloodDonations, \.hasBloodDonations),
        ("bad_credit_records", \.badCreditRecords, \.hasBadCreditRecords),
        ("tax_evasions_5y", \.taxEvasions5Y, \.hasTaxEvasions5Y),
        ("police_penalties_5y", \.policePenalties5Y, \.hasPolicePenalties5Y),
    ]

    /// Dates, choices, yuan and text, carried as their text.
    nonisolated(unsafe) static let texts: [Field<String>] = [
        ("birth_date", \.birthDate, \.hasBirthDate),
        ("housing", \.housing, \.hasHousing),
        ("education", \.education, \.hasEducation),
        ("skill_level", \.skillLevel, \.hasSkillLevel),
        ("professional_title", \.professionalTitle, \.hasProfessionalTitle),
        ("income_tax_3y", \.incomeTax3Y, \.hasIncomeTax3Y),
        ("enterprise_tax_3y", \.enterpriseTax3Y, \.hasEnterpriseTax3Y),
        ("district", \.district, \.hasDistrict),
        ("work_district", \.workDistrict, \.hasWorkDistrict),
    ]
}
