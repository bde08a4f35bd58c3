import Testing
@testable import TerminalUI

/// What each highlighter calls each piece of code; the theme then picks the colours.
@Suite struct HighlighterTests {
    func kinds(_ code: String, _ language: String) -> [(String, TokenKind)] {
        SyntaxHighlighting.highlight(code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), language: language)
            .flatMap { $0 }
            .filter { !$0.text.allSatisfy(\.isWhitespace) }
            .map { ($0.text, $0.kind) }
    }

    func kind(of text: String, in tokens: [(String, TokenKind)]) -> TokenKind? {
        tokens.first { $0.0 == text }?.1
    }

    @Test func dockerfileKnowsInstructionsFlagsVariablesStringsAndComments() {
        let tokens = kinds("""
            # build stage
            FROM python:${PY}-slim AS builder
            COPY --from=builder /app /app
            ENV PORT="8080" MODE=$APP_MODE
            RUN pip install --no-cache-dir flask && \\
                useradd -m app
            CMD ["python", "app.py"]
            """, "dockerfile")
        #expect(kind(of: "# build stage", in: tokens) == .comment)
        #expect(kind(of: "FROM", in: tokens) == .instruction)
        #expect(kind(of: "${PY}", in: tokens) == .variable)
        #expect(kind(of: "AS", in: tokens) == .keyword)
        #expect(kind(of: "--from", in: tokens) == .flag)
        #expect(kind(of: "PORT", in: tokens) == .key)
        #expect(kind(of: "\"8080\"", in: tokens) == .string)
        #expect(kind(of: "$APP_MODE", in: tokens) == .variable)
        #expect(kind(of: "--no-cache-dir", in: tokens) == .flag)
        #expect(kind(of: "&&", in: tokens) == .operator)
        #expect(kind(of: "useradd", in: tokens) == .command, "a continuation line is still shell")
        #expect(kind(of: "\"python\"", in: tokens) == .string)
        #expect(kind(of: "CMD", in: tokens) == .instruction)
    }

    @Test func dockerfileHeredocBodyIsNotInstructions() {
        let tokens = kinds("RUN <<EOF\nFROM is just text here\nEOF\nUSER app", "Dockerfile")
        #expect(kind(of: "FROM is just text here", in: tokens) == .string)
        #expect(kind(of: "USER", in: tokens) == .instruction)
    }

    @Test func shellAndConsole() {
        let bash = kinds("for f in *.log; do rm -f \"$f\"; done # tidy", "bash")
        #expect(kind(of: "for", in: bash) == .keyword)
        #expect(kind(of: "rm", in: bash) == .command)
        #expect(kind(of: "-f", in: bash) == .flag)
        #expect(kind(of: "\"$f\"", in: bash) == .string)
        #expect(kind(of: "# tidy", in: bash) == .comment)
        let console = kinds("$ docker ps\nCONTAINER ID   IMAGE", "console")
        #expect(kind(of: "$ ", in: SyntaxHighlighting.highlight(["$ docker ps"], language: "console")[0].map { ($0.text, $0.kind) }) == .prompt)
        #expect(kind(of: "docker", in: console) == .command)
        #expect(kind(of: "CONTAINER ID   IMAGE", in: console) == .output)
    }

    @Test func pythonJSONAndYAML() {
        let python = kinds("def hello():\n    return 'hi'  # greet\n@app.route('/')", "python")
        #expect(kind(of: "def", in: python) == .keyword)
        #expect(kind(of: "'hi'", in: python) == .string)
        #expect(kind(of: "# greet", in: python) == .comment)
        #expect(kind(of: "@app.route", in: python) == .variable)
        let triple = SyntaxHighlighting.highlight(["x = \"\"\"start", "middle", "end\"\"\" + y"], language: "py")
        #expect(triple[1] == [Token(text: "middle", kind: .string)])

        let json = kinds("{\"name\": \"app\", \"port\": 8080, \"ok\": true}", "json")
        #expect(kind(of: "\"name\"", in: json) == .key)
        #expect(kind(of: "\"app\"", in: json) == .string)
        #expect(kind(of: "8080", in: json) == .number)
        #expect(kind(of: "true", in: json) == .literal)

        let yaml = kinds("services:\n  web:\n    image: \"app\" # pinned\n    ports:\n      - 8080", "yaml")
        #expect(kind(of: "services", in: yaml) == .key)
        #expect(kind(of: "image", in: yaml) == .key)
        #expect(kind(of: "\"app\"", in: yaml) == .string)
        #expect(kind(of: "# pinned", in: yaml) == .comment)
        #expect(kind(of: "-", in: yaml) == .operator)
        #expect(kind(of: "8080", in: yaml) == .number)
    }

    @Test func textAndUnknownLanguagesStayPlain() {
        #expect(SyntaxHighlighting.highlight(["FROM x"], language: "text") == [[Token(text: "FROM x", kind: .plain)]])
        #expect(SyntaxHighlighting.highlight(["FROM x"], language: nil) == [[Token(text: "FROM x", kind: .plain)]])
        #expect(SyntaxHighlighting.highlight(["a"], language: "haskell") == [[Token(text: "a", kind: .plain)]])
    }
}
