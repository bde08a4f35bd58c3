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

    @Test func spansInsideHeredocsAndCommandSubstitutions() throws {
        let text = "FROM debian:12\nRUN <<EOF\nset -e\n  apt-get install -y nginx=1\nEOF\n\nRUN echo $(apt-get install -y curl=2)\n"
        let findings = lint(text).filter { $0.code == "DL3015" }
        #expect(findings.count == 2)
        #expect(findings.map(\.location.start) == [SourcePosition(line: 4, column: 11), SourcePosition(line: 7, column: 20)])
        #expect(findings.allSatisfy { spanned($0, in: text) == "install" })
    }

    @Test func execFormOnlyWhereItMeansTheSame() throws {
        func suggestion(_ line: String) throws -> Suggestion {
            try #require(lint("FROM debian:12\n\(line)\n").first { $0.code == "DL3025" }?.suggestion)
        }
        #expect(try suggestion("CMD python app.py").applicability == .safe)
        // Needs a shell: the rewrite keeps one and is not applied by --fix alone.
        let piped = try suggestion("CMD python app.py | tee log")
        #expect(piped.applicability == .unsafe && piped.message.contains("needs a shell"))
        #expect(piped.edits.first?.replacement == "[\"sh\", \"-c\", \"python app.py | tee log\"]")
        #expect(fixed("FROM debian:12\nCMD python $APP\n") == "FROM debian:12\nCMD python $APP\n")
        // An ENTRYPOINT in exec form would take the stage's CMD as arguments: unsafe.
        let entry = try #require(lint("FROM debian:12\nENTRYPOINT nginx -g daemon-off\nCMD [\"x\"]\n").first { $0.code == "DL3025" }?.suggestion)
        #expect(entry.applicability == .unsafe)
    }

    @Test func legacyKeyValueBecomesKeyEqualsValueOnlyWhereItMeansTheSame() {
        // One word: `=` in place of the blanks; spaces: quoted (the legacy form keeps them).
        #expect(fixed("FROM alpine:3.20\nENV PATH   /app/bin:$PATH\nLABEL maintainer me@x.org\n")
                == "FROM alpine:3.20\nENV PATH=/app/bin:$PATH\nLABEL maintainer=me@x.org\n")
        #expect(fixed("FROM alpine:3.20\nENV GREETING hello  big $WHO\r\n") == "FROM alpine:3.20\nENV GREETING=\"hello  big $WHO\"\r\n")
        #expect(fixed("FROM alpine:3.20\nENV JAVA_OPTS \"-Xmx1g -Dx=y\"\n") == "FROM alpine:3.20\nENV JAVA_OPTS=\"-Xmx1g -Dx=y\"\n")
        // Quotes and blanks mixed, or a value on the next line: advice, the file untouched.
        for text in ["FROM alpine:3.20\nENV X a \"b c\"\n", "FROM alpine:3.20\nENV X \\\n  a b\n", "FROM alpine:3.20\nENV X it's here\n"] {
            let f = lint(text).first { $0.code == "LegacyKeyValueFormat" }
            #expect(f?.suggestion?.applicability == .advice, "\(text)")
            #expect(fixed(text) == text)
        }
    }

    @Test func versionsAreNeverInventedOnlyLookedUp() throws {
        let findings = lint("FROM python:3.12\nRUN pip install --no-cache-dir requests && npm install left-pad\n")
        let pip = try #require(findings.first { $0.code == "DL3013" }?.suggestion)
        #expect(pip.applicability == .advice && pip.edits.isEmpty && pip.message.contains("pip index versions requests"))
        let npm = try #require(findings.first { $0.code == "DL3016" }?.suggestion)
        #expect(npm.applicability == .advice && npm.message.contains("npm view left-pad versions"))
    }

    /// `CMD ["sh" "-c"]` (a comma missing) is run by Docker as a shell command: the advice is
    /// to correct the JSON, not to wrap the broken array in `sh -c`.
    @Test func aBrokenJSONArrayIsToldToBeCorrected() {
        for text in ["FROM busybox:1.36\nCMD [\"sh\" \"-c\"]\n", "FROM busybox:1.36\nENTRYPOINT ['python', 'app.py']\n"] {
            let findings = Linter().lint(Array(text.utf8), file: "Dockerfile").findings
            let dl3025 = findings.first { $0.code == "DL3025" }?.suggestion
            #expect(dl3025?.applicability == .advice && dl3025?.message.contains("not valid JSON") == true, "\(text): \(String(describing: dl3025))")
            #expect(!findings.contains { $0.suggestion?.edits.isEmpty == false }, "no rewrite of the broken array: \(text)")
        }
    }

    /// DL3066 points at the user's name; for root, whose UID is known, it says so instead of
    /// telling the learner to create a user named root.
    @Test func aNumericUserForRootIsZero() {
        let findings = Linter().lint(Array("FROM busybox:1.36\nUSER root\n".utf8), file: "Dockerfile").findings
        let dl3066 = findings.first { $0.code == "DL3066" }
        #expect(dl3066?.location.start.column == 6 && dl3066?.location.end.column == 10)
        #expect(dl3066?.suggestion?.message.contains("`root` is UID 0") == true && dl3066?.suggestion?.message.contains("useradd -u 10001 root") == false)
    }

    @Test func unsafeFixesOnlyWhenAsked() {
        let text = "FROM debian:12\r\nCOPY a b /app\r\nRUN curl -fsSL https://x | tar xz\r\nRUN apt install -y vim=2\r\n"
        // DL3021's slash is safe; DL4006's SHELL line is unsafe (bash, and every later RUN).
        #expect(fixed(text) == "FROM debian:12\r\nCOPY a b /app/\r\nRUN curl -fsSL https://x | tar xz\r\nRUN apt install -y vim=2\r\n")
        let unsafe = fixed(text, unsafe: true)
        #expect(unsafe.contains("\r\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\r\nRUN curl"))
        // apt → apt-get is safe, but here it would uncover DL3015 on apt-get: withheld.
        #expect(unsafe.contains("RUN apt install -y vim=2"))
    }

    /// A file with nothing to fix is linted once, one fixed in one pass twice, and a fix that
    /// does harm beside a good one costs only the checks that tell them apart; the outcome's
    /// result is the lint of the fixed file, so the report need not lint it again.
    @Test func eachFileIsLintedOnlyAsOftenAsItMust() {
        let linter = Linter()
        for (text, unsafe, lints) in [
            ("FROM debian:12\nRUN pip install --no-cache-dir flask==3\n", false, 1),
            ("FROM debian:12\nRUN pip install flask==3\n", false, 2),
            // Both together fail (apt → apt-get uncovers DL3015); each alone once; the good one's check is its result.
            ("FROM debian:12\nCOPY a b /app\nRUN apt install -y vim=2\n", true, 4),
        ] {
            let outcome = linter.fix(Array(text.utf8), file: "Dockerfile", unsafe: unsafe)
            #expect(outcome.lints == lints, "\(text)")
            // The same findings; a withheld rewrite is left as advice (see below).
            let again = linter.lint(outcome.bytes, file: "Dockerfile").findings
            #expect(outcome.result.findings.map(\.code) == again.map(\.code) && outcome.result.findings.map(\.location) == again.map(\.location), "\(text)")
        }
    }

    /// A rewrite the fixer withheld (applied, it changed other findings: here DL3059 went too)
    /// is not offered again as a fix in the report of what is left, which would promise what
    /// `--fix --unsafe` then does not do: it stays as advice, with the line it would write.
    @Test func aWithheldFixIsNoLongerOfferedAsOne() {
        let text = "FROM ubuntu:22.04\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl=7\n"
        let outcome = Linter().fix(Array(text.utf8), file: "Dockerfile", unsafe: true)
        #expect(outcome.withheld.map(\.code) == ["DL3009"])
        let left = outcome.result.findings.first { $0.code == "DL3009" }
        #expect(left?.suggestion?.applicability == .advice && left?.suggestion?.edits.isEmpty == false)
        let report = LintReportFormat.tty.render([outcome.result], color: false)
        #expect(!report.contains("--fix --unsafe"), "\(report)")
        #expect(report.contains("= help: end the RUN with `&& rm -rf /var/lib/apt/lists/*`\n"), "\(report)")
    }

    /// `lint --fix`'s session reports on the fixed files with ShellCheck's findings merged,
    /// exactly as linting them afresh would.
    @Test func theSessionsFixReportIsAFreshLintOfTheFixedFiles() throws {
        let path = try #require(LintSession.findShellcheck(), "shellcheck is not on PATH: run scripts/install-deps.sh test")
        let files: [(name: String, bytes: [UInt8])] = [
            (name: "a/Dockerfile", bytes: Array("FROM debian:12\nRUN apt-get update && apt-get install -y nginx=1 && echo $1\n".utf8)),
            (name: "b/Dockerfile", bytes: Array("FROM debian:12\nRUN echo `pwd`\n".utf8)),
        ]
        let session = LintSession(configuration: LintConfiguration(), shellcheckPath: path)
        let outcomes = try session.fix(files, unsafe: false)
        #expect(outcomes.map(\.changed) == [true, false])
        let afresh = try session.run(outcomes.enumerated().map { (name: files[$0.offset].name, bytes: $0.element.bytes) })
        #expect(outcomes.map(\.result.findings) == afresh.map(\.findings))
        #expect(outcomes[0].result.findings.contains { $0.code == "SC2086" } && outcomes[1].result.findings.contains { $0.code == "SC2006" })
        #expect(outcomes.allSatisfy { $0.result.context == nil })
    }
}
