extension FactRegistry {
    /// Enum values of `housing`.
    public static let housingValues = ["owned", "rented_registered", "employer_dormitory", "collective", "none"]
    /// Enum values of `education`, lowest first.
    public static let educationValues = [
        "none", "primary", "junior_secondary", "senior_secondary", "secondary_vocational",
        "junior_college", "bachelor", "master", "doctorate",
    ]
    /// Enum values of `skill_level` (5 = entry, 1 = senior technician).
    public static let skillValues = ["none", "level5", "level4", "level3", "level2", "level1"]
    /// Enum values of `professional_title`.
    public static let titleValues = ["none", "junior", "intermediate", "senior"]
    /// Enum values of an honour's `level`.
    public static let honourLevels = ["national", "provincial", "city", "district", "military_commission"]
    /// Enum values of a child's `school_stage`.
    public static let schoolStages = ["primary", "junior_secondary", "senior_secondary"]

    /// The canonical vocabulary of FACTS.md, shared by every scheme, the protocol and clients.
    public static let canonical = FactRegistry([
        FactDefinition("birth_date", .date, zh: "出生日期", en: "date of birth"),
        FactDefinition("holds_residence_permit", .bool, zh: "持有本市居住证", en: "holds a valid residence permit issued in the city"),
        FactDefinition("residence_permit_months", .months, zh: "居住证累计月数", en: "months of residence permit held in the city", accrues: true),
        FactDefinition("residence_permit_continuous_months", .months, zh: "居住证连续月数", en: "months of the current unbroken residence permit", accrues: true),
        FactDefinition("residence_months", .months, zh: "连续居住月数", en: "months of continuous residence in the city", accrues: true),
        FactDefinition("stable_employment", .bool, zh: "合法稳定就业", en: "legal stable employment or business in the city"),
        FactDefinition("employment_months", .months, zh: "当前合法稳定就业月数", en: "months with the current legal stable employment"),
        FactDefinition("housing", .choice(housingValues), zh: "合法稳定住所", en: "legal stable residence"),
        FactDefinition("rented_months", .months, zh: "登记租赁或单位宿舍月数", en: "months in registered rental or employer dormitory", accrues: true),
        FactDefinition("core_district_exit_months", .months, zh: "迁出中心城区月数", en: "months since residence moved out of the core districts"),
        FactDefinition("pension_insurance_months", .months, zh: "养老保险月数", en: "months of pension insurance paid in the city", accrues: true),
        FactDefinition("medical_insurance_months", .months, zh: "医疗保险月数", en: "months of medical insurance paid in the city", accrues: true),
        FactDefinition("unemployment_insurance_months", .months, zh: "失业保险月数", en: "months of unemployment insurance paid in the city", accrues: true),
        FactDefinition("injury_insurance_months", .months, zh: "工伤保险月数", en: "months of work-injury insurance paid in the city", accrues: true),
        FactDefinition("maternity_insurance_months", .months, zh: "生育保险月数", en: "months of maternity insurance paid in the city", accrues: true),
        FactDefinition("housing_fund_months", .months, zh: "住房公积金月数", en: "months of housing provident fund paid in the city", accrues: true),
        FactDefinition("education", .choice(educationValues), zh: "最高学历", en: "highest completed education"),
        FactDefinition("skill_level", .choice(skillValues), zh: "国家职业资格等级", en: "national vocational qualification level"),
        FactDefinition("professional_title", .choice(titleValues), zh: "专业技术职称", en: "professional title"),
        FactDefinition("invention_patents", .list([FactField("inventors", .count(1...1_000))]), zh: "发明专利", en: "invention patents granted in the window"),
        FactDefinition("rnd_months", .months, zh: "高新技术企业研发月数", en: "months of R&D work in a high-tech enterprise"),
        FactDefinition("urgent_trade", .bool, zh: "紧缺工种或职业资格", en: "trade or qualification on the urgently-needed catalogue"),
        FactDefinition("hardship_frontline_months", .months, zh: "艰苦行业一线月数", en: "months of frontline work in a special-skill or hardship trade"),
        FactDefinition("blood_donations", .count(0...1_000), zh: "无偿献血次数", en: "blood donations in the window"),
        FactDefinition("volunteer_hours_by_year", .hoursByYear, zh: "志愿服务时数（按年）", en: "registered volunteer hours by calendar year"),
        FactDefinition("income_tax_3y", .yuan, zh: "近三年个人所得税", en: "individual income tax paid in the city over 3 tax years"),
        FactDefinition("income_tax_declared_each_year", .bool, zh: "近三年每年申报个税", en: "income tax declared in each of the last 3 years"),
        FactDefinition("income_tax_reconciled", .bool, zh: "已办理个税年度汇算", en: "last year's income tax reconciliation filed"),
        FactDefinition("enterprise_tax_3y", .yuan, zh: "本人企业近三年纳税", en: "tax paid by the applicant's own enterprise over 3 years"),
        FactDefinition("honours", .list([FactField("level", .choice(honourLevels))]), zh: "表彰奖励", en: "honours"),
        FactDefinition("military_merits", .record([
            FactField("first", .count(0...100), required: false),
            FactField("second", .count(0...100), required: false),
            FactField("third", .count(0...100), required: false),
        ]), zh: "立功", en: "military merits"),
        FactDefinition("bad_credit_records", .count(0...1_000), zh: "不良信用记录", en: "bad public-credit records"),
        FactDefinition("tax_evasions_5y", .count(0...1_000), zh: "近五年偷逃税", en: "tax evasions in 5 years"),
        FactDefinition("police_penalties_5y", .count(0...1_000), zh: "近五年治安行政处罚", en: "public-security administrative penalties in 5 years"),
        FactDefinition("criminal_punishment_5y", .bool, zh: "近五年受过刑事处罚", en: "criminal punishment in the last 5 years"),
        FactDefinition("district", .text, zh: "居住区", en: "district of residence"),
        FactDefinition("work_district", .text, zh: "工作区", en: "district of work"),
        FactDefinition("children", .list([
            FactField("birth_date", .date),
            FactField("school_stage", .choice(schoolStages)),
            FactField("local_schooling_months", .months, required: false),
            FactField("local_junior_high_record", .bool, required: false),
        ]), zh: "子女", en: "children"),
        FactDefinition("spouse", .facts, zh: "配偶", en: "spouse"),
    ])
}
