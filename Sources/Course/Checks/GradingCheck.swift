import Foundation
import ProgressStore

/// When a check runs in the pipeline. Static phases need only the file; the rest need the
/// engine, and all after `build` need the image it made.
public enum GradingPhase: Int, Sendable, Comparable, CaseIterable {
    /// Reads the Dockerfile (and workspace files) only: parse, lint, structure, quiz.
    case source
    /// Builds the learner's image.
    case build
    /// Measures the built image: size, layers.
    case image
    /// Runs the image to completion.
    case run
    /// Asks the one long-running container of the grade: http, health, user.
    case container
    /// Stops that container.
    case stop
    /// Builds again after a change (cache reuse).
    case rebuild

    public static func < (a: GradingPhase, b: GradingPhase) -> Bool { a.rawValue < b.rawValue }
    public var needsEngine: Bool { self >= .build }
    public var needsImage: Bool { self > .build }
}

/// One kind of check an exercise manifest can ask for (`kind: size`). Each kind is one type
/// that reads its own parameters (refusing bad ones at load) and grades one attempt.
protocol GradingCheck: Sendable {
    static var kind: String { get }
    static var phase: GradingPhase { get }
    /// The title shown when the manifest gives none.
    static var defaultTitle: String { get }
    /// The parameter keys the kind reads, for the message when a key is unknown.
    static var parameterKeys: [String] { get }
    /// Throws `ManifestError` (untyped here: typed throws through an existential metatype
    /// crashes Swift 6.3's SIL generation).
    init(_ parameters: ManifestReader, folder: URL) throws
    func evaluate(_ context: GradingContext) async -> CheckResult
}

/// What one check found.
struct CheckResult: Sendable {
    var status: CheckStatus
    var detail: String?
    var line: Int?
    /// Replaces the manifest's hint for this outcome (a lint finding's `explain` command).
    var hint: String?

    static func pass(_ detail: String? = nil, line: Int? = nil) -> CheckResult { CheckResult(status: .pass, detail: detail, line: line) }
    static func fail(_ detail: String, line: Int? = nil, hint: String? = nil) -> CheckResult {
        CheckResult(status: .fail, detail: detail, line: line, hint: hint)
    }
    static func skip(_ detail: String) -> CheckResult { CheckResult(status: .skip, detail: detail) }
    static func error(_ detail: String) -> CheckResult { CheckResult(status: .error, detail: detail) }
}

typealias CheckStatus = GradeReport.Status

/// Every kind a manifest may name.
enum CheckKinds {
    static let all: [any GradingCheck.Type] = [
        ParseCheck.self, LintCheck.self, StructureCheck.self, QuizCheck.self,
        BuildCheck.self, SizeCheck.self, LayersCheck.self, SecretCheck.self, RunCheck.self,
        HTTPCheck.self, HealthCheck.self, UserCheck.self, SignalCheck.self, CacheCheck.self,
    ]
    static let byKind: [String: any GradingCheck.Type] = Dictionary(uniqueKeysWithValues: all.map { ($0.kind, $0) })
}

/// One entry of a manifest's `checks`: its id, title, points and the configured kind.
public struct CheckSpec: Sendable {
    public var id: String
    public var title: String
    public var points: Double
    /// Shown when the check does not pass.
    public var hint: String?
    let check: any GradingCheck

    public var kind: String { type(of: check).kind }
    public var phase: GradingPhase { type(of: check).phase }

    static func read(_ r: ManifestReader, folder: URL) throws(ManifestError) -> CheckSpec {
        let kindName = try r.requiredString("kind")
        guard let kind = CheckKinds.byKind[kindName] else {
            throw r.fail("kind", "unknown check kind \"\(kindName)\"; expected one of: \(CheckKinds.all.map { $0.kind }.joined(separator: ", "))")
        }
        let id = try r.string("id") ?? kindName
        let title = try r.string("title") ?? kind.defaultTitle
        let points = try r.double("points", range: 0...10_000) ?? 0
        let hint = try r.string("hint")
        let check: any GradingCheck
        do { check = try kind.init(r, folder: folder) } catch let error as ManifestError { throw error } catch {
            throw ManifestError(file: r.file, key: r.path, problem: "\(error)")
        }
        try r.rejectUnknownKeys(expected: (["kind", "id", "title", "points", "hint"] + kind.parameterKeys).joined(separator: ", "))
        return CheckSpec(id: id, title: title, points: points, hint: hint, check: check)
    }
}
