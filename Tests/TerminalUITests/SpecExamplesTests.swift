import Foundation
import Testing
import TestSupport
@testable import TerminalUI

/// The 718 examples of cmark-gfm's spec, extensions and regression tests: each renders
/// without a crash, and every word of content (the text of the expected HTML, plus image
/// alt text) appears in the plain output.
@Suite struct SpecExamplesTests {
    struct Example: Decodable {
        var source: String
        var example: Int
        var section: String
        var markdown: String
        var html: String
    }

    static let examples: [Example] = {
        let url = RepoPaths.shared("markdown/cmark-gfm-spec-examples.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([Example].self, from: data)) ?? []
    }()

    @Test func allExamplesAreLoaded() {
        #expect(Self.examples.count == 718)
    }

    @Test func aWordIsFoundOnlyWhereTheOutputHasIt() {
        #expect(ContentWords.missing(expected: ["spec", "foo", "bar"], in: "the sp ec of foobar") == ["spec"])
        #expect(ContentWords.missing(expected: ["gone"], in: "") == ["gone"])
    }

    @Test func everyExampleKeepsItsWords() {
        var failures: [String] = []
        for width in [80, 120] {
            let renderer = MarkdownRenderer(options: .plain(width: width))
            for example in Self.examples {
                let output = renderer.render(markdown: example.markdown)
                let missing = ContentWords.missing(expected: ContentWords.of(html: example.html), in: output)
                if !missing.isEmpty {
                    failures.append("\(example.source) #\(example.example) (\(example.section)) at \(width): missing \(missing)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) examples lost words:\n\(failures.prefix(20).joined(separator: "\n"))")
    }

    @Test func everyExampleRendersInColourWithinTheWidth() {
        let renderer = MarkdownRenderer(options: RenderOptions(width: 60, colors: true, hyperlinks: true))
        var tooWide: [String] = []
        for example in Self.examples {
            let lines = renderer.renderLines(markdown: example.markdown)
            // Link references keep addresses whole (for copying) and may be wider; none of
            // the spec examples has one that long, so every line must fit.
            let visible = lines.map(ANSI.strip)
            if visible.contains(where: { DisplayWidth.of($0) > 60 }) {
                tooWide.append("\(example.source) #\(example.example)")
            }
        }
        #expect(tooWide.isEmpty, "lines wider than 60 columns in: \(tooWide)")
    }
}

/// The words a reader must find: letters and digits runs of the HTML's text.
enum ContentWords {
    static func of(html: String) -> [String] {
        var text = html
        var alts: [String] = []
        // Image alt text is content the renderer shows; attributes are otherwise not.
        if let altPattern = try? NSRegularExpression(pattern: "alt=\"([^\"]*)\"") {
            let ns = text as NSString
            for match in altPattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                alts.append(ns.substring(with: match.range(at: 1)))
            }
        }
        if let tags = try? NSRegularExpression(pattern: "<[^>]*>") {
            text = tags.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: (text as NSString).length), withTemplate: " ")
        }
        text += " " + alts.joined(separator: " ")
        return words(in: decodeEntities(text))
    }

    static func words(in text: String) -> [String] {
        text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// Expected words that no word of the output holds. A word may sit inside a longer one
    /// (`foo<em>bar</em>` renders `foobar`), but never across two: text run together from
    /// different words of the output does not count.
    static func missing(expected: [String], in output: String) -> [String] {
        let tokens = Set(words(in: output))
        return expected.filter { word in !tokens.contains(word) && !tokens.contains { $0.contains(word) } }
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = text
        for (entity, value) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")] {
            out = out.replacingOccurrences(of: entity, with: value)
        }
        if let numeric = try? NSRegularExpression(pattern: "&#(x?)([0-9a-fA-F]+);") {
            let ns = out as NSString
            var result = ""
            var last = 0
            for match in numeric.matches(in: out, range: NSRange(location: 0, length: ns.length)) {
                result += ns.substring(with: NSRange(location: last, length: match.range.location - last))
                let hex = ns.substring(with: match.range(at: 1)) == "x"
                let digits = ns.substring(with: match.range(at: 2))
                if let value = UInt32(digits, radix: hex ? 16 : 10), let scalar = Unicode.Scalar(value) {
                    result.unicodeScalars.append(scalar)
                }
                last = match.range.location + match.range.length
            }
            result += ns.substring(from: last)
            out = result
        }
        return out.replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// Escape sequences out, for measuring what is visible.
enum ANSI {
    static func strip(_ text: String) -> String {
        var out = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "\u{1B}" else { out.unicodeScalars.append(scalar); continue }
            guard let kind = iterator.next() else { break }
            if kind == "[" {
                while let c = iterator.next(), !(c.value >= 0x40 && c.value <= 0x7E) {}
            } else if kind == "]" {
                // OSC ... ESC \ (or BEL)
                while let c = iterator.next() {
                    if c == "\u{07}" { break }
                    if c == "\u{1B}" { _ = iterator.next(); break }
                }
            }
        }
        return out
    }
}
