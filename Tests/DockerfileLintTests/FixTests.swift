import DockerfileLint
import DockerfileSyntax
import Testing

/// Spans point at the words, suggestions rewrite the learner's own line, `--fix` applies the
/// safe ones and keeps every other byte.
@Suite struct FixTests {
    func lint(_ text: String, enable: Set<String> = []) -> [Finding] {
        var c = LintConfiguration()
        c.enabled = enable
        return Linter(configuration: c).lint(Array(text.utf8), file: "Dockerfile").findings
    }

    func fixed(_ text: String, unsafe: Bool = false) -> String {
        String(decoding: Linter().fix(Array(text.utf8), file: "Dockerfile", unsafe: unsafe).bytes, as: UTF8.self)
    }

    /// The text a finding's location covers.
    func spanned(_ f: Finding, in text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let r = f.location
        guard r.start.line == r.end.line else { return "<multi-line>" }
        let line = lines[r.start.line - 1]
        return String(String.UnicodeScalarView(line[(r.start.column - 1)..<min(line.count, r.end.column - 1)]))
    }

    @Test func spansNameTheWords() throws {
        let text = "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y nginx curl=7.88\n"
        let findings = lint(text)
        let pin = try #require(findings.first { $0.code == "DL3008" })
        #expect(pin.line == 2, "hadolint's line stays the instruction's first")
        #expect(pin.location.start.line == 3 && spanned(pin, in: text) == "nginx")
        #expect(pin.suggestion?.applicability == .advice)
        #expect(pin.suggestion?.message.contains("apt-cache policy nginx") == true)
        let recommends = try #require(findings.first { $0.code == "DL3015" })
        #expect(spanned(recommends, in: text) == "install")
        #expect(recommends.suggestion?.applicability == .safe)
    }

    @Test func safeFixesKeepEveryOtherByte() {
        let text = "# escape=\\\r\nFROM debian:12\r\n# keep me\r\nRUN apt-get update && \\\r\n    apt-get install -y nginx=1.22 # trailing\r\n"
        // The comment at the end keeps DL3009's fix off; DL3015 is a plain insertion.
        #expect(fixed(text) == "# escape=\\\r\nFROM debian:12\r\n# keep me\r\nRUN apt-get update && \\\r\n    apt-get install --no-install-recommends -y nginx=1.22 # trailing\r\n")
        let plain = "FROM debian:12\nRUN apt-get update && apt-get install -y nginx=1.22\nADD app.py /app/\nRUN pip install flask==3\n"
        #expect(fixed(plain) == "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y nginx=1.22 && rm -rf /var/lib/apt/lists/*\nCOPY app.py /app/\nRUN pip install --no-cache-dir flask==3\n")
    }

    @Test func escapeCharacterAndHeredocsSurvive() {
        let text = "# escape=`\nFROM debian:12\nRUN apt-get install -y `\n    nginx=1 \nRUN <<EOF\npip install flask==3\nEOF\n"
        #expect(fixed(text) == "# escape=`\nFROM debian:12\nRUN apt-get install --no-install-recommends -y `\n    nginx=1 \nRUN <<EOF\npip install --no-cache-dir flask==3\nEOF\n")
    }

    @Test func fixingTwiceChangesNothing() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y nginx=1.22\nCMD python app.py\n"
        let once = fixed(text)
        #expect(once != text)
        #expect(fixed(once) == once)
    }
}
