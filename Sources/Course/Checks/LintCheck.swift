import DockerfileLint
import Foundation
import SystemSupport

/// `kind: lint` — the exercise's rule profile: findings at or above `level` fail, codes in
/// `forbid` fail whatever their level, `course: true` turns the course's own rules (DC…)
/// on, `ignore` leaves codes out. Each finding in the detail names its line and code, shows
/// the learner's line with the words underlined and the suggested rewrite; the hint says how
/// many safe fixes `lint --fix` would apply and which command explains the rule.
struct LintCheck: GradingCheck {
    static let kind = "lint"
    static let phase = GradingPhase.source
    static let defaultTitle = "Lint finds nothing to fix"
    static let parameterKeys = ["level", "forbid", "course", "ignore"]

    var level: Severity = .warning
    var forbid: Set<String> = []
    var course = false
    var ignore: Set<String> = []

    init(_ r: ManifestReader, folder: URL) throws(ManifestError) {
        if let name = try r.string("level") {
            guard let value = Severity(rawValue: name.lowercased()), value != .ignore else {
                throw r.fail("level", "expected error, warning, info or style; found \"\(name)\"")
            }
            level = value
        }
        forbid = Set(try r.strings("forbid") ?? [])
        ignore = Set(try r.strings("ignore") ?? [])
        course = try r.bool("course") ?? false
        for code in forbid.union(ignore) where RuleCatalogue.description(for: code) == nil {
            throw r.fail(forbid.contains(code) ? "forbid" : "ignore", "names \(code), which is not a rule (`dockerlings rules` lists them)")
        }
    }

    var linter: Linter {
        var configuration = LintConfiguration()
        configuration.ignored = ignore
        if course { configuration.enabled.insert("course") }
        configuration.shellcheck = .never
        return Linter(configuration: configuration)
    }

    func evaluate(_ context: GradingContext) async -> CheckResult {
        // As the build: not on a Dockerfile BuildKit refuses (an unknown instruction, a bad
        // flag). The parse check already names the line; lint would only say it again as
        // DL1000, under a hint written for the exercise's real findings.
        if context.source.refusedByBuildKit { return .skip(SourceFile.needsParsing) }
        let result = linter.lint(context.source.bytes, file: context.source.url.lastPathComponent,
                                 buildContext: .directory(context.contextDirectory.path, dockerfile: context.source.url.path))
        let failing = result.findings.filter { $0.severity >= level || forbid.contains($0.code) }
        guard let first = failing.first else {
            let below = result.findings.count
            return .pass(below == 0 ? "no findings" : "\(below) finding\(below == 1 ? "" : "s") below \(level.rawValue) level")
        }
        // Each finding: where, what, then the learner's line with the words underlined and
        // the suggestion (the line rewritten, when the rule knows the fix).
        let lines = failing.map { f in
            "line \(f.location.start.line): \(f.code) \(f.severity.rawValue): \(f.message)\n" + result.excerpt(of: f)
                .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        }
        let codes = Array(Set(failing.map(\.code))).sorted()
        let fixes = result.safeFixCount
        let fixHint = fixes == 0 ? "" : "run `dockerlings lint --fix \(Self.typed(context.source.url))` to apply \(fixes) safe fix\(fixes == 1 ? "" : "es"); "
        return .fail(lines.joined(separator: "\n"), line: first.location.start.line,
                     hint: fixHint + "`dockerlings explain \(codes[0])` says why and how to fix it" + (codes.count > 1 ? " (and likewise \(codes.dropFirst().joined(separator: ", ")))" : ""))
    }

    /// The file as the learner would type it from here: relative when it is below the
    /// current folder, `~/…` under their home, else the whole path; quoted when the shell needs it.
    static func typed(_ url: URL, here: String = FileManager.default.currentDirectoryPath,
                      home: String = UserDirectories.home(environment: ProcessInfo.processInfo.environment).standardizedFileURL.path) -> String {
        let path = url.standardizedFileURL.path
        func quoted<S: StringProtocol>(_ text: S) -> String {
            let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "/._-+".contains($0) }
            return plain ? String(text) : "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        }
        if path.hasPrefix(here + "/") { return quoted(path.dropFirst(here.count + 1)) }
        // The `~/` stays outside the quotes: the shell expands it only there.
        if path.hasPrefix(home + "/") { return "~/" + quoted(path.dropFirst(home.count + 1)) }
        return quoted(path)
    }
}
