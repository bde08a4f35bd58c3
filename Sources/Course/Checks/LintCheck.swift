import DockerfileLint
import Foundation

/// `kind: lint` — the exercise's rule profile: findings at or above `level` fail, codes in
/// `forbid` fail whatever their level, `course: true` turns the course's own rules (DC…)
/// on, `ignore` leaves codes out. Each finding is one line of the detail, with its line,
/// its code and the command that explains it.
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
        if case .failure = context.source.parse { return .skip("not run: needs a Dockerfile that parses (see `parse`)") }
        let result = linter.lint(context.source.bytes, file: context.source.url.lastPathComponent,
                                 buildContext: .directory(context.contextDirectory.path, dockerfile: context.source.url.path))
        let failing = result.findings.filter { $0.severity >= level || forbid.contains($0.code) }
        guard let first = failing.first else {
            let below = result.findings.count
            return .pass(below == 0 ? "no findings" : "\(below) finding\(below == 1 ? "" : "s") below \(level.rawValue) level")
        }
        let lines = failing.map { "line \($0.line): \($0.code) \($0.severity.rawValue): \($0.message)" }
        let codes = Array(Set(failing.map(\.code))).sorted()
        return .fail(lines.joined(separator: "\n"), line: first.line,
                     hint: "`dockerlings explain \(codes[0])` says why and how to fix it" + (codes.count > 1 ? " (and likewise \(codes.dropFirst().joined(separator: ", ")))" : ""))
    }
}
