/// A text in Chinese and English: every title, explanation and reason carries both.
public struct Bilingual: Sendable, Hashable, Codable {
    /// Chinese.
    public let zh: String
    /// English.
    public let en: String

    /// Creates a text from its two languages.
    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }
}
