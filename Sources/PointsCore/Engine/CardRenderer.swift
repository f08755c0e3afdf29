/// Reads an evaluation's trace back, in the order `NumericEvaluator` wrote it, and words it:
/// explanations of lines, reasons of gates and tiers. It computes nothing the evaluator did not.
struct CardRenderer {
    unowned(unsafe) let plan: ScorePlan
    let row: FactRow
    unowned(unsafe) let result: ScoreResult
    let explain: Bool
    /// The next trace entry to read.
    var cursor = 0

    mutating func next() -> Int64 {
        precondition(cursor < result.traceCount, "the renderer read past the evaluation's trace")
        defer { cursor += 1 }
        return result.traced(cursor)
    }

    private func title(_ ref: FactRef) -> Bilingual { plan.titles[ref.id] }

    /// The fact as the card shows it (the applicant's, or the default standing in for it).
    func use(_ ref: FactRef) -> ScoreCard.FactUse? {
        if let value = row.value(of: ref.id, type: ref.type) {
            return ScoreCard.FactUse(name: ref.name, value: value.rendered(as: ref.type), defaulted: false)
        }
        return plan.defaults.value(of: ref.id, type: ref.type)
            .map { ScoreCard.FactUse(name: ref.name, value: $0.rendered(as: ref.type), defaulted: true) }
    }

    /// An indicator's explanation (the trace of `NumericEvaluator.indicator`).
    mutating func indicator(_ indicator: Indicator, person: Int) -> Bilingual {
        let own = onePerson(indicator, person: person)
        guard indicator.poolsSpouse, person == 0, row.hasSpouse else { return own.text }
        let theirs = onePerson(indicator, person: row.width)
        let sum = Fixed(units: next())
        return Bilingual(zh: "申请人：\(own.text.zh)；配偶：\(theirs.text.zh)；合计\(sum)分",
                         en: "applicant: \(own.text.en); spouse: \(theirs.text.en); pooled = \(sum)")
    }

    private mutating func onePerson(_ indicator: Indicator, person: Int) -> (raw: Fixed, text: Bilingual) {
        if let when = indicator.when {
            let applies = condition(when, reasons: .always)
            if !applies.holds {
                return (.zero, Bilingual(zh: "不适用：\(applies.reason.zh)", en: "not applicable: \(applies.reason.en)"))
            }
        }
        return rule(indicator, person: person)
    }

    private mutating func rule(_ indicator: Indicator, person: Int) -> (raw: Fixed, text: Bilingual) {
        func text(_ raw: Fixed, en: String, zh: String) -> (Fixed, Bilingual) { (raw, Bilingual(zh: zh, en: en)) }
        switch indicator.rule {
        case .perUnit(let rule):
            var total = Fixed.zero, parts: [String] = [], partsZh: [String] = []
            for ref in rule.facts {
                let value = Fixed(units: next()), units = next(), earned = Fixed(units: next()), points = Fixed(units: next())
                total += points
                let counted = value - (rule.from ?? .zero)
                let over = rule.from.map { " − \($0) = \(counted)" } ?? ""
                let capped = points == earned ? "" : " (cap \(points))"
                let cappedZh = points == earned ? "" : "（上限\(points)分）"
                parts.append("\(ref.name) \(value)\(over) → \(units) \(rule.unit.en) × \(rule.points) = \(earned)\(capped)")
                partsZh.append("\(title(ref).zh) \(value)\(over) → \(units)\(rule.unit.zh) × \(rule.points)分 = \(earned)分\(cappedZh)")
            }
            let reached = next() != 0, base = Fixed(units: next())
            if let from = rule.from, !reached {
                return text(.zero, en: "\(parts.joined(separator: ", ")): under \(from) → 0", zh: "\(partsZh.joined(separator: "，"))：未达到\(from) → 0分")
            }
            let raw = base + total
            let baseText = base == .zero ? "" : "base \(base) + "
            let baseTextZh = base == .zero ? "" : "基础\(base)分 + "
            let sum = rule.facts.count > 1 || base != .zero ? " → \(baseText)\(total) = \(raw)" : ""
            let sumZh = rule.facts.count > 1 || base != .zero ? " → \(baseTextZh)\(total)分 = \(raw)分" : ""
            return text(raw, en: parts.joined(separator: ", ") + sum, zh: partsZh.joined(separator: "，") + sumZh)
        case .lookup(let ref, let table):
            let index = Int(next()), value = ref.type.choices![index]
            return text(table[index], en: "\(ref.name) \(value) → \(table[index])", zh: "\(title(ref).zh)：\(value) → \(table[index])分")
        case .bands(let ref, let bands):
            let value = Fixed(units: next()), band = Int(next())
            guard band >= 0 else {
                return text(.zero, en: "\(ref.name) \(value) is below \(bands[0].from) → 0", zh: "\(title(ref).zh) \(value) 低于 \(bands[0].from) → 0分")
            }
            let b = bands[band]
            return text(b.points, en: "\(ref.name) \(value) in band \(b.range) → \(b.points)", zh: "\(title(ref).zh) \(value) 属于区间 \(b.range) → \(b.points)分")
        case .ageBands(let bands):
            let born = FactRow.date(next()), years = next(), band = Int(next())
            let at = plan.ageReference ?? result.asOf
            guard band >= 0 else {
                return text(.zero, en: "age \(years) at \(at) is outside every band → 0", zh: "\(at)时年龄\(years)岁，不在任何区间 → 0分")
            }
            let b = bands[band]
            return text(b.points, en: "age \(years) at \(at) (born \(born)) in band \(b.range) → \(b.points)",
                        zh: "\(at)时年龄\(years)岁（\(born)出生），属于区间 \(b.range) → \(b.points)分")
        case .flag(let ref, let points):
            guard let ref else { return text(points, en: "applies → \(points)", zh: "符合条件 → \(points)分") }
            let on = next() != 0, earned = on ? points : .zero
            return text(earned, en: "\(ref.name) is \(on) → \(earned)", zh: "\(title(ref).zh)：\(on ? "是" : "否") → \(earned)分")
        case .deduction(let ref, let points):
            let count = next(), raw = -(points * count)
            return text(raw, en: "\(ref.name) \(count) × −\(points) = \(raw)", zh: "\(title(ref).zh) \(count) × −\(points)分 = \(raw)分")
        case .bestOf(let options):
            var results: [(option: Indicator, raw: Fixed, points: Fixed, text: Bilingual)] = []
            for option in options {
                let explanation = self.indicator(option, person: person)
                results.append((option, Fixed(units: next()), Fixed(units: next()), explanation))
            }
            let chosen = results[Int(next())]
            let others = results.map { "\($0.option.id) \($0.points)" }.joined(separator: ", ")
            let capNote = chosen.raw == chosen.points ? "" : " (cap \(chosen.points))"
            let capNoteZh = chosen.raw == chosen.points ? "" : "（上限\(chosen.points)分）"
            return text(chosen.points, en: "best of \(others) → \(chosen.option.id): \(chosen.text.en)\(capNote)",
                        zh: "择优（\(others)）→ \(chosen.option.title.zh)：\(chosen.text.zh)\(capNoteZh)")
        case .ageSteps(let steps):
            let born = FactRow.date(next()), years = next(), _ = next(), over = next()
            let at = plan.ageReference ?? result.asOf
            if over < 0, let from = steps.fromAge {
                return text(.zero, en: "age \(years) at \(at) is under \(from) → 0", zh: "\(at)时年龄\(years)岁，未满\(from)岁 → 0分")
            }
            if over == 0 {
                return text(steps.full, en: "age \(years) at \(at) (born \(born)), not over \(steps.flatUntil) → \(steps.full)",
                            zh: "\(at)时年龄\(years)岁（\(born)出生），未超过\(steps.flatUntil)岁 → \(steps.full)分")
            }
            let raw = max(.zero, steps.full - steps.minusPerYear * over)
            let kind = steps.countStarted ? "started" : "completed"
            return text(raw, en: "age \(years) at \(at) (born \(born)): \(over) \(kind) year(s) over \(steps.flatUntil) × −\(steps.minusPerYear) → \(steps.full) − \(steps.minusPerYear * over) = \(raw)",
                        zh: "\(at)时年龄\(years)岁（\(born)出生）：超过\(steps.flatUntil)岁\(over)年（\(steps.countStarted ? "不满一年按一年计" : "按整年计")）× −\(steps.minusPerYear)分 → \(raw)分")
        case .perYear(_, _, _, let yearCap, let window):
            let firstYear = result.asOf.year - window + 1
            var raw = Fixed.zero, parts: [String] = [], partsZh: [String] = []
            for _ in 0..<next() {
                let year = next(), hours = next(), earned = Fixed(units: next()), countedUnits = next()
                guard countedUnits != FactRow.absent else { continue }
                let counted = Fixed(units: countedUnits)
                raw += counted
                parts.append("\(year): \(hours) h → \(counted)" + (earned > yearCap ? " (year cap \(yearCap))" : ""))
                partsZh.append("\(year)年\(hours)小时 → \(counted)分" + (earned > yearCap ? "（每年上限\(yearCap)分）" : ""))
            }
            let detail = parts.isEmpty ? "none in \(firstYear)–\(result.asOf.year)" : parts.joined(separator: "; ")
            let detailZh = partsZh.isEmpty ? "\(firstYear)–\(result.asOf.year)年无记录" : partsZh.joined(separator: "；")
            return text(raw, en: "\(detail) = \(raw)", zh: "\(detailZh) = \(raw)分")
        case .shares(_, _, let fieldName, let points):
            let count = next()
            var parts: [String] = [], sum = ExactSum()
            for _ in 0..<count {
                let divisor = next()
                guard divisor > 0 else { continue }
                sum.add(points.units, over: divisor)
                parts.append("\(points) ÷ \(divisor)")
            }
            let raw = sum.rounded(by: plan.rounding)
            let rule = "\(plan.rounding.decimals) places, \(plan.rounding.mode.rawValue)"
            let detail = parts.isEmpty ? "none" : parts.joined(separator: " + ") + " = \(raw) (rounded once, \(rule))"
            let detailZh = parts.isEmpty ? "无" : parts.joined(separator: " + ") + " = \(raw)分（合计后舍入一次）"
            return text(raw, en: "\(count) item(s), \(points) ÷ \(fieldName) each: \(detail)", zh: "\(count)项，每项\(points)分 ÷ 人数：\(detailZh)")
        case .itemLookup(let ref, let field, _, let table):
            let values = ref.type.fields![field].type.choices!
            var raw = Fixed.zero, parts: [String] = []
            for _ in 0..<next() {
                let index = Int(next())
                guard index >= 0 else { continue }
                raw += table[index]
                parts.append("\(values[index]) \(table[index])")
            }
            let detail = parts.isEmpty ? "none" : parts.joined(separator: " + ")
            return text(raw, en: "\(detail) = \(raw)", zh: "\(parts.isEmpty ? "无" : parts.joined(separator: " + ")) = \(raw)分")
        case .firstAndFurther(_, let counted):
            var raw = Fixed.zero, parts: [String] = []
            for entry in counted {
                let n = next()
                guard n > 0 else { continue }
                let earned = entry.first + entry.further * (n - 1)
                raw += earned
                parts.append("\(entry.name) ×\(n): \(entry.first) + \(n - 1) × \(entry.further) = \(earned)")
            }
            let detail = parts.isEmpty ? "none" : parts.joined(separator: "; ")
            return text(raw, en: "\(detail) = \(raw)", zh: "\(parts.isEmpty ? "无" : parts.joined(separator: "；")) = \(raw)分")
        }
    }
}
