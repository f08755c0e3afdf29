extension Unicode.Scalar {
    /// An ASCII letter or digit, `.`, `_` or `-`: what a plain YAML identifier and a case
    /// file's name keep.
    var isIdentifierCharacter: Bool {
        isASCII && (properties.isAlphabetic || ("0"..."9").contains(self) || self == "." || self == "_" || self == "-")
    }
}

/// Text written into YAML so that it reads back as the same string.
enum YAMLText {
    /// Words YAML 1.1 reads as something other than a string.
    private static let reserved: Set<String> = ["null", "true", "false", "yes", "no", "on", "off", "y", "n"]

    /// `text` as a plain scalar when it is an identifier YAML reads back as itself
    /// (`rented_registered`, `A0000019`), else double-quoted.
    static func scalar(_ text: String) -> String {
        let plain = text.unicodeScalars.first.map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) } ?? false
            && text.unicodeScalars.allSatisfy(\.isIdentifierCharacter)
            && !reserved.contains(text.lowercased())
        return plain ? text : quoted(text)
    }

    /// A double-quoted YAML (and JSON) string: quotes, backslashes, controls, the line and
    /// paragraph separators and the non-characters escaped (libyaml folds or refuses them raw).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFFFE || v == 0xFFFF {
                    let hex = String(v, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
