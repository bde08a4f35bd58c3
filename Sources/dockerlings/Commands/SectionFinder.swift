import Foundation

/// Finds a lesson's section by its heading's words, for `read --section`: in the source
/// (to list the sections) and in the rendered lines (to open the pager there).
enum SectionFinder {
    /// The Markdown headings of `source` (ATX `#` headings), without their markers.
    static func headings(in source: String) -> [String] {
        source.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("#") else { return nil }
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            return title.isEmpty ? nil : title
        }
    }

    /// The first rendered line whose text (colours removed) is the heading, or starts with it.
    static func line(of section: String, in lines: [String]) -> Int? {
        let wanted = normalised(section)
        guard !wanted.isEmpty else { return nil }
        let plain = lines.map { normalised(strippingEscapes($0)) }
        return plain.firstIndex { $0 == wanted } ?? plain.firstIndex { $0.hasPrefix(wanted) }
    }

    private static func normalised(_ text: String) -> String {
        text.lowercased().filter { $0.isLetter || $0.isNumber || $0 == " " }
            .split(separator: " ").joined(separator: " ")
    }

    private static func strippingEscapes(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\][^\u{07}\u{1B}]*(\u{07}|\u{1B}\\\\)", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
    }
}
