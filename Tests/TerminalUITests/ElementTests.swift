import Testing
@testable import TerminalUI

/// Behaviour of single elements, checked on the plain rendering.
@Suite struct ElementTests {
    let plain = MarkdownRenderer(options: .plain(width: 40))

    @Test func frontMatterIsNotPrintedAndTitleBecomesHeading() {
        let out = plain.render(markdown: "---\nid: 01-images\ntitle: Docker images\n---\nSome text.\n")
        #expect(!out.contains("id: 01-images"))
        #expect(!out.contains("---"))
        #expect(out.hasPrefix("Docker images\n═════════════\n"))
        #expect(out.contains("Some text."))
    }

    @Test func paragraphsWrapAtTheWidth() {
        let text = String(repeating: "word ", count: 30)
        let lines = plain.renderLines(markdown: text)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 40 })
        #expect(lines.joined(separator: " ").split(separator: " ").count == 30)
    }

    @Test func wideCharactersCountTwoColumns() {
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("🐳") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        let lines = plain.renderLines(markdown: String(repeating: "日本語 ", count: 20))
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 40 })
    }

    @Test func tableCellsWrapInsteadOfBeingCut() {
        let source = "| a | b |\n|---|--:|\n| one two three four five six seven | 12 |\n"
        let lines = plain.renderLines(markdown: source)
        #expect(lines.first?.hasPrefix("┌") == true)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 40 })
        let joined = lines.joined(separator: " ")
        for word in ["one", "two", "three", "four", "five", "six", "seven", "12"] {
            #expect(joined.contains(word))
        }
    }
}
