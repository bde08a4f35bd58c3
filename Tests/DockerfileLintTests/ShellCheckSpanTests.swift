@testable import DockerfileLint
import DockerfileSyntax
import Foundation
import Testing

/// ShellCheck's findings point at the words it means, in the Dockerfile as written, on the
/// real `shellcheck`: its line and column in the script it was given are mapped back
/// through joined continuations, heredoc bodies, tabs and non-ASCII text; where the text
/// cannot be placed the finding keeps the RUN (column 1), as hadolint reports it.
@Suite struct ShellCheckSpanTests {
    /// Each file's one ShellCheck finding and the text its location covers.
    func shellcheckSpans(_ texts: [String], cache: ShellCheckCache? = nil, shellcheck: String? = nil) throws -> [(code: String, line: Int, text: String, span: SourceRange?)] {
        let path = try shellcheck ?? #require(LintSession.findShellcheck(), "shellcheck is not on PATH: run scripts/install-deps.sh test")
        let files = texts.enumerated().map { (name: "f\($0.offset)/Dockerfile", bytes: Array($0.element.utf8)) }
        let results = try LintSession(configuration: LintConfiguration(), shellcheckPath: path, shellcheckCache: cache).run(files)
        return try zip(texts, results).map { text, result in
            let f = try #require(result.findings.first { $0.code.hasPrefix("SC") }, "no ShellCheck finding for \(text)")
            return (f.code, f.line, Self.covered(f.location, in: text), f.span)
        }
    }

    /// The text of `r` in `text` (lines joined with "\n" when it spans several).
    static func covered(_ r: SourceRange, in text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        var out = String.UnicodeScalarView()
        for l in r.start.line...r.end.line {
            let line = lines[l - 1]
            let from = l == r.start.line ? r.start.column - 1 : 0
            let to = l == r.end.line ? min(line.count, r.end.column - 1) : line.count
            if l > r.start.line { out.append("\n") }
            if from < to { out.append(contentsOf: line[from..<to]) }
        }
        return String(out)
    }

    static let cases: [(dockerfile: String, code: String, line: Int, words: String, start: SourcePosition)] = [
        // One line.
        ("FROM debian:12\nRUN echo $1 | grep x\n", "SC2086", 2, "$1", SourcePosition(line: 2, column: 10)),
        // Continuations: the words on the third physical line, after the joined ones.
        ("FROM debian:12\nRUN cd /tmp && \\\n    mkdir -p x && \\\n    ls `pwd`\n", "SC2006", 2, "`pwd`", SourcePosition(line: 4, column: 8)),
        // A word that ends its continued line ends there, not at the next line's start.
        ("FROM debian:12\nRUN ls `pwd`\\\n && true\n", "SC2006", 2, "`pwd`", SourcePosition(line: 2, column: 8)),
        // A heredoc body: the script's lines are the file's.
        ("FROM debian:12\nRUN <<EOF\nset -e\n\tcd /tmp && ls `pwd`\nEOF\n", "SC2006", 2, "`pwd`", SourcePosition(line: 4, column: 16)),
        // A tab and non-ASCII text before the words: columns count characters.
        ("FROM debian:12\nRUN\techo \"héllo wörld\" $1\n", "SC2086", 2, "$1", SourcePosition(line: 2, column: 24)),
        // An ONBUILD trigger: after both keywords.
        ("FROM debian:12\nONBUILD RUN echo $1\n", "SC2086", 2, "$1", SourcePosition(line: 2, column: 18)),
        // The escape directive's backtick continues the line.
        ("# escape=`\nFROM debian:12\nRUN cd /tmp && `\n    echo $1\n", "SC2086", 3, "$1", SourcePosition(line: 4, column: 10)),
    ]

    @Test func findingsPointAtShellChecksWords() throws {
        let found = try shellcheckSpans(Self.cases.map(\.dockerfile))
        for (c, f) in zip(Self.cases, found) {
            #expect(f.code == c.code && f.line == c.line, "\(c.dockerfile)")
            #expect(f.text == c.words, "\(c.dockerfile)")
            #expect(f.span?.start == c.start, "\(c.dockerfile)")
        }
    }

    /// Two heredocs run by one RUN are joined into one script, which is not as written:
    /// the finding stays on the RUN.
    @Test func textThatCannotBePlacedKeepsTheRun() throws {
        let text = "FROM debian:12\nRUN <<A <<B\necho $1\nA\necho $2\nB\n"
        let found = try shellcheckSpans([text])
        #expect(found[0].code.hasPrefix("SC") && found[0].line == 2 && found[0].span == nil)
    }

    /// The cache keeps the positions: findings read from it point at the same words.
    @Test func cachedFindingsKeepTheirWords() throws {
        let sc = try ShellCheckCacheTests.CountingShellcheck()
        defer { try? FileManager.default.removeItem(at: sc.folder) }
        let cache = ShellCheckCache(directory: sc.folder.appendingPathComponent("cache"))
        let texts = Self.cases.map(\.dockerfile)
        let fresh = try shellcheckSpans(texts, cache: cache, shellcheck: sc.executable)
        let starts = sc.checks().count
        let cached = try shellcheckSpans(texts, cache: cache, shellcheck: sc.executable)
        #expect(sc.checks().count == starts, "the second run should have read every script's findings from the cache")
        #expect(cached.map(\.span) == fresh.map(\.span) && cached.allSatisfy { $0.span != nil })
    }
}
