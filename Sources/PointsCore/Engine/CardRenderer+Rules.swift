extension CardRenderer {
    /// The explanation of an indicator's rule (the trace of `NumericEvaluator.rule`).
    mutating func rule(_ indicator: Indicator, person: Int) -> CardText.Words {
        switch indicator.rule {
        case .perUnit(let rule):
            let start = mark
            var total = Fixed.zero
            for (i, ref) in rule.facts.enumerated() {
                let value = Fixed(units: next()), units = next(), earned = Fixed(units: next()), points = Fixed(units: next())
                total += points
                if i > 0 { zh <<< "，"; en <<< ", " }
                zh <<< title(ref) <<< " " <<< value
                en <<< ref.name <<< " " <<< value
                if let from = rule.from {
                    zh <<< " − " <<< from <<< " = " <<< value - from
                    en <<< " − " <<< from <<< " = " <<< value - from
                }
                zh <<< " → " <<< units <<< rule.unit.zh <<< " × " <<< rule.points <<< "分 = " <<< earned <<< "分"
                en <<< " → " <<< units <<< " " <<< rule.unit.en <<< " × " <<< rule.points <<< " = " <<< earned
                if points != earned {
                    zh <<< "（上限" <<< points <<< "分）"
                    en <<< " (cap " <<< points <<< ")"
                }
            }
            let reached = next() != 0, base = Fixed(units: next())
            if let from = rule.from, !reached {
                zh <<< "：未达到" <<< from <<< " → 0分"
                en <<< ": under " <<< from <<< " → 0"
                return words(since: start)
            }
            if rule.facts.count > 1 || base != .zero {
                zh <<< " → "
                en <<< " → "
                if base != .zero {
                    zh <<< "基础" <<< base <<< "分 + "
                    en <<< "base " <<< base <<< " + "
                }
                zh <<< total <<< "分 = " <<< base + total <<< "分"
                en <<< total <<< " = " <<< base + total
            }
            return words(since: start)
        case .lookup(let ref, let table):
            let index = Int(next()), value = ref.type.choices![index]
            return phrase {
                zh <<< title(ref) <<< "：" <<< value <<< " → " <<< table[index] <<< "分"
                en <<< ref.name <<< " " <<< value <<< " → " <<< table[index]
            }
        case .bands(let ref, let bands):
            let value = Fixed(units: next()), band = Int(next())
            guard band >= 0 else {
                return phrase {
                    zh <<< title(ref) <<< " " <<< value <<< " 低于 " <<< bands[0].from <<< " → 0分"
                    en <<< ref.name <<< " " <<< value <<< " is below " <<< bands[0].from <<< " → 0"
                }
            }
            let b = bands[band]
            return phrase {
                zh <<< title(ref) <<< " " <<< value <<< " 属于区间 " <<< b.range <<< " → " <<< b.points <<< "分"
                en <<< ref.name <<< " " <<< value <<< " in band " <<< b.range <<< " → " <<< b.points
            }
        case .ageBands(let bands):
            let born = FactRow.date(next()), years = next(), band = Int(next())
            let at = plan.ageReference ?? result.asOf
            guard band >= 0 else {
                return phrase {
                    zh <<< at <<< "时年龄" <<< years <<< "岁，不在任何区间 → 0分"
                    en <<< "age " <<< years <<< " at " <<< at <<< " is outside every band → 0"
                }
            }
            let b = bands[band]
            return phrase {
                zh <<< at <<< "时年龄" <<< years <<< "岁（" <<< born <<< "出生），属于区间 " <<< b.range <<< " → " <<< b.points <<< "分"
                en <<< "age " <<< years <<< " at " <<< at <<< " (born " <<< born <<< ") in band " <<< b.range <<< " → " <<< b.points
            }
        case .flag(let ref, let points):
            guard let ref else { return phrase {
                zh <<< "符合条件 → " <<< points <<< "分"
                en <<< "applies → " <<< points
            } }
            let on = next() != 0, earned = on ? points : .zero
            return phrase {
                zh <<< title(ref) <<< "：" <<< on ? "是" : "否" <<< " → " <<< earned <<< "分"
                en <<< ref.name <<< " is " <<< on <<< " → " <<< earned
            }
        case .deduction(let ref, let points):
            let count = next(), raw = -(points * count)
            return phrase {
                zh <<< title(ref) <<< " " <<< count <<< " × −" <<< points <<< "分 = " <<< raw <<< "分"
                en <<< ref.name <<< " " <<< count <<< " × −" <<< points <<< " = " <<< raw
            }
        case .bestOf(let options):
            let bottom = stack.count
            for option in options {
                let explanation = self.indicator(option, person: person)
                stack.append(Part(words: explanation, raw: Fixed(units: next()), points: Fixed(units: next())))
            }
            let choice = Int(next()), chosen = stack[bottom + choice], start = mark
            zh <<< "择优（"
            en <<< "best of "
            for (i, option) in options.enumerated() {
                let separator = i == 0 ? "" : ", "
                zh <<< separator <<< option.id <<< " " <<< stack[bottom + i].points
                en <<< separator <<< option.id <<< " " <<< stack[bottom + i].points
            }
            zh <<< "）→ " <<< options[choice].title.zh <<< "：" <<< Earlier(range: chosen.words.zh)
            en <<< " → " <<< options[choice].id <<< ": " <<< Earlier(range: chosen.words.en)
            if chosen.raw != chosen.points {
                zh <<< "（上限" <<< chosen.points <<< "分）"
                en <<< " (cap " <<< chosen.points <<< ")"
            }
            stack.removeSubrange(bottom...)
            return words(since: start)
        case .ageSteps(let steps):
            let born = FactRow.date(next()), years = next(), _ = next(), over = next()
            let at = plan.ageReference ?? result.asOf
            if over < 0, let from = steps.fromAge {
                return phrase {
                    zh <<< at <<< "时年龄" <<< years <<< "岁，未满" <<< from <<< "岁 → 0分"
                    en <<< "age " <<< years <<< " at " <<< at <<< " is under " <<< from <<< " → 0"
                }
            }
            if over == 0 {
                return phrase {
                    zh <<< at <<< "时年龄" <<< years <<< "岁（" <<< born <<< "出生），未超过" <<< steps.flatUntil <<< "岁 → " <<< steps.full <<< "分"
                    en <<< "age " <<< years <<< " at " <<< at <<< " (born " <<< born <<< "), not over " <<< steps.flatUntil <<< " → " <<< steps.full
                }
            }
            let raw = max(.zero, steps.full - steps.minusPerYear * over)
            return phrase {
                zh <<< at <<< "时年龄" <<< years <<< "岁（" <<< born <<< "出生）：超过" <<< steps.flatUntil <<< "岁" <<< over <<< "年（" <<< steps.countStarted ? "不满一年按一年计" : "按整年计" <<< "）× −" <<< steps.minusPerYear <<< "分 → " <<< raw <<< "分"
                en <<< "age " <<< years <<< " at " <<< at <<< " (born " <<< born <<< "): " <<< over <<< " " <<< steps.countStarted ? "started" : "completed" <<< " year(s) over " <<< steps.flatUntil <<< " × −" <<< steps.minusPerYear <<< " → " <<< steps.full <<< " − " <<< steps.minusPerYear * over <<< " = " <<< raw
            }
        case .perYear(_, _, _, let yearCap, let window):
            let start = mark
            var raw = Fixed.zero, any = false
            for _ in 0..<next() {
                let year = next(), hours = next(), earned = Fixed(units: next()), countedUnits = next()
                guard countedUnits != FactRow.absent else { continue }
                let counted = Fixed(units: countedUnits)
                raw += counted
                if any { zh <<< "；"; en <<< "; " }
                any = true
                zh <<< year <<< "年" <<< hours <<< "小时 → " <<< counted <<< "分"
                en <<< year <<< ": " <<< hours <<< " h → " <<< counted
                if earned > yearCap {
                    zh <<< "（每年上限" <<< yearCap <<< "分）"
                    en <<< " (year cap " <<< yearCap <<< ")"
                }
            }
            if !any {
                let firstYear = result.asOf.year - window + 1
                zh <<< firstYear <<< "–" <<< result.asOf.year <<< "年无记录"
                en <<< "none in " <<< firstYear <<< "–" <<< result.asOf.year
            }
            zh <<< " = " <<< raw <<< "分"
            en <<< " = " <<< raw
            return words(since: start)
        case .shares(_, _, let fieldName, let points):
            let count = next(), start = mark
            zh <<< count <<< "项，每项" <<< points <<< "分 ÷ 人数："
            en <<< count <<< " item(s), " <<< points <<< " ÷ " <<< fieldName <<< " each: "
            var sum = ExactSum(), any = false
            for _ in 0..<count {
                let divisor = next()
                guard divisor > 0 else { continue }
                sum.add(points.units, over: divisor)
                let separator = any ? " + " : ""
                zh <<< separator <<< points <<< " ÷ " <<< divisor
                en <<< separator <<< points <<< " ÷ " <<< divisor
                any = true
            }
            guard any else {
                zh <<< "无"
                en <<< "none"
                return words(since: start)
            }
            let raw = sum.rounded(by: plan.rounding)
            zh <<< " = " <<< raw <<< "分（合计后舍入一次）"
            en <<< " = " <<< raw <<< " (rounded once, " <<< plan.rounding.decimals <<< " places, " <<< plan.rounding.mode.rawValue <<< ")"
            return words(since: start)
        case .itemLookup(let ref, let field, _, let table):
            let values = ref.type.fields![field].type.choices!, start = mark
            var raw = Fixed.zero, any = false
            for _ in 0..<next() {
                let index = Int(next())
                guard index >= 0 else { continue }
                raw += table[index]
                let separator = any ? " + " : ""
                zh <<< separator <<< values[index] <<< " " <<< table[index]
                en <<< separator <<< values[index] <<< " " <<< table[index]
                any = true
            }
            if !any { zh <<< "无"; en <<< "none" }
            zh <<< " = " <<< raw <<< "分"
            en <<< " = " <<< raw
            return words(since: start)
        case .firstAndFurther(_, let counted):
            let start = mark
            var raw = Fixed.zero, any = false
            for entry in counted {
                let n = next()
                guard n > 0 else { continue }
                let earned = entry.first + entry.further * (n - 1)
                raw += earned
                if any { zh <<< "；"; en <<< "; " }
                any = true
                zh <<< entry.name <<< " ×" <<< n <<< ": " <<< entry.first <<< " + " <<< n - 1 <<< " × " <<< entry.further <<< " = " <<< earned
                en <<< entry.name <<< " ×" <<< n <<< ": " <<< entry.first <<< " + " <<< n - 1 <<< " × " <<< entry.further <<< " = " <<< earned
            }
            if !any { zh <<< "无"; en <<< "none" }
            zh <<< " = " <<< raw <<< "分"
            en <<< " = " <<< raw
            return words(since: start)
        }
    }
}

/// A band's `[from, to)` as the explanations show it.
struct BandRange: TextPart, CustomStringConvertible {
    let band: Band

    var description: String { "[\(band.from), \(band.to.map(\.description) ?? "∞"))" }

    func write(to text: inout TextBytes) {
        "[".write(to: &text)
        band.from.write(to: &text)
        ", ".write(to: &text)
        if let to = band.to { to.write(to: &text) } else { "∞".write(to: &text) }
        ")".write(to: &text)
    }
}

extension Band {
    /// `[from, to)` as the explanations show it.
    var range: BandRange { BandRange(band: self) }
}
