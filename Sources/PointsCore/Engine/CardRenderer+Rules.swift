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
                if i > 0 { zh.write("，"); en.write(", ") }
                zh.write(title(ref), " ", value)
                en.write(ref.name, " ", value)
                if let from = rule.from {
                    zh.write(" − ", from, " = ", value - from)
                    en.write(" − ", from, " = ", value - from)
                }
                zh.write(" → ", units, rule.unit.zh, " × ", rule.points, "分 = ", earned, "分")
                en.write(" → ", units, " ", rule.unit.en, " × ", rule.points, " = ", earned)
                if points != earned {
                    zh.write("（上限", points, "分）")
                    en.write(" (cap ", points, ")")
                }
            }
            let reached = next() != 0, base = Fixed(units: next())
            if let from = rule.from, !reached {
                zh.write("：未达到", from, " → 0分")
                en.write(": under ", from, " → 0")
                return words(since: start)
            }
            if rule.facts.count > 1 || base != .zero {
                zh.write(" → ")
                en.write(" → ")
                if base != .zero {
                    zh.write("基础", base, "分 + ")
                    en.write("base ", base, " + ")
                }
                zh.write(total, "分 = ", base + total, "分")
                en.write(total, " = ", base + total)
            }
            return words(since: start)
        case .lookup(let ref, let table):
            let index = Int(next()), value = ref.type.choices![index]
            return say(zh: title(ref), "：", value, " → ", table[index], "分", en: ref.name, " ", value, " → ", table[index])
        case .bands(let ref, let bands):
            let value = Fixed(units: next()), band = Int(next())
            guard band >= 0 else {
                return say(zh: title(ref), " ", value, " 低于 ", bands[0].from, " → 0分", en: ref.name, " ", value, " is below ", bands[0].from, " → 0")
            }
            let b = bands[band]
            return say(zh: title(ref), " ", value, " 属于区间 ", b.range, " → ", b.points, "分",
                       en: ref.name, " ", value, " in band ", b.range, " → ", b.points)
        case .ageBands(let bands):
            let born = FactRow.date(next()), years = next(), band = Int(next())
            let at = plan.ageReference ?? result.asOf
            guard band >= 0 else {
                return say(zh: at, "时年龄", years, "岁，不在任何区间 → 0分", en: "age ", years, " at ", at, " is outside every band → 0")
            }
            let b = bands[band]
            return say(zh: at, "时年龄", years, "岁（", born, "出生），属于区间 ", b.range, " → ", b.points, "分",
                       en: "age ", years, " at ", at, " (born ", born, ") in band ", b.range, " → ", b.points)
        case .flag(let ref, let points):
            guard let ref else { return say(zh: "符合条件 → ", points, "分", en: "applies → ", points) }
            let on = next() != 0, earned = on ? points : .zero
            return say(zh: title(ref), "：", on ? "是" : "否", " → ", earned, "分", en: ref.name, " is ", on, " → ", earned)
        case .deduction(let ref, let points):
            let count = next(), raw = -(points * count)
            return say(zh: title(ref), " ", count, " × −", points, "分 = ", raw, "分", en: ref.name, " ", count, " × −", points, " = ", raw)
        case .bestOf(let options):
            let bottom = stack.count
            for option in options {
                let explanation = self.indicator(option, person: person)
                stack.append(Part(words: explanation, raw: Fixed(units: next()), points: Fixed(units: next())))
            }
            let choice = Int(next()), chosen = stack[bottom + choice], start = mark
            zh.write("择优（")
            en.write("best of ")
            for (i, option) in options.enumerated() {
                let separator = i == 0 ? "" : ", "
                zh.write(separator, option.id, " ", stack[bottom + i].points)
                en.write(separator, option.id, " ", stack[bottom + i].points)
            }
            zh.write("）→ ", options[choice].title.zh, "：", Earlier(range: chosen.words.zh))
            en.write(" → ", options[choice].id, ": ", Earlier(range: chosen.words.en))
            if chosen.raw != chosen.points {
                zh.write("（上限", chosen.points, "分）")
                en.write(" (cap ", chosen.points, ")")
            }
            stack.removeSubrange(bottom...)
            return words(since: start)
        case .ageSteps(let steps):
            let born = FactRow.date(next()), years = next(), _ = next(), over = next()
            let at = plan.ageReference ?? result.asOf
            if over < 0, let from = steps.fromAge {
                return say(zh: at, "时年龄", years, "岁，未满", from, "岁 → 0分", en: "age ", years, " at ", at, " is under ", from, " → 0")
            }
            if over == 0 {
                return say(zh: at, "时年龄", years, "岁（", born, "出生），未超过", steps.flatUntil, "岁 → ", steps.full, "分",
                           en: "age ", years, " at ", at, " (born ", born, "), not over ", steps.flatUntil, " → ", steps.full)
            }
            let raw = max(.zero, steps.full - steps.minusPerYear * over)
            return say(zh: at, "时年龄", years, "岁（", born, "出生）：超过", steps.flatUntil, "岁", over, "年（",
                       steps.countStarted ? "不满一年按一年计" : "按整年计", "）× −", steps.minusPerYear, "分 → ", raw, "分",
                       en: "age ", years, " at ", at, " (born ", born, "): ", over, " ", steps.countStarted ? "started" : "completed",
                       " year(s) over ", steps.flatUntil, " × −", steps.minusPerYear, " → ", steps.full, " − ", steps.minusPerYear * over, " = ", raw)
        case .perYear(_, _, _, let yearCap, let window):
            let start = mark
            var raw = Fixed.zero, any = false
            for _ in 0..<next() {
                let year = next(), hours = next(), earned = Fixed(units: next()), countedUnits = next()
                guard countedUnits != FactRow.absent else { continue }
                let counted = Fixed(units: countedUnits)
                raw += counted
                if any { zh.write("；"); en.write("; ") }
                any = true
                zh.write(year, "年", hours, "小时 → ", counted, "分")
                en.write(year, ": ", hours, " h → ", counted)
                if earned > yearCap {
                    zh.write("（每年上限", yearCap, "分）")
                    en.write(" (year cap ", yearCap, ")")
                }
            }
            if !any {
                let firstYear = result.asOf.year - window + 1
                zh.write(firstYear, "–", result.asOf.year, "年无记录")
                en.write("none in ", firstYear, "–", result.asOf.year)
            }
            zh.write(" = ", raw, "分")
            en.write(" = ", raw)
            return words(since: start)
        case .shares(_, _, let fieldName, let points):
            let count = next(), start = mark
            zh.write(count, "项，每项", points, "分 ÷ 人数：")
            en.write(count, " item(s), ", points, " ÷ ", fieldName, " each: ")
            var sum = ExactSum(), any = false
            for _ in 0..<count {
                let divisor = next()
                guard divisor > 0 else { continue }
                sum.add(points.units, over: divisor)
                let separator = any ? " + " : ""
                zh.write(separator, points, " ÷ ", divisor)
                en.write(separator, points, " ÷ ", divisor)
                any = true
            }
            guard any else {
                zh.write("无")
                en.write("none")
                return words(since: start)
            }
            let raw = sum.rounded(by: plan.rounding)
            zh.write(" = ", raw, "分（合计后舍入一次）")
            en.write(" = ", raw, " (rounded once, ", plan.rounding.decimals, " places, ", plan.rounding.mode.rawValue, ")")
            return words(since: start)
        case .itemLookup(let ref, let field, _, let table):
            let values = ref.type.fields![field].type.choices!, start = mark
            var raw = Fixed.zero, any = false
            for _ in 0..<next() {
                let index = Int(next())
                guard index >= 0 else { continue }
                raw += table[index]
                let separator = any ? " + " : ""
                zh.write(separator, values[index], " ", table[index])
                en.write(separator, values[index], " ", table[index])
                any = true
            }
            if !any { zh.write("无"); en.write("none") }
            zh.write(" = ", raw, "分")
            en.write(" = ", raw)
            return words(since: start)
        case .firstAndFurther(_, let counted):
            let start = mark
            var raw = Fixed.zero, any = false
            for entry in counted {
                let n = next()
                guard n > 0 else { continue }
                let earned = entry.first + entry.further * (n - 1)
                raw += earned
                if any { zh.write("；"); en.write("; ") }
                any = true
                zh.write(entry.name, " ×", n, ": ", entry.first, " + ", n - 1, " × ", entry.further, " = ", earned)
                en.write(entry.name, " ×", n, ": ", entry.first, " + ", n - 1, " × ", entry.further, " = ", earned)
            }
            if !any { zh.write("无"); en.write("none") }
            zh.write(" = ", raw, "分")
            en.write(" = ", raw)
            return words(since: start)
        }
    }
}

/// A band's `[from, to)` as the explanations show it.
struct BandRange: TextPart, CustomStringConvertible {
    let band: Band

    var description: String { "[\(band.from), \(band.to.map(\.description) ?? "∞"))" }

    func write(to text: inout TextBytes) {
        text.write("[", band.from, ", ")
        if let to = band.to { text.write(to) } else { text.write("∞") }
        text.write(")")
    }
}

extension Band {
    /// `[from, to)` as the explanations show it.
    var range: BandRange { BandRange(band: self) }
}
