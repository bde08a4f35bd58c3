import DockerfileLint
import Foundation
import Testing
import TestSupport

@Suite struct LintReportFormatTests {
    static let results = [Linter().lint(Array("FROM debian\nRUN cd /x && apt-get install -y curl\n".utf8), file: "app/Dockerfile")]

    @Test func jsonHasHadolintsShape() throws {
        let data = Data(LintReportFormat.json.render(Self.results).utf8)
        let items = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(!items.isEmpty)
        for item in items {
            #expect(Set(item.keys) == ["code", "column", "file", "level", "line", "message"])
            #expect(item["file"] as? String == "app/Dockerfile")
        }
        #expect(items.contains { $0["code"] as? String == "DL3006" && $0["line"] as? Int == 1 && $0["level"] as? String == "warning" })
    }

    @Test func sarifIsVersion210WithRuleMetadata() throws {
        let data = Data(LintReportFormat.sarif.render(Self.results).utf8)
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(doc["version"] as? String == "2.1.0")
        let run = try #require((doc["runs"] as? [[String: Any]])?.first)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.contains { $0["id"] as? String == "DL3003" && $0["help"] != nil })
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == Self.results[0].findings.count)
        for r in results {
            let index = try #require(r["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == r["ruleId"] as? String)
        }
    }

    @Test func checkstyleCodeclimateGithub() throws {
        let xml = LintReportFormat.checkstyle.render(Self.results)
        #expect(xml.contains("<file name=\"app/Dockerfile\">") && xml.contains("source=\"DL3003\""))
        let cc = try #require(try JSONSerialization.jsonObject(with: Data(LintReportFormat.gitlabCodeclimate.render(Self.results).utf8)) as? [[String: Any]])
        #expect(cc.allSatisfy { ($0["fingerprint"] as? String)?.count == 16 && $0["location"] != nil })
        let gh = LintReportFormat.github.render(Self.results)
        // The span of `cd /x`: columns 5 to 10 (exclusive).
        #expect(gh.contains("::warning file=app/Dockerfile,line=2,col=5,endLine=2,endColumn=10,title=DL3003::"))
        #expect(xml.contains("<error line=\"2\" column=\"5\" severity=\"warning\" message=\"Use WORKDIR"))
        let lines = try #require(cc.first { $0["check_name"] as? String == "DL3015" }?["location"] as? [String: Any])["lines"] as? [String: Int]
        #expect(lines == ["begin": 2, "end": 2])
        // A Code Climate engine's output: the same issues, no fingerprint, each ended by a NUL.
        let engine = LintReportFormat.codeclimate.render(Self.results)
        #expect(engine.hasSuffix("\u{0}") && engine.split(separator: "\u{0}").count == cc.count && !engine.contains("fingerprint"))
    }

    /// --file-path-in-report renames the file in the five formats hadolint applies it to
    /// (checkstyle, codeclimate, gitlab_codeclimate, sonarqube, junit); the others keep it.
    @Test(arguments: LintReportFormat.allCases)
    func filePathInReportOnlyWhereHadolintAppliesIt(format: LintReportFormat) {
        let text = format.render(Self.results, options: LintReportOptions(filePathInReport: "ci/Dockerfile"))
        let renamed: Set<LintReportFormat> = [.checkstyle, .codeclimate, .gitlabCodeclimate, .sonarqube, .junit]
        #expect(text.contains("ci/Dockerfile") == renamed.contains(format))
        #expect(text.contains("app/Dockerfile") == !renamed.contains(format))
    }

    /// A file name may hold anything a file system allows, control characters included.
    @Test func checkstyleIsWellFormedXMLWhateverTheFileIsCalled() throws {
        let name = "we\u{1}ird<&>\"'\n\tname\u{1B}\u{FFFF}.Dockerfile"
        let results = [Linter().lint(Array("FROM debian\nRUN cd /x && apt-get install -y curl\n".utf8), file: name)]
        let elements = try XMLReader.elements(of: LintReportFormat.checkstyle.render(results))
        #expect(elements.first { $0.name == "file" }?.attributes["name"] == "we\u{FFFD}ird<&>\"'\n\tname\u{FFFD}\u{FFFD}.Dockerfile")
        let errors = elements.filter { $0.name == "error" }
        #expect(!errors.isEmpty && errors.count == results[0].findings.count)
        #expect(errors.map { $0.attributes["message"] } == results[0].findings.map(\.message))
    }

    @Test func jsonAndSarifCarryTheRealColumn() throws {
        let items = try #require(try JSONSerialization.jsonObject(with: Data(LintReportFormat.json.render(Self.results).utf8)) as? [[String: Any]])
        #expect(items.contains { $0["code"] as? String == "DL3003" && $0["line"] as? Int == 2 && $0["column"] as? Int == 5 })
        let sarif = LintReportFormat.sarif.render(Self.results)
        #expect(sarif.contains("\"startLine\":2,\"startColumn\":22,\"endLine\":2,\"endColumn\":29"))
    }

    @Test func terminalUnderlinesTheWordsAndShowsTheRewrite() {
        let text = LintReportFormat.tty.render(Self.results)
        #expect(text.contains("app/Dockerfile:2:5 DL3003 warning:"))
        #expect(text.contains(" 2 | RUN cd /x && apt-get install -y curl\n   |     ^^^^^\n"))
        // DL3015's suggestion is the learner's line with the flag added, marked safe.
        #expect(text.contains("= help: add `--no-install-recommends` (safe fix)\n 2 | RUN cd /x && apt-get install --no-install-recommends -y curl\n"))
        // DL3003 is a judgement: advice about the learner's own `cd`, no rewrite, and never
        // the rule's example fix.
        #expect(text.contains("= help: `cd /x` lasts only until this RUN ends; if the instructions after it should run in /x too, put `WORKDIR /x` before this RUN and drop the `cd`"))
        #expect(!text.contains("= fix: ") && !text.contains("cd /app && make"))
        #expect(text.contains("run `dockerlings lint --fix app/Dockerfile` to apply"))
    }
}
