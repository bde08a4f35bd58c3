/// Go's strconv.Quote, used by BuildKit's AST dump.
public enum GoQuote {
    public static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    out += "\\x" + hex(c.value, 2)
                } else if c == " " || (c.value < 0x7F) || isPrintable(c) {
                    out.unicodeScalars.append(c)
                } else if c.value < 0x10000 {
                    out += "\\u" + hex(c.value, 4)
                } else {
                    out += "\\U" + hex(c.value, 8)
                }
            }
        }
        return out + "\""
    }

    /// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols (not other spaces).
    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    private static func hex(_ v: UInt32, _ width: Int) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
