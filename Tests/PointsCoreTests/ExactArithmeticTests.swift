import PointsCore
import Testing

/// Points and money are exact decimals; divisions round by the scheme's stated rule.
@Suite struct ExactArithmeticTests {
    @Test(arguments: [("20", "20"), ("6.6700", "6.67"), ("-10", "-10"), ("0.35", "0.35"), ("+3", "3"), ("0.0001", "0.0001")])
    func parsesAndPrints(_ text: String, _ printed: String) {
        #expect(Fixed(decimal: text)?.description == printed)
    }

    @Test(arguments: ["", "1.", ".5", "1.23456", "1e3", "abc", "--1", "1,000"])
    func rejectsWhatIsNotAnExactDecimal(_ text: String) {
        #expect(Fixed(decimal: text) == nil)
    }

    @Test func roundsSharesByTheRule() {
        let twenty = Fixed(20)
        #expect(Rounding(decimals: 2, mode: .halfUp).divide(twenty, by: 3).description == "6.67")
        #expect(Rounding(decimals: 2, mode: .down).divide(twenty, by: 3).description == "6.66")
        #expect(Rounding(decimals: 0, mode: .halfUp).divide(twenty, by: 8).description == "3")   // 2.5 → 3
        #expect(Rounding(decimals: 0, mode: .halfEven).divide(twenty, by: 8).description == "2") // 2.5 → 2
        #expect(Rounding(decimals: 1, mode: .halfUp).divide(-twenty, by: 3).description == "-6.7")
    }

    @Test func arithmeticSaturatesInsteadOfTrapping() {
        let huge = Fixed(units: Int64.max / 2)
        #expect(huge * 1_000 == huge)
        #expect(-huge * 1_000 == -huge)
        #expect(huge + huge == huge)
        #expect(Fixed(2) * 3 == Fixed(6) && Fixed(5) - Fixed(7) == Fixed(-2))
    }

    @Test func capsBoundMagnitude() {
        #expect(Fixed(48).limited(to: Fixed(40)) == Fixed(40))
        #expect(Fixed(-48).limited(to: Fixed(40)) == Fixed(-40))
        #expect(Fixed(12).limited(to: nil) == Fixed(12))
    }

    @Test func sha256MatchesTheNISTVectors() {
        #expect(Digests.sha256Hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digests.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Digests.sha256Hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func hmacSHA256MatchesRFC4231() {
        #expect(Digests.hmacSHA256Hex(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(Digests.hmacSHA256Hex(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // A key longer than the block is hashed first (test case 6).
        #expect(Digests.hmacSHA256Hex(key: [UInt8](repeating: 0xaa, count: 131), message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func agesCountCompletedYearsAndBirthdays() {
        let born = LocalDate(iso: "1985-06-01")!
        #expect(born.completedYears(at: LocalDate(iso: "2025-05-31")!) == 39)
        #expect(born.completedYears(at: LocalDate(iso: "2025-06-01")!) == 40)
        #expect(born.isAnniversary(LocalDate(iso: "2025-06-01")!))
        let leap = LocalDate(iso: "2000-02-29")!
        #expect(leap.completedYears(at: LocalDate(iso: "2021-02-28")!) == 21)
        #expect(leap.completedYears(at: LocalDate(iso: "2021-02-27")!) == 20)
        #expect(LocalDate(iso: "2023-02-29") == nil)
        #expect(LocalDate(iso: "2024-12-31")!.description == "2024-12-31")
    }

    @Test(arguments: ["", "2024-1-01", "2024/01/01", "２０２４-01-01", "2024-01-0١", "2024-13-01", "2024-00-10",
                      "2024-04-31", "0000-01-01", " 2024-01-01", "2024-01-01 ", "+024-01-01", "2024-01-01T00"])
    func rejectsWhatIsNotAnISODate(_ text: String) {
        #expect(LocalDate(iso: text) == nil)
    }
}
