extension CardRenderer {
    /// The explanation of a line's rule (the trace of `NumericEvaluator.rule`), from the plan's
    /// tables and pre-encoded texts (see `ScorePlan+Compile` for each kind's constants).
    mutating func rule(_ l: Int, person: Int) -> CardText.Words {
        let line = plan.lines[l], first = Int(line.first), count = Int(line.count)
        let consts = plan.consts
        func fixed(_ i: Int) -> Fixed { Fixed(units: consts[i]) }
        switch line.kind {
        case .perUnit:
            let start = mark, from: Fixed? = line.flag ? Fixed(units: line.d) : nil, perUnit = Fixed(units: line.b)
            let unit = words.unit(line: l)
            var total = Fixed.zero
            for i in 0..<count {
                let fact = plan.slots[first + i]
                let value = Fixed(units: next()), units = next(), earned = Fixed(units: next()), points = Fixed(units: next())
                total += points
                if i > 0 { zh <<< "，"; en <<< ", " }
                zh <<< words.title(fact) <<< " " <<< value
                en <<< words.name(fact) <<< " " <<< value
                if let from {
                    zh <<< " − " <<< from <<< " = " <<< value - from
                    en <<< " − " <<< from <<< " = " <<< value - from
                }
                zh <<< " → " <<< units <<< unit.zh <<< " × " <<< perUnit <<< "分 = " <<< earned <<< "分"
                en <<< " → " <<< units <<< " " <<< unit.en <<< " × " <<< perUnit <<< " = " <<< earned
                if points != earned {
                    zh <<< "（上限" <<< points <<< "分）"
                    en <<< " (cap " <<< points <<< ")"
                }
            }
            let reached = next() != 0, base = Fixed(units: next())
            if let from, !reached {
                zh <<< "：未达到" <<< from <<< " → 0分"
                en <<< ": under " <<< from <<< " → 0"
                return words(since: start)
            }
            if count > 1 || base != .zero {
                zh <<< " → "
                en <<< " → "
                if base != .zero {
                    zh <<< "基础" <<< base <<< "分 + "
                    en <<< "base " <<< base <<< " + "
                }
                if base != .zero {
                    zh <<< total <<< "分 = " <<< base + total <<< "分"
                    en <<< total <<< " = " <<< base + total
                } else {
                    zh <<< "合计" <<< total <<< "分"
                    en <<< "total " <<< total
                }
            }
            return words(since: start)
        case .lookup:
            let index = Int(next()), value = words.choice(line.fact, index), points = fixed(first + index)
            let said = mark
            zh <<< words.title(line.fact) <<< "：" <<< words.choiceZh(line.fact, index) <<< " → " <<< points <<< "分"
            en <<< words.name(line.fact) <<< " " <<< value <<< " → " <<< points
            return words(since: said)
        case .bands:
            let value = Fixed(units: next()), band = Int(next())
            guard band >= 0 else {
                let said = mark
                zh <<< words.title(line.fact) <<< " " <<< value <<< " 低于 " <<< fixed(first) <<< " → 0分"
                en <<< words.name(line.fact) <<< " " <<< value <<< " is below " <<< fixed(first) <<< " → 0"
                return words(since: said)
            }
            let range = BandRange(consts, at: first + 3 * band), points = fixed(first + 3 * band + 2)
            let said = mark
            zh <<< words.title(line.fact) <<< " " <<< value <<< " 属于区间 " <<< range <<< " → " <<< points <<< "分"
            en <<< words.name(line.fact) <<< " " <<< value <<< " in band " <<< range <<< " → " <<< points
            return words(since: said)
        case .ageBands:
            let born = FactRow.date(next()), years = next(), band = Int(next())
            let at = plan.ageReference ?? asOf
            guard band >= 0 else {
                let said = mark
                zh <<< at <<< "时年龄" <<< years <<< "岁，不在任何区间 → 0分"
                en <<< "age " <<< years <<< " at " <<< at <<< " is outside every band → 0"
                return words(since: said)
            }
            let range = BandRange(consts, at: first + 3 * band), points = fixed(first + 3 * band + 2)
            let said = mark
            zh <<< at <<< "时年龄" <<< years <<< "岁（" <<< born <<< "出生），属于区间 " <<< range <<< " → " <<< points <<< "分"
            en <<< "age " <<< years <<< " at " <<< at <<< " (born " <<< born <<< ") in band " <<< range <<< " → " <<< points
            return words(since: said)
        case .flag:
            let points = Fixed(units: line.a)
            guard line.fact >= 0 else {
                let said = mark
                zh <<< "符合条件 → " <<< points <<< "分"
                en <<< "applies → " <<< points
                return words(since: said)
            }
            let on = next() != 0, earned = on ? points : .zero
            let said = mark
            zh <<< words.title(line.fact) <<< "：" <<< (on ? "是" : "否") <<< " → " <<< earned <<< "分"
            en <<< words.name(line.fact) <<< " is " <<< on <<< " → " <<< earned
            return words(since: said)
        case .deduction:
            let points = Fixed(units: line.a), times = next(), raw = -(points * times)
            let said = mark
            zh <<< words.title(line.fact) <<< " " <<< times <<< " × −" <<< points <<< "分 = " <<< raw <<< "分"
            en <<< words.name(line.fact) <<< " " <<< times <<< " × −" <<< points <<< " = " <<< raw
            return words(since: said)
        case .bestOf:
            let bottom = stack.count
            for i in 0..<count {
                let explanation = self.line(Int(plan.links[first + i]), person: person)
                stack.append(Part(words: explanation, raw: Fixed(units: next()), points: Fixed(units: next())))
            }
            let choice = Int(next()), chosen = stack[bottom + choice], chosenLine = Int(plan.links[first + choice]), start = mark
            zh <<< "择优（"
            en <<< "best of "
            for i in 0..<count {
                let option = Int(plan.links[first + i]), separator: StaticString = i == 0 ? "" : ", "
                zh <<< (i == 0 ? "" : "，") <<< words.title(line: option) <<< " " <<< stack[bottom + i].points <<< "分"
                en <<< separator <<< words.id(line: option) <<< " " <<< stack[bottom + i].points
            }
            zh <<< "）→ " <<< words.title(line: chosenLine) <<< "：" <<< Earlier(range: chosen.words.zh)
            en <<< " → " <<< words.id(line: chosenLine) <<< ": " <<< Earlier(range: chosen.words.en)
            if chosen.raw != chosen.points {
                zh <<< "（上限" <<< chosen.points <<< "分）"
                en <<< " (cap " <<< chosen.points <<< ")"
            }
            stack.removeSubrange(bottom...)
            return words(since: start)
        case .ageSteps:
            let born = FactRow.date(next()), years = next(), _ = next(), over = next()
            let at = plan.ageReference ?? asOf
            let full = Fixed(units: line.a), minus = Fixed(units: line.b), flatUntil = line.d
            if over < 0, line.flag {
                let said = mark
                zh <<< at <<< "时年龄" <<< years <<< "岁，未满" <<< line.c <<< "岁 → 0分"
                en <<< "age " <<< years <<< " at " <<< at <<< " is under " <<< line.c <<< " → 0"
                return words(since: said)
            }
            if over == 0 {
                let said = mark
                zh <<< at <<< "时年龄" <<< years <<< "岁（" <<< born <<< "出生），未超过" <<< flatUntil <<< "岁 → " <<< full <<< "分"
                en <<< "age " <<< years <<< " at " <<< at <<< " (born " <<< born <<< "), not over " <<< flatUntil <<< " → " <<< full
                return words(since: said)
            }
            let raw = max(.zero, full - minus * over)
            let said = mark
            zh <<< at <<< "时年龄" <<< years <<< "岁（" <<< born <<< "出生）：超过" <<< flatUntil <<< "岁" <<< over <<< "年（"
                <<< (line.flag2 ? "不满一年按一年计" : "按整年计") <<< "）× −" <<< minus <<< "分 → " <<< raw <<< "分"
            en <<< "age " <<< years <<< " at " <<< at <<< " (born " <<< born <<< "): " <<< over <<< " "
                <<< (line.flag2 ? "started" : "completed") <<< " year(s) over " <<< flatUntil <<< " × −" <<< minus
                <<< " → " <<< full <<< " − " <<< minus * over <<< " = " <<< raw
            return words(since: said)
        case .perYear:
            let start = mark, yearCap = Fixed(units: line.c), window = Int(line.d)
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
                let firstYear = asOf.year - window + 1
                zh <<< firstYear <<< "–" <<< asOf.year <<< "年无记录"
                en <<< "none in " <<< firstYear <<< "–" <<< asOf.year
            }
            zh <<< " = " <<< raw <<< "分"
            en <<< " = " <<< raw
            return words(since: start)
        case .shares:
            let items = next(), start = mark, points = Fixed(units: line.a)
            zh <<< items <<< "项，每项" <<< points <<< "分 ÷ 人数："
            en <<< items <<< " item(s), " <<< points <<< " ÷ " <<< words.field(line: l) <<< " each: "
            var sum = ExactSum(), any = false
            for _ in 0..<items {
                let divisor = next()
                guard divisor > 0 else { continue }
                sum.add(points.units, over: divisor)
                let separator: StaticString = any ? " + " : ""
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
            en <<< " = " <<< raw <<< " (rounded once, " <<< plan.rounding.decimals <<< " places, " <<< UTF8Text(plan.rounding.mode.rawValue) <<< ")"
            return words(since: start)
        case .itemLookup:
            let start = mark
            var raw = Fixed.zero, any = false
            for _ in 0..<next() {
                let index = Int(next())
                guard index >= 0 else { continue }
                raw += fixed(first + index)
                let separator: StaticString = any ? " + " : ""
                zh <<< separator <<< words.entry(line: l, index) <<< " " <<< fixed(first + index)
                en <<< separator <<< words.entry(line: l, index) <<< " " <<< fixed(first + index)
                any = true
            }
            if !any { zh <<< "无"; en <<< "none" }
            zh <<< " = " <<< raw <<< "分"
            en <<< " = " <<< raw
            return words(since: start)
        case .firstAndFurther:
            let start = mark
            var raw = Fixed.zero, any = false
            for k in 0..<count {
                let n = next()
                guard n > 0 else { continue }
                let firstPoints = fixed(first + 3 * k + 1), further = fixed(first + 3 * k + 2)
                let earned = firstPoints + further * (n - 1)
                raw += earned
                if any { zh <<< "；"; en <<< "; " }
                any = true
                zh <<< words.entry(line: l, k) <<< " ×" <<< n <<< ": " <<< firstPoints <<< " + " <<< n - 1 <<< " × " <<< further <<< " = " <<< earned
                en <<< words.entry(line: l, k) <<< " ×" <<< n <<< ": " <<< firstPoints <<< " + " <<< n - 1 <<< " × " <<< further <<< " = " <<< earned
            }
            if !any { zh <<< "无"; en <<< "none" }
            zh <<< " = " <<< raw <<< "分"
            en <<< " = " <<< raw
            return words(since: start)
        }
    }
}

/// A band's `[from, to)` as the explanations show it, from a plan's (from, to, points) triple.
struct BandRange: TextPart {
    let from: Fixed, to: Fixed?

    init(_ consts: UnsafeMutableBufferPointer<Int64>, at i: Int) {
        from = Fixed(units: consts[i])
        to = consts[i + 1] == FactRow.absent ? nil : Fixed(units: consts[i + 1])
    }

    func write(to text: inout TextBytes) {
        ("[" as StaticString).write(to: &text)
        from.write(to: &text)
        (", " as StaticString).write(to: &text)
        if let to { to.write(to: &text) } else { ("∞" as StaticString).write(to: &text) }
        (")" as StaticString).write(to: &text)
    }
}
