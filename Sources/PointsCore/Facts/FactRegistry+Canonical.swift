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
    /// The Chinese title of every canonical choice value, for Chinese text (the English text
    /// and the wire keep the value itself). A value means the same in every fact it is one of.
    public static let valueTitlesZh: [String: String] = [
        "none": "无", "other": "其他",
        "owned": "自有住房", "rented_registered": "登记租赁住房", "employer_dormitory": "单位宿舍", "collective": "集体宿舍",
        "primary": "小学", "junior_secondary": "初中", "senior_secondary": "高中", "secondary_vocational": "中职（中专、技校）",
        "junior_college": "大专", "bachelor": "本科", "master": "硕士研究生", "doctorate": "博士研究生",
        "level5": "五级（初级工）", "level4": "四级（中级工）", "level3": "三级（高级工）", "level2": "二级（技师）", "level1": "一级（高级技师）",
        "junior": "初级", "intermediate": "中级", "senior": "高级",
        "national": "国家级", "provincial": "省级", "city": "市级", "district": "区级", "military_commission": "中央军委",
        "central_city": "中心城区", "small_city": "小城市", "county_seat": "县城", "designated_town": "建制镇", "rural": "农村",
        "spouse": "配偶", "child": "子女", "parent": "父母", "grandchild": "孙子女", "grandparent": "祖父母", "sibling": "兄弟姐妹",
        "industrial_park": "工业园区企业", "large_enterprise": "大型工矿企业",
    ]

    /// Enum values of `professional_title`.
    public static let titleValues = ["none", "junior", "intermediate", "senior"]
    /// Enum values of an honour's `level`.
    public static let honourLevels = ["national", "provincial", "city", "district", "military_commission"]
    /// Enum values of `settlement_place_kind` (where the applicant would settle).
    public static let settlementPlaceKinds = ["central_city", "small_city", "county_seat", "designated_town", "rural"]
    /// Enum values of `relation_to_host` (the local resident one settles with, 投靠).
    public static let hostRelations = ["none", "spouse", "child", "parent", "grandchild", "grandparent", "sibling", "other"]
    /// Enum values of `employer_kind`.
    public static let employerKinds = ["industrial_park", "large_enterprise", "other"]
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
        // Settlement channels, service tiers and reunion (POLICY.md §7: seeds 000, 001, 003, 004).
        FactDefinition("settlement_place_kind", .choice(settlementPlaceKinds), zh: "落户地类型", en: "kind of place of settlement"),
        FactDefinition("returned_from_study_abroad", .bool, zh: "留学回国人员", en: "returned from study abroad", default: .bool(false)),
        FactDefinition("vocational_school_graduate", .bool, zh: "职业院校毕业生", en: "graduate of a vocational school", default: .bool(false)),
        FactDefinition("fresh_graduate", .bool, zh: "应届毕业生", en: "graduate of the current year", default: .bool(false)),
        FactDefinition("veteran", .bool, zh: "退役军人或转业士官", en: "veteran or transferred non-commissioned officer", default: .bool(false)),
        FactDefinition("landless_farmer", .bool, zh: "失地农民", en: "farmer whose land was requisitioned", default: .bool(false)),
        FactDefinition("excellent_migrant_worker", .bool, zh: "优秀农民工", en: "migrant worker honoured as excellent", default: .bool(false)),
        FactDefinition("continuous_study", .bool, zh: "连续就读", en: "in continuous study in the city", default: .bool(false)),
        FactDefinition("landlord_consent", .bool, zh: "房屋所有权人同意", en: "the landlord consents to the registration"),
        FactDefinition("rental_shared_or_sublet", .bool, zh: "分租或合租", en: "the rental is shared or sublet"),
        FactDefinition("address_has_registered_household", .bool, zh: "该地址已有户籍登记", en: "another household is registered at the address"),
        FactDefinition("relation_to_host", .choice(hostRelations), zh: "与投靠人关系", en: "relation to the local resident settled with", default: .choice(0)),
        FactDefinition("co_resident_with_host", .bool, zh: "与投靠人共同居住", en: "lives with the local resident settled with", default: .bool(false)),
        FactDefinition("host_hukou_local", .bool, zh: "投靠人为本地户籍", en: "the resident settled with holds local hukou", default: .bool(false)),
        FactDefinition("per_capita_floor_area_m2", .area, zh: "人均住房建筑面积（平方米）", en: "floor area per person, square metres"),
        FactDefinition("employer_kind", .choice(employerKinds), zh: "用人单位类型", en: "kind of employer", default: .choice(2)),
        FactDefinition("labour_contract_months", .months, zh: "劳动合同月数", en: "months under a labour contract", default: .number(0)),
        FactDefinition("owns_home", .bool, zh: "在本市拥有住房", en: "owns a home anywhere in the city"),
        FactDefinition("housing_fund_continuous_months", .months, zh: "住房公积金连续缴存月数", en: "months of unbroken housing provident fund", accrues: true),
        FactDefinition("talent_card_valid_until", .expiry, zh: "陇原人才服务卡有效期至", en: "the Longyuan talent service card is valid until"),
        FactDefinition("children", .list([
            FactField("birth_date", .date),
            FactField("school_stage", .choice(schoolStages)),
            FactField("local_schooling_months", .months, required: false),
            FactField("local_junior_high_record", .bool, required: false),
        ]), zh: "子女", en: "children"),
        FactDefinition("spouse", .facts, zh: "配偶", en: "spouse"),
    ])
}
