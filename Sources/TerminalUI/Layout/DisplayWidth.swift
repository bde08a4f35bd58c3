/// How many terminal columns text takes: East Asian wide characters and emoji take two,
/// combining marks and joiners none, everything else one. Layout (wrapping, table
/// columns, frames) counts columns, never characters or bytes.
///
/// Widths are summed per Unicode scalar, which is what terminals do for almost all
/// text and avoids grapheme breaking on the hot path. Two cases need whole clusters —
/// emoji joined with ZWJ and flag pairs, which terminals draw as one wide glyph — and
/// only strings containing those take the slower per-character path.
public enum DisplayWidth {
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        var width = 0
        if !text.utf8.contains(where: { $0 >= 0x80 }) {
            // ASCII: printable bytes are one column each.
            for byte in text.utf8 where byte >= 0x20 && byte != 0x7F { width += 1 }
            return width
        }
        var needsClusters = false
        var previousNarrow = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x200D || (0x1F1E6...0x1F1FF).contains(v) { needsClusters = true; break }
            if v == 0xFE0F {
                // Emoji presentation selector: a text-style symbol becomes two columns.
                if previousNarrow { width += 1 }
                previousNarrow = false
                continue
            }
            let w = self.width(of: scalar)
            width += w
            previousNarrow = w == 1
        }
        if !needsClusters { return width }
        width = 0
        for character in text { width += of(character) }
        return width
    }

    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x80 { return (first.value >= 0x20 && first.value != 0x7F) ? 1 : 0 }
        let base = width(of: first)
        // A cluster (ZWJ sequence, flag, base + selector) is one glyph: wide if any part is.
        if scalars.count > 1 {
            if scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D }) { return 2 }
            if (0x1F1E6...0x1F1FF).contains(first.value) { return 2 }
        }
        return base
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if v < 0xA0 { return 0 }
        if v < 0x300 { return 1 }
        if v < 0x370 { return 0 }  // combining diacritical marks
        if v < 0x1100 { return isMark(scalar) ? 0 : 1 }
        if v >= 0x2010 && v < 0x2300 && v != 0x2028 && v != 0x2029 && !(0x202A...0x202E).contains(v)
            && !(0x2060...0x206F).contains(v) && !(0x20D0...0x20FF).contains(v) {
            return 1  // punctuation, currency, letterlike, arrows, math: one column
        }
        if v >= 0x2500 && v < 0x2600 { return 1 }  // box drawing, blocks, geometric shapes
        if (0x200B...0x200F).contains(v) || (0x2028...0x202E).contains(v) || (0x2060...0x206F).contains(v)
            || (0xFE00...0xFE0F).contains(v) || v == 0xFEFF || (0xE0100...0xE01EF).contains(v)
            || (0x1AB0...0x1AFF).contains(v) || (0x1DC0...0x1DFF).contains(v)
            || (0x20D0...0x20FF).contains(v) || (0xFE20...0xFE2F).contains(v) {
            return 0
        }
        if isWide(v) { return 2 }
        if (0x2300...0x2BFF).contains(v) || (0x1F000...0x1FAFF).contains(v) {
            return scalar.properties.isEmojiPresentation ? 2 : 1
        }
        return isMark(scalar) ? 0 : 1
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    /// East Asian Wide and Fullwidth ranges (Unicode's EastAsianWidth.txt, W and F).
    private static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x231A...0x231B).contains(v)
            || (0x2329...0x232A).contains(v) || (0x2E80...0x303E).contains(v)
            || (0x3041...0x33FF).contains(v) || (0x3400...0x4DBF).contains(v)
            || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xA960...0xA97F).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE10...0xFE19).contains(v)
            || (0xFE30...0xFE6F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x2FFFD).contains(v)
            || (0x30000...0x3FFFD).contains(v)
    }
}
