import Foundation
import Testing
import TestSupport

/// Each report format hadolint has and we added, run by both programs on the same corpus files
/// (hadolint 2.15.1 on PATH, which `make test` installs): the same findings with the same fields
/// and values, the same exit status, the same empty report, the same files renamed by
/// --file-path-in-report. Only DL findings are compared (our BuildKit checks are extra; ShellCheck
/// is off here and has its own agreement test). Values that differ by design are not compared:
/// the message (ours are our own words), columns and the end of a span (ours are the finding's
/// words, hadolint's the line), the tool's name, GitLab's fingerprint.
@Suite struct HadolintFormatAgreementTests {
    static let files = ["8e8de87b0af114e7.Dockerfile", "ccd24e513af6da11.Dockerfile", "a85227d9a3991706.Dockerfile",
                        "6203d4dfa7c4f59d.Dockerfile"]  // the last has no finding
    static let clean = "6203d4dfa7c4f59d.Dockerfile"
    /// Markup and quotes in the reported path test each format's escaping.
    static let reportedPath = "ci/a <b> & \"c\" 'd'.Dockerfile"
    static let unequalValues: Set<String> = [
        "message", "description", "primaryLocation.message", "failure.message", "engineId", "fingerprint", "testcase.time",
        "primaryLocation.textRange.startColumn", "primaryLocation.textRange.endColumn",
        "primaryLocation.textRange.endLine", "location.lines.end", "program",
    ]

    static func hadolint() throws -> URL {
        let env = ProcessInfo.processInfo.environment
        let path = env["HADOLINT"] ?? (env["PATH"] ?? "").split(separator: ":").map { "\($0)/hadolint" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        return URL(fileURLWithPath: try #require(path, "hadolint is not on PATH: run scripts/install-deps.sh test"))
    }

    /// Each finding's fields, flattened to `a.b.c` paths, as one program wrote them.
    static func findings(_ format: String, _ output: Data) throws -> [[String: String]] {
        let text = String(decoding: output, as: UTF8.self)
        switch format {
        case "gnu":
            let pattern = /^(\w+):(.+):(\d+): (\S+) (\w+): (.*)$/
            return try text.split(separator: "\n").map { line in
                let m = try #require(try pattern.wholeMatch(in: String(line)), "not a GNU line: \(line)")
                return ["program": String(m.1), "file": String(m.2), "line": String(m.3), "code": String(m.4),
                        "level": String(m.5), "message": String(m.6)]
            }
        case "codacy":
            // hadolint runs the documents together on one line; ours are a line each.
            let documents = text.replacingOccurrences(of: "}{", with: "}\n{").split(separator: "\n")
            return try documents.map { try flatten(JSONSerialization.jsonObject(with: Data($0.utf8))) }
        case "codeclimate":
            #expect(text.isEmpty || text.hasSuffix("\u{0}"), "each issue ends with NUL")
            return try text.split(separator: "\u{0}").map { try flatten(JSONSerialization.jsonObject(with: Data($0.utf8))) }
        case "gitlab_codeclimate":
            let items = try #require(try JSONSerialization.jsonObject(with: output) as? [Any])
            return items.map { flatten($0) }
        case "sonarqube":
            let doc = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
            #expect(Set(doc.keys) == ["issues"])
            return try #require(doc["issues"] as? [Any]).map { flatten($0) }
        case "junit":
            return try junitFindings(text)
        default:
            Issue.record("no reader for \(format)")
            return []
        }
    }

    static func flatten(_ value: Any, _ prefix: String = "") -> [String: String] {
        if let object = value as? [String: Any] {
            return object.reduce(into: [:]) { out, pair in
                out.merge(flatten(pair.value, prefix.isEmpty ? pair.key : "\(prefix).\(pair.key)")) { a, _ in a }
            }
        }
        if let list = value as? [Any] { return [prefix: list.map { "\($0)" }.joined(separator: "|")] }
        return [prefix: "\(value)"]
    }

    /// A failure per finding with its test case's and suite's fields; the text's lines
    /// (`File: …`, `Line: …`, `Category: …`, `level: message`) read into fields too.
    static func junitFindings(_ text: String) throws -> [[String: String]] {
        let elements = try XMLReader.elements(of: text)
        let root = try #require(elements.first)
        #expect(root.name == "testsuites" && Set(root.attributes.keys) == ["id", "name", "time"])
        var out: [[String: String]] = []
        var testcase: [String: String] = [:]
        var suiteFailures: [(declared: String?, seen: Int)] = []
        for element in elements.dropFirst() {
            switch element.name {
            case "testsuite":
                #expect(Set(element.attributes.keys) == ["errors", "failures", "id", "name", "time"])
                suiteFailures.append((element.attributes["failures"], 0))
            case "testcase":
                testcase = element.attributes
            case "failure":
                suiteFailures[suiteFailures.count - 1].seen += 1
                var fields: [String: String] = [:]
                for (k, v) in element.attributes { fields["failure.\(k)"] = v }
                for key in ["id", "time"] { fields["testcase.\(key)"] = testcase[key] }
                // The case's id names the tool: hadolint.rule.DL3008, dockerlings.rule.DL3008.
                fields["testcase.id"] = fields["testcase.id"].map { String($0.drop { $0 != "." }) }
                let lines = element.text.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(lines.count == 5 && lines.last == "", "\(element.text)")
                fields["text.file"] = lines.first.map { String($0.dropFirst("File: ".count)) }
                fields["text.line"] = lines.count > 1 ? String(lines[1].dropFirst("Line: ".count)) : nil
                fields["text.level"] = lines.count > 3 ? lines[3].split(separator: ":").first.map(String.init) : nil
                out.append(fields)
            default:
                Issue.record("unexpected element \(element.name)")
            }
        }
        #expect(suiteFailures.allSatisfy { $0.declared == String($0.seen) }, "\(suiteFailures)")
        #expect(suiteFailures.count == files.count, "a suite per file")
        return out
    }

    static func code(_ f: [String: String]) -> String {
        f["code"] ?? f["patternId"] ?? f["check_name"] ?? f["ruleId"] ?? f["failure.id"] ?? ""
    }

    /// Fields compared: the names of all, the values of those equal by design.
    static func comparable(_ all: [[String: String]]) -> [String] {
        all.filter { code($0).hasPrefix("DL") }
            .map { f in f.keys.sorted().map { unequalValues.contains($0) ? $0 : "\($0)=\(f[$0]!)" }.joined(separator: " ") }
            .sorted()
    }

    static let formats = ["gnu", "codacy", "sonarqube", "junit", "gitlab_codeclimate", "codeclimate"]

    @Test(arguments: formats)
    func sameFindingsFieldsAndExitStatus(format: String) throws {
        let dir = RepoPaths.shared("corpus/real")
        let theirs = try Self.hadolint()
        let ours = RepoPaths.product("dockerlings")
        for extra in [[], ["--file-path-in-report", Self.reportedPath]] {
            let h = try runProcess(theirs, ["--no-color", "--style", "DL3009", "-f", format] + extra + Self.files, currentDirectory: dir)
            let o = try runProcess(ours, ["lint", "--shellcheck", "never", "--style", "DL3009", "-f", format] + extra + Self.files, currentDirectory: dir)
            #expect(o.status == h.status, "\(format) \(extra): exit \(o.status), hadolint \(h.status): \(o.stderrText)")
            let hf = try Self.findings(format, h.stdout), of = try Self.findings(format, o.stdout)
            #expect(!hf.isEmpty)
            #expect(Set(hf.map { $0["level"] ?? $0["severity"] ?? $0["failure.type"] ?? "" }).count >= 3 || format == "codacy",
                    "the files should give several levels")
            let (a, b) = (Self.comparable(of), Self.comparable(hf))
            #expect(a == b, "\(format) \(extra): ours \(a.count) findings, hadolint \(b.count); first differing: \(zip(a, b).first { $0 != $1 }.map { "\n ours:     \($0.0)\n hadolint: \($0.1)" } ?? "-")")
            if format == "gitlab_codeclimate" {
                #expect(Set(of.map { $0["fingerprint"] ?? "" }).count == of.count, "fingerprints are unique")
            }
        }
    }

    /// A file without findings: the same (empty) report and exit 0.
    @Test(arguments: formats)
    func sameEmptyReport(format: String) throws {
        let dir = RepoPaths.shared("corpus/real")
        let h = try runProcess(try Self.hadolint(), ["--no-color", "-f", format, Self.clean], currentDirectory: dir)
        let o = try runProcess(RepoPaths.product("dockerlings"), ["lint", "--shellcheck", "never", "-f", format, Self.clean], currentDirectory: dir)
        #expect(h.status == 0 && o.status == 0, "\(o.stderrText)")
        if format == "junit" {
            let (he, oe) = (try XMLReader.elements(of: h.stdoutText), try XMLReader.elements(of: o.stdoutText))
            #expect(oe.map(\.name) == he.map(\.name))
            #expect(oe.map { $0.attributes["failures"] } == he.map { $0.attributes["failures"] })
        } else {
            // Ours ends a JSON document with a newline; hadolint does not.
            #expect(o.stdoutText.trimmingCharacters(in: .newlines) == h.stdoutText, "ours: \(o.stdoutText.debugDescription)")
        }
    }
}
