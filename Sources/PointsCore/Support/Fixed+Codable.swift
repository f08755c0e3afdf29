extension Fixed: Codable {
    /// Decodes an exact decimal string such as `"6.67"`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Fixed(decimal: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an exact decimal: \(text)"))
        }
        self = value
    }

    /// Encodes as an exact decimal string, never a float.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
