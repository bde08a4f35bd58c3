import DockerfileSyntax
import Foundation
import Testing

/// BuildKit edge behaviours (directive values that are blank, `# escape=` with a blank or
/// other value, JSON numbers beyond float64, ONBUILD forms, ONBUILD heredocs), in the form of
/// the conformance tests. Each folder under EdgeCases/ holds a Dockerfile we wrote and the
/// official parser's answer for it, generated once with
/// `dump_reference.py DIR/Dockerfile > DIR/reference.json` and `--dump … > DIR/result`
/// (the `dockerfile==3.4.0` package: BuildKit v0.12.5's parser behind a C wrapper).
@Suite struct EdgeCaseConformanceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("EdgeCases")
    static let cases = (try? Fixtures.cases(in: root)) ?? []

    /// Lines of the oracle's `result` that its wrapper cannot get right, and what BuildKit's
    /// `Node.Dump` gives instead. The wrapper keeps only the ONBUILD's own flags and one level
    /// of trigger, so a trigger's flags and a nested trigger are lost; parser.go's
    /// parseSubCommand parses the trigger as a full line (flags, nested ONBUILD included).
    static let dumpCorrections: [String: [String: String]] = [
        "onbuild-forms": [
            #"(onbuild (onbuild ""))"#: #"(onbuild (onbuild (run "echo hi")))"#,
            #"(onbuild ["--flag=x"] (run "echo"))"#: #"(onbuild ["--flag=x"] (run ["--mount=type=cache,target=/c"] "echo"))"#,
            #"(onbuild (add "a" "/b"))"#: #"(onbuild (add ["--chown=1"] "a" "/b"))"#,
            #"(onbuild (healthcheck "CMD" "true"))"#: #"(onbuild (healthcheck ["--interval=5s"] "CMD" "true"))"#,
        ],
        "onbuild-onbuild-heredoc": [
            #"(onbuild (onbuild ""))"#: #"(onbuild (onbuild (run "<<EOF")))"#,
        ],
    ]

    @Test func allEdgeCasesArePresent() {
        #expect(Self.cases.count == 15)
    }

    /// Every field the oracle reports, the error text when it rejects the file, and the dump.
    @Test(arguments: cases)
    func agreesWithOracle(_ dir: URL) throws {
        let name = dir.lastPathComponent
        let result = Fixtures.parse(dir.appendingPathComponent("Dockerfile"))
        let theirs = try #require(try Fixtures.json(dir.appendingPathComponent("reference.json")) as? [String: Any])
        if theirs["ok"] as? Bool == false {
            guard case .failure(let error) = result else {
                Issue.record("\(name): parsed, but BuildKit fails with \(theirs["error"] ?? "")")
                return
            }
            #expect(error.message == theirs["error"] as? String, "\(name)")
            return
        }
        let ours = try #require(try JSONSerialization.jsonObject(with: Data(ReferenceJSON.render(result).utf8)) as? [String: Any])
        // The wrapper drops heredocs of ONBUILD lines (NOTES §10): those are checked below.
        let diffs = ReferenceDiff.differences(ours: ours, theirs: theirs, skippingOnbuildHeredocs: true)
        #expect(diffs.isEmpty, "\(name): \(diffs)")

        let parsed = try result.get()
        let corrections = Self.dumpCorrections[name] ?? [:]
        let expected = try String(contentsOf: dir.appendingPathComponent("result"), encoding: .utf8)
            .split(separator: "\n").map { corrections[String($0)] ?? String($0) }
        #expect(ASTDump.dump(parsed).split(separator: "\n").map(String.init) == expected, "\(name)")
    }

    /// `ONBUILD RUN <<EOF`: BuildKit's canContainHeredoc looks one level into the ONBUILD, so
    /// the body is read up to its terminator and attached to the ONBUILD node; the oracle shows
    /// the lines consumed but not the bodies.
    @Test func onbuildHeredocBodiesAttachToTheOnbuildNode() throws {
        let parsed = try Fixtures.parse(Self.root.appendingPathComponent("onbuild-heredoc/Dockerfile")).get()
        let run = parsed.instructions[1], copy = parsed.instructions[3]
        #expect(run.heredocs == [Heredoc(name: "EOF", content: "echo hi\nRUN not an instruction\n")])
        #expect(copy.heredocs == [
            Heredoc(name: "one", content: "first\n"),
            Heredoc(name: "two", chomp: true, content: "\tsecond\n"),
        ])
        #expect(run.onbuildTrigger?.heredocs == [], "the bodies belong to the ONBUILD node, not its trigger")
        // Only one level: the trigger of an ONBUILD ONBUILD is not searched for heredocs.
        let nested = try Fixtures.parse(Self.root.appendingPathComponent("onbuild-onbuild-heredoc/Dockerfile")).get()
        #expect(nested.instructions.allSatisfy { $0.heredocs.isEmpty })
    }

    /// A blank directive value is still a directive: the block goes on, and its value is the
    /// last blank (the lazy group takes one character, the trailing blanks the rest).
    @Test func blankDirectiveValueKeepsTheBlockOpen() throws {
        let parsed = try Fixtures.parse(Self.root.appendingPathComponent("directive-blank-value/Dockerfile")).get()
        #expect(parsed.directives.escape == "`")
        #expect(parsed.directives.syntax == " ")
        #expect(parsed.directives.lines == [1, 2])
        let tab = try Fixtures.parse(Self.root.appendingPathComponent("directive-blank-value-tab/Dockerfile")).get()
        #expect(tab.directives.syntax == "\t")
        #expect(tab.directives.escape == "`")
    }
}
