/// What the education bureau learns about one child: the school service, tier, batch,
/// school-points score and why, and nothing about the family's income, taxes or credit.
public struct EnrolmentAnswer: Sendable, Equatable, Codable {
    /// The scheme that decided.
    public let schemeID: String
    /// Its version.
    public let schemeVersion: String
    /// The SHA-256 of its file.
    public let contentHash: String
    /// The evaluation date.
    public let asOf: String
    /// The child's school stage.
    public let stage: String
    /// The school service for that stage.
    public let service: String
    /// The tier id, or nil when the child is in no tier.
    public let tier: String?
    /// The tier's title (or the service's).
    public let title: Bilingual
    /// The clause of the tier (or the service).
    public let clause: String
    /// The admission batch (1 first), or nil.
    public let batch: Int?
    /// The school-points score that orders the batch.
    public let score: Fixed
    /// Why: the tier's reason, withheld when the tier conditions read income, tax or credit facts.
    public let reason: Bilingual
    /// The day whose known rules chose the version, when one was asked for.
    public let rulesKnownOn: String?
    /// True when a tier waits on a parameter not on record (`tier` is nil); nil otherwise.
    public let undetermined: Bool?

    /// Creates an answer from its fields.
    public init(schemeID: String, schemeVersion: String, contentHash: String, asOf: String, stage: String, service: String,
                tier: String?, title: Bilingual, clause: String, batch: Int?, score: Fixed, reason: Bilingual, rulesKnownOn: String? = nil,
                undetermined: Bool? = nil) {
        self.undetermined = undetermined
        self.schemeID = schemeID
        self.schemeVersion = schemeVersion
        self.contentHash = contentHash
        self.asOf = asOf
        self.stage = stage
        self.service = service
        self.tier = tier
        self.title = title
        self.clause = clause
        self.batch = batch
        self.score = score
        self.reason = reason
        self.rulesKnownOn = rulesKnownOn
    }

    enum CodingKeys: String, CodingKey {
        case schemeID = "scheme", schemeVersion = "version", contentHash = "content_hash", asOf = "as_of", rulesKnownOn = "rules_known_on"
        case stage, service, tier, title, clause, batch, score = "school_points", reason, undetermined
    }

    /// The answer as JSON with sorted keys.
    public func jsonText() -> String { CanonicalJSON.text(of: self) }

    /// The answer as readable text, in Chinese and English.
    public func text() -> String {
        var out = ["\(schemeID) \(schemeVersion)  as of \(asOf)" + (rulesKnownOn.map { "  rules known on \($0)" } ?? "") + "  \(contentHash)"]
        out.append("stage \(stage) → \(service)")
        if let tier {
            out.append("tier \(tier): \(title.zh) / \(title.en)" + (batch.map { ", batch \($0)" } ?? ""))
        } else {
            out.append(undetermined == true ? "undetermined 尚不能确定 (a rule not on record)" : "no tier 未达到任何档次")
        }
        out.append("school points \(score)")
        out.append("  \(reason.en)")
        out.append("  \(reason.zh)")
        out.append("  [\(clause)]")
        return out.joined(separator: "\n") + "\n"
    }
}

/// The child an enrolment question is about, as the request names it.
public struct ChildFacts: Sendable, Equatable {
    /// The school stage: primary, junior_secondary or senior_secondary.
    public var stage: String
    /// Months of continuous schooling in the city, when given.
    public var localSchoolingMonths: Int?
    /// Whether the child has a formal local junior-high record (流入地初中正式学籍), when given.
    public var localJuniorHighRecord: Bool?

    /// Creates a child from its facts.
    public init(stage: String, localSchoolingMonths: Int? = nil, localJuniorHighRecord: Bool? = nil) {
        self.stage = stage
        self.localSchoolingMonths = localSchoolingMonths
        self.localJuniorHighRecord = localJuniorHighRecord
    }

    /// A child at `stage` with the facts of its item of a facts document's `children` (none
    /// stated when `listed` is nil).
    public init(stage: String, listed item: DocumentNode?) {
        self.init(stage: stage, localSchoolingMonths: item?["local_schooling_months"]?.scalar.flatMap { Int($0) },
                  localJuniorHighRecord: item?["local_junior_high_record"]?.scalar.map { $0 == "true" })
    }

    /// The facts tiers read (`child.FIELD`), by field, for those given.
    func values(stageIndex: Int?) -> [(String, FactValue)] {
        var out: [(String, FactValue)] = []
        if let stageIndex { out.append(("school_stage", .choice(stageIndex))) }
        if let months = localSchoolingMonths { out.append(("local_schooling_months", .number(Int64(months)))) }
        if let record = localJuniorHighRecord { out.append(("local_junior_high_record", .bool(record))) }
        return out
    }
}

/// Why an enrolment tier cannot be given.
public enum EnrolmentError: Error, Sendable, CustomStringConvertible {
    /// The child's school stage is not one of the canonical stages.
    case unknownStage(String)
    /// The scheme has no school service for the stage.
    case noService(scheme: String, stage: String, stages: [String])
    /// The parent's facts are invalid or incomplete.
    case facts(FactsError)

    /// The facts that cannot be used (the parent's, or the child's stage); nil for a scheme
    /// without the service.
    public var factsError: FactsError? {
        switch self {
        case .unknownStage(let stage):
            return FactsError(issues: [FactIssue(fact: "child.school_stage", line: 0,
                                                 message: "'\(stage)' is not a school stage; use one of \(FactRegistry.schoolStages.joined(separator: ", "))")])
        case .noService:
            return nil
        case .facts(let error):
            return error
        }
    }

    public var description: String {
        if case .noService(let scheme, let stage, let stages) = self {
            return "scheme \(scheme) has no school service for \(stage)" + (stages.isEmpty ? "" : "; it enrols \(stages.joined(separator: ", "))")
        }
        return factsError!.issues.map(\.description).joined(separator: "\n")
    }
}

extension FactRegistry {
    /// Facts about income, taxes and credit: never shown to the education bureau. Every fact
    /// in yuan (a scheme's own tax facts) counts too.
    static let financialFactNames: Set<String> = [
        "income_tax_3y", "income_tax_declared_each_year", "income_tax_reconciled", "enterprise_tax_3y",
        "bad_credit_records", "tax_evasions_5y",
    ]
}

extension Scheme {
    /// The school service enrolling a stage (`primary`, `junior_secondary`, `senior_secondary`).
    public func schoolService(for stage: String) throws(EnrolmentError) -> PublicService {
        guard let index = FactRegistry.schoolStages.firstIndex(of: stage) else { throw .unknownStage(stage) }
        guard let service = services.first(where: { $0.stages.contains(index) }) else {
            let stages = services.flatMap(\.stages).map { FactRegistry.schoolStages[$0] }
            throw .noService(scheme: "\(metadata.id) \(metadata.version)", stage: stage, stages: Array(Set(stages)).sorted())
        }
        return service
    }

    /// The enrolment tier of a child whose parent has `facts`.
    ///
    /// - Throws: `EnrolmentError` for an unknown stage, a scheme without a school service for
    ///   it, or invalid parent facts.
    ///
    /// - Parameters:
    ///   - child: The child asked about: its stage picks the service; the tiers that test a
    ///     child (`{child: FIELD, …}`) read its other facts.
    ///   - rulesKnownOn: The day whose known rules chose this version, for the answer to name.
    public func enrolmentTier(parent: FactSet, child: ChildFacts, asOf: LocalDate, rulesKnownOn: LocalDate? = nil) throws(EnrolmentError) -> EnrolmentAnswer {
        let stage = child.stage
        let service = try schoolService(for: stage)
        var facts = parent
        for (field, value) in child.values(stageIndex: FactRegistry.schoolStages.firstIndex(of: stage)) {
            if let id = registry.id(of: SchemeCompiler.childPrefix + field) { facts[id] = value }
        }
        let card: ScoreCard
        do {
            card = try evaluate(facts, asOf: asOf, explain: false)
        } catch {
            throw .facts(error)
        }
        let result = card.tiers.first { $0.service == service.id }!
        let readsFinancialFacts = service.tiers.contains { tier in
            tier.when.facts.contains { FactRegistry.financialFactNames.contains($0.name) || $0.type == .yuan }
        }
        let reason: Bilingual
        switch (readsFinancialFacts, result.tier, result.undetermined) {
        case (false, _, _): reason = result.reason
        case (true, _, true?):
            reason = Bilingual(zh: "尚不能确定：有条件未有规定（条件涉及收入、纳税或信用信息，不予显示）",
                               en: "undetermined: a condition is not on record (the conditions read income, tax or credit facts, which are not shown)")
        case (true, nil, _):
            reason = Bilingual(zh: "未达到任何档次（条件涉及收入、纳税或信用信息，不予显示）", en: "in no tier (the conditions read income, tax or credit facts, which are not shown)")
        case (true, _?, _):
            reason = Bilingual(zh: "符合该档次条件（条件涉及收入、纳税或信用信息，不予显示）", en: "the tier's conditions hold (they read income, tax or credit facts, which are not shown)")
        }
        return EnrolmentAnswer(schemeID: metadata.id, schemeVersion: metadata.version, contentHash: metadata.contentHash, asOf: card.asOf, stage: stage, service: service.id, tier: result.tier,
                               title: result.title, clause: result.clause, batch: result.batch, score: result.score, reason: reason,
                               rulesKnownOn: rulesKnownOn?.description, undetermined: result.undetermined)
    }
}
