import Foundation
import PointsCore
import Testing

/// Settlement channels (a Qingyang-like scheme: seed 004 二(一)): any one channel settles; a
/// fact a channel needs and the applicant did not state makes that channel not hold, with the
/// fact named, and never fails the card.
@Suite struct SettlementChannelsTests {
    static let asOf = LocalDate(iso: "2025-06-01")!

    /// `Examples/settlement-channels.yaml`, with its channels replaced when given.
    static func scheme(_ channels: String? = nil) throws -> Scheme {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/settlement-channels.yaml")
        var text = try String(contentsOf: path, encoding: .utf8)
        if let channels {
            let start = text.range(of: "channels:\n")!.upperBound, end = text.range(of: "# A settlement scheme gives no points")!.lowerBound
            text.replaceSubrange(start..<end, with: channels + "\n")
        }
        return try SchemeLoader.load(text: text, source: "settlement-channels.yaml")
    }

    private func card(_ yaml: String, explain: Bool = true) throws -> ScoreCard {
        try Self.scheme().score(document: try DocumentNode.parse(yaml: yaml), asOf: Self.asOf, explain: explain)
    }

    @Test func anyOneChannelSettlesAndEachSaysWhy() throws {
        let owner = try card("criminal_punishment_5y: false\nsettlement_place_kind: county_seat\nhousing: owned\nstable_employment: false\n")
        #expect(owner.qualified == true)
        let channels = try #require(owner.channels)
        #expect(channels.map(\.id) == ["stable_residence", "stable_employment", "veteran"])
        #expect(channels.map(\.holds) == [true, false, false])
        #expect(channels[0].family == ["spouse", "children", "parents"] && channels[0].reason.en.contains("settlement_place_kind is county_seat"))
        #expect(channels[1].reason.en == "stable_employment is false (needs true)", "\(channels[1].reason.en)")
        #expect(owner.text().contains("[holds] 合法稳定住所 / legal stable residence  family may follow: spouse, children, parents"))
        // A gate still applies to every channel.
        #expect(try card("criminal_punishment_5y: true\nsettlement_place_kind: county_seat\nhousing: owned\nstable_employment: true\n").qualified == false)
    }

    @Test func factsNotStatedMakeAChannelNotHoldWithoutFailingTheCard() throws {
        let nothing = try card("criminal_punishment_5y: false\nstable_employment: false\n")
        #expect(nothing.qualified == false)
        let channels = try #require(nothing.channels)
        #expect(channels.allSatisfy { $0.holds == false })
        #expect(channels[0].reason.en == "settlement_place_kind not stated; housing not stated", "\(channels[0].reason.en)")
        #expect(channels[0].reason.zh.hasPrefix("落户地类型未填写；") && channels[0].reason.zh.hasSuffix("未填写"), "\(channels[0].reason.zh)")
        let steps = try #require(nothing.nextSteps)
        #expect(steps.filter { $0.kind == .channel }.map(\.id) == ["stable_residence", "stable_employment", "veteran"])
        #expect(steps.last?.kind == .never && steps.allSatisfy { !$0.clause.isEmpty }, "\(steps.map(\.text.en))")
        // A summary carries the channels too.
        #expect(try card("criminal_punishment_5y: false\nstable_employment: true\n", explain: false).channels?.map(\.holds) == [false, true, false])
    }

    @Test func aBrokenChannelIsNamed() throws {
        let error = #expect(throws: SchemeLoadError.self) {
            try Self.scheme("""
                  - {id: a, title: {zh: a, en: a}, clause: c, when: {fact: veteran, is: true}, family: [cousins]}
                  - {id: a, title: {zh: b, en: b}, clause: c, when: {fact: veteran, is: true}}
                  - {id: b, title: {zh: b, en: b}, when: {fact: veteran, is: true}}
                """)
        }
        let messages = error?.diagnostics.map(\.description).joined(separator: "\n") ?? ""
        #expect(messages.contains("channels[1].family: expected one of spouse, children, parents"), "\(messages)")
        #expect(messages.contains("duplicate channel id 'a'") && messages.contains("channels[3]: missing 'clause'"), "\(messages)")
    }
}
