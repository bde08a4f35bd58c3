import Foundation
import Testing
@testable import TerminalUI

/// Every element, rendered at 40, 80 and 120 columns in colour and in plain text, and
/// compared with the reviewed output in Golden/. After an intended change, regenerate
/// with `DOCKERLINGS_UPDATE_GOLDEN=1 swift test --filter GoldenTests` and review the
/// diff by eye (`cat Tests/TerminalUITests/Golden/*.color.txt` shows the colours).
@Suite struct GoldenTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = here.appendingPathComponent("Fixtures")
    static let golden = here.appendingPathComponent("Golden")
    static let updating = ProcessInfo.processInfo.environment["DOCKERLINGS_UPDATE_GOLDEN"] == "1"

    static let fixtureNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return names.filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }.sorted()
    }()

    struct Variant: CustomStringConvertible, Sendable {
        var width: Int
        var colors: Bool
        var description: String { "\(width).\(colors ? "color" : "plain")" }
        // Colour goldens show a hyperlink-capable terminal; plain ones, numbered references.
        var options: RenderOptions { RenderOptions(width: width, colors: colors, hyperlinks: colors) }
    }

    static let variants = [40, 80, 120].flatMap { [Variant(width: $0, colors: false), Variant(width: $0, colors: true)] }

    @Test func everyElementHasAFixture() {
        let expected = ["headings", "paragraphs", "inline", "links", "blockquotes", "lists",
                        "breaks-html-images", "code-dockerfile", "code-shell", "code-python",
                        "code-data", "tables"]
        #expect(Set(Self.fixtureNames).isSuperset(of: expected))
    }

    @Test(arguments: fixtureNames)
    func matchesGolden(_ name: String) throws {
        let source = try String(contentsOf: Self.fixtures.appendingPathComponent("\(name).md"), encoding: .utf8)
        for variant in Self.variants {
            let rendered = MarkdownRenderer(options: variant.options).render(markdown: source)
            let file = Self.golden.appendingPathComponent("\(name).\(variant).txt")
            if Self.updating {
                try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
                try rendered.write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try? String(contentsOf: file, encoding: .utf8)
            #expect(expected != nil, "missing \(file.lastPathComponent): run with DOCKERLINGS_UPDATE_GOLDEN=1 and review it")
            if let expected, expected != rendered {
                let diff = firstDifference(expected, rendered)
                Issue.record("\(name) at \(variant) differs from \(file.lastPathComponent) at line \(diff.line):\n  golden: \(diff.golden)\n  actual: \(diff.actual)")
            }
            // Layout promise behind every golden: nothing wider than the width, except
            // reference addresses, which stay whole so they can be copied.
            for line in rendered.split(separator: "\n") where !line.hasPrefix("[") {
                #expect(DisplayWidth.of(ANSI.strip(String(line))) <= variant.width, "\(name) at \(variant): \(line)")
            }
        }
    }

    private func firstDifference(_ a: String, _ b: String) -> (line: Int, golden: String, actual: String) {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? String(left[index]) : "<end>"
            let r = index < right.count ? String(right[index]) : "<end>"
            if l != r { return (index + 1, l.debugDescription, r.debugDescription) }
        }
        return (0, "", "")
    }
}
