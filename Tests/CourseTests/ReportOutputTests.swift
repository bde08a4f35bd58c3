@testable import Course
import Foundation
import ProgressStore
import Testing

/// The three outputs of one report: terminal text, JSON, Exercism's results.json.
@Suite struct ReportOutputTests {
    let report = GradeReport(
        checks: [
            .init(id: "parse", title: "It parses", status: .pass, detail: "3 instructions", kind: "parse", points: 5, pointsPossible: 5),
            .init(id: "lint", title: "Lint is clean", status: .fail, detail: "line 3: DL3025 warning: use JSON", hint: "`dockerlings explain DL3025`",
                  kind: "lint", line: 3, points: 0, pointsPossible: 10),
            .init(id: "user", title: "Not root", status: .skip, detail: "not run: no engine", kind: "user", points: 0, pointsPossible: 5),
        ],
        metrics: .init(imageBytes: 217_000_000, baselineBytes: 610_000_000, layers: 5, buildSeconds: 3),
        points: 5, pointsPossible: 20)

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func jsonCarriesTheFieldsScriptsReadAndAStoredReportStaysReadable() throws {
        let json = try object(ReportJSON.render(exercise: "multistage-flask", report: report))
        #expect(json["exercise"] as? String == "multistage-flask")
        #expect(json["passed"] as? Bool == false)
        #expect(json["score"] as? Double == 25)
        #expect(json["points"] as? Double == 5)
        #expect(json["pointsPossible"] as? Double == 20)
        let metrics = try #require(json["metrics"] as? [String: Any])
        #expect(metrics["imageBytes"] as? Int == 217_000_000)
        #expect(metrics["baselineBytes"] as? Int == 610_000_000)
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(checks.map { $0["id"] as? String } == ["parse", "lint", "user"])
        #expect(checks[1]["kind"] as? String == "lint")
        #expect(checks[1]["line"] as? Int == 3)
        #expect(checks[1]["status"] as? String == "fail")
        #expect(checks[1]["hint"] as? String == "`dockerlings explain DL3025`")
        // A report stored before kind/line/points existed decodes, with them missing.
        let old = #"{"checks":[{"id":"build","title":"It builds","status":"pass"}],"metrics":{},"points":1,"pointsPossible":1}"#
        let decoded = try JSONDecoder().decode(GradeReport.self, from: Data(old.utf8))
        #expect(decoded.checks[0].kind == nil)
        #expect(decoded.passed)
    }

    @Test func exercismResultsFollowVersion3() throws {
        let json = try object(ExercismResults.render(report: report))
        #expect(json["version"] as? Int == 3)
        #expect(json["status"] as? String == "fail")
        #expect(json["message"] == nil)
        let tests = try #require(json["tests"] as? [[String: Any]])
        #expect(tests.map { $0["status"] as? String } == ["pass", "fail", "error"])
        #expect(tests[0]["name"] as? String == "It parses")
        #expect((tests[1]["message"] as? String)?.contains("DL3025") == true)
        #expect((tests[1]["message"] as? String)?.contains("Hint:") == true)
        #expect(tests[0]["message"] == nil)
    }

    @Test func exercismSaysErrorWhenTheDockerfileDoesNotParse() throws {
        var broken = report
        broken.checks[0].status = .fail
        broken.checks[0].detail = "line 2, column 5: unterminated JSON"
        let json = try object(ExercismResults.render(report: broken))
        #expect(json["status"] as? String == "error")
        #expect((json["message"] as? String)?.contains("line 2, column 5") == true)
    }

    @Test func textShowsEachCheckItsHintAndTheVerdict() {
        let text = ReportText(colour: false).report(exercise: "multistage-flask", report: report)
        #expect(text.contains("✓ It parses"))
        #expect(text.contains("✗ Lint is clean"))
        #expect(text.contains("hint: `dockerlings explain DL3025`"))
        #expect(text.contains("– Not root"))
        #expect(text.contains("not passed — 5/20 points (25%)"))
        #expect(text.contains("image 217.0 MB, baseline 610.0 MB (36% of it)"))
        #expect(!text.contains("\u{1B}["))
        #expect(ReportText(colour: true).report(exercise: "x", report: report).contains("\u{1B}[31m✗"))
    }

    @Test func aReportPassesOnlyWhenEveryCheckPassed() {
        var all = report
        for index in all.checks.indices { all.checks[index].status = .pass }
        #expect(all.passed)
        all.checks[2].status = .skip
        #expect(!all.passed)
    }
}

/// The course's screens wrapped to the terminal: at the end of a phrase when that keeps the
/// line half full, never inside `code`, continuing under a leading label; colour takes no room.
@Suite struct LineWrapTests {
    @Test func wrapsAtAPhraseUnderItsLabelAndKeepsCodeWhole() {
        let line = "      hint: run `dockerlings lint --fix ~/dockerlings/first-dockerfile/Dockerfile` to apply 2 safe fixes; `dockerlings explain DL3025` says why"
        let lines = ReportText(colour: false, width: 60).fitted(line).split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 60 || $0.contains("`dockerlings lint --fix") }, "\(lines)")
        #expect(lines.contains { $0.contains("`dockerlings lint --fix ~/dockerlings/first-dockerfile/Dockerfile`") }, "the command stays on one line: \(lines)")
        #expect(lines.contains { $0.contains("`dockerlings explain DL3025`") }, "\(lines)")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 12)) }, "under the text after `hint:`: \(lines)")
    }

    @Test func coloursTakeNoColumnsAndShortLinesStay() {
        let text = ReportText(colour: true, width: 40)
        let coloured = "  \u{1B}[31m✗\u{1B}[0m The Dockerfile parses  \u{1B}[2m0/10\u{1B}[0m"
        #expect(text.fitted(coloured) == coloured)
        let long = "edit ~/dockerlings/first-dockerfile/Dockerfile, then dockerlings check first-dockerfile"
        #expect(ReportText(colour: true, width: 50).fitted(long) == "edit ~/dockerlings/first-dockerfile/Dockerfile,\nthen dockerlings check first-dockerfile")
    }
}
