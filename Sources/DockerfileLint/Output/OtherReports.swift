import SystemSupport

/// Where a finding's words are, as the report formats give it: start line and column, end
/// line and column (exclusive, as SARIF and GitHub count it; never before the start).
struct Span {
    var line: Int, column: Int, endLine: Int, endColumn: Int

    init(_ f: Finding) {
        let r = f.location
        line = r.start.line
        column = r.start.column
        endLine = max(r.end.line, line)
        endColumn = r.end.line == line ? max(r.end.column, column + 1) : r.end.column
        if r.end.line > line, r.end.column <= 1 { endLine = line; endColumn = column + 1 }
    }
}

/// SARIF 2.1.0, one run with the rules that fired as `tool.driver.rules`.
enum SARIFReport {
    static func level(_ s: Severity) -> String {
        switch s {
        case .error: "error"
        case .warning: "warning"
        default: "note"
        }
    }

    static func render(_ results: [LintResult]) -> String {
        let all = results.flatMap(\.findings)
        var codes: [String] = []
        for f in all where !codes.contains(f.code) { codes.append(f.code) }
        let rules = codes.map { code -> String in
            let d = RuleCatalogue.description(for: code)
            var pairs: [(String, String)] = [("id", JSONText.string(code))]
            if let d {
                pairs.append(("name", JSONText.string(d.name)))
                pairs.append(("shortDescription", JSONText.object([("text", JSONText.string(d.message))])))
                pairs.append(("fullDescription", JSONText.object([("text", JSONText.string(d.rationale))])))
                // The reason, not the rule's example fix: a viewer shows help under each result,
                // where an example would read as a fix of that line.
                pairs.append(("help", JSONText.object([("text", JSONText.string("\(d.rationale) `dockerlings explain \(code)` shows an example."))])))
                pairs.append(("defaultConfiguration", JSONText.object([("level", JSONText.string(level(d.severity)))])))
            } else if code.hasPrefix("SC") {
                pairs.append(("helpUri", JSONText.string("https://www.shellcheck.net/wiki/\(code)")))
            }
            return JSONText.object(pairs)
        }
        let items = all.map { f -> String in
            let at = Span(f)
            let region = JSONText.object([
                ("startLine", String(at.line)), ("startColumn", String(at.column)),
                ("endLine", String(at.endLine)), ("endColumn", String(at.endColumn)),
            ])
            let location = JSONText.object([("physicalLocation", JSONText.object([
                ("artifactLocation", JSONText.object([("uri", JSONText.string(f.file))])),
                ("region", region),
            ]))])
            return JSONText.object([
                ("ruleId", JSONText.string(f.code)),
                ("ruleIndex", String(codes.firstIndex(of: f.code) ?? 0)),
                ("level", JSONText.string(level(f.severity))),
                ("message", JSONText.object([("text", JSONText.string(f.message))])),
                ("locations", JSONText.array([location])),
            ])
        }
        let driver = JSONText.object([
            ("name", JSONText.string("dockerlings")),
            ("informationUri", JSONText.string("https://github.com/dockerlings/dockerlings")),
            ("rules", JSONText.array(rules)),
        ])
        let run = JSONText.object([("tool", JSONText.object([("driver", driver)])), ("results", JSONText.array(items))])
        return JSONText.object([
            ("$schema", JSONText.string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", JSONText.string("2.1.0")),
            ("runs", JSONText.array([run])),
        ]) + "\n"
    }
}

enum CheckstyleReport {
    static func render(_ results: [LintResult]) -> String {
        var xml = XMLWriter()
        xml.start("checkstyle", [("version", "4.3")])
        for r in results {
            xml.start("file", [("name", r.file)])
            for f in r.findings {
                let at = Span(f)
                xml.empty("error", [
                    ("line", String(at.line)), ("column", String(at.column)),
                    ("severity", f.severity == .style ? "info" : f.severity.rawValue),
                    ("message", f.message), ("source", f.code),
                ])
            }
            xml.end()
        }
        xml.end()
        return xml.text
    }
}

/// GitHub Actions workflow commands: `::warning file=…,line=…,col=…,title=CODE::message`.
enum GitHubReport {
    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    static func render(_ results: [LintResult]) -> String {
        var out = ""
        for r in results {
            for f in r.findings {
                let command: String
                switch f.severity {
                case .error: command = "error"
                case .warning: command = "warning"
                default: command = "notice"
                }
                let at = Span(f)
                out += "::\(command) file=\(escapeProperty(f.file)),line=\(at.line),col=\(at.column),endLine=\(at.endLine),endColumn=\(at.endColumn),title=\(escapeProperty(f.code))::\(escapeData("\(f.code) \(f.message)"))\n"
            }
        }
        return out
    }
}

import Foundation
