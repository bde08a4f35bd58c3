import DockerEngine
import Foundation
import ProgressStore

/// What to grade: an exercise, the Dockerfile given as the answer, and the folder holding
/// the learner's copy of the exercise (the build context and any quiz answers).
public struct GradeRequest: Sendable {
    public var exercise: Exercise
    public var dockerfile: URL
    public var exerciseFolder: URL
    /// Grade the static checks only; the engine's are reported as not run.
    public var staticOnly: Bool
    /// Build every step again (`docker build --no-cache`), as on a machine seen for the first time.
    public var noCache: Bool
    /// The Dockerfile's bytes when the caller has read them already (`check` records exactly
    /// what it graded); nil reads `dockerfile`.
    public var dockerfileContents: [UInt8]?
    /// Where the learner's written answers (a quiz's file) are read, when not the exercise folder:
    /// `verify` grades the reference solution with the answers kept beside it in `solution/`.
    public var answersFolder: URL?
    public init(exercise: Exercise, dockerfile: URL, exerciseFolder: URL, staticOnly: Bool = false, noCache: Bool = false,
                answersFolder: URL? = nil) {
        self.exercise = exercise
        self.dockerfile = dockerfile
        self.exerciseFolder = exerciseFolder
        self.staticOnly = staticOnly
        self.noCache = noCache
        self.answersFolder = answersFolder
    }
}

/// The grading pipeline: parse → lint → structure → quiz (static, no engine) → build →
/// size/layers → run → http/health/user → signal → cache, into one `GradeReport`.
///
/// A check whose prerequisite failed is `skip` and says which; when no engine answers, the
/// static checks still grade and the engine's checks say why they did not run. The report
/// passes only when every check passed.
public struct Grader: Sendable {
    /// The detail of a check that did not run because the grade was cancelled (Ctrl-C).
    public static let cancelledDetail = "not run: grading was cancelled"

    /// Makes the docker client for one grade (its session label marks what it creates).
    public var makeClient: @Sendable (_ session: String) throws -> DockerClient

    public init(makeClient: @escaping @Sendable (_ session: String) throws -> DockerClient = { try DockerClient(session: $0) }) {
        self.makeClient = makeClient
    }

    /// Grades one attempt. Throws only when there is nothing to grade (no Dockerfile).
    /// Whatever the grade made in the engine is removed before this returns, also when the
    /// task is cancelled (Ctrl-C).
    public func grade(_ request: GradeRequest, onEvent: @escaping @Sendable (GradingEvent) -> Void = { _ in }) async throws -> GradeReport {
        let specs = request.exercise.manifest.checks
        let context = try await makeContext(request, needsEngine: specs.contains { $0.phase.needsEngine }, onEvent: onEvent)
        context.noCache = request.noCache
        context.publishedPorts = Array(Set(specs.compactMap { ($0.check as? HTTPCheck)?.port })).sorted()
        if specs.contains(where: { $0.check is HealthCheck }) { context.healthInterval = .seconds(1) }

        var results: [String: GradeReport.Check] = [:]
        for phase in GradingPhase.allCases {
            if phase == .image {
                context.prefetch(baseline: specs.contains { ($0.check as? SizeCheck)?.maxFraction != nil },
                                 container: specs.contains { $0.phase == .container || $0.phase == .stop })
            }
            for spec in specs where spec.phase == phase {
                var result: CheckResult
                if Task.isCancelled {
                    result = .skip(Self.cancelledDetail)
                } else if let reason = blocked(spec, results: results, specs: specs, context: context) {
                    result = .skip(reason)
                } else {
                    result = await spec.check.evaluate(context)
                    // Stopped by the cancel (Ctrl-C), not by the learner's Dockerfile: no
                    // verdict, and no hint about a mistake that was not made.
                    if Task.isCancelled && result.status != .pass { result = .skip(result.detail ?? Self.cancelledDetail) }
                }
                let check = GradeReport.Check(
                    id: spec.id, title: spec.title, status: result.status, detail: result.detail,
                    hint: result.status == .pass ? nil : Self.hint(exercise: spec.hint, check: result.hint), kind: spec.kind, line: result.line,
                    points: result.status == .pass ? spec.points : 0, pointsPossible: spec.points)
                results[spec.id] = check
                onEvent(.checkFinished(check))
            }
            if phase == .source { onEvent(.staticChecksDone) }
        }
        // Not the caller's task: a cancelled grade must still clean up after itself.
        await Task { await context.cleanUp() }.value

        let checks = specs.compactMap { results[$0.id] }
        let points = checks.reduce(0) { $0 + ($1.points ?? 0) }
        return GradeReport(
            checks: checks,
            metrics: GradeReport.Metrics(imageBytes: context.measuredImageBytes, baselineBytes: context.measuredBaselineBytes,
                                         layers: context.measuredLayers,
                                         buildSeconds: (try? context.build?.get())?.seconds),
            points: points, pointsPossible: request.exercise.manifest.points)
    }

    /// Builds the request's Dockerfile and measures the image, running no check (`solution`
    /// shows the learner's image size and the reference's). Nil when it does not build or no
    /// engine answers. Whatever was built is removed before this returns.
    public func measureImage(_ request: GradeRequest) async -> Int64? {
        guard let context = try? await makeContext(request, needsEngine: true, onEvent: { _ in }) else { return nil }
        let bytes = (try? await context.imageReport().get())?.sizeBytes
        await Task { await context.cleanUp() }.value
        return bytes
    }

    /// The grade's context: the request's Dockerfile read and parsed, and the engine when the checks need one.
    private func makeContext(_ request: GradeRequest, needsEngine: Bool,
                             onEvent: @escaping @Sendable (GradingEvent) -> Void) async throws -> GradingContext {
        let source: SourceFile
        if let contents = request.dockerfileContents {
            source = SourceFile(url: request.dockerfile, bytes: contents, parse: SourceFile.parse(contents))
        } else {
            do { source = try SourceFile.read(request.dockerfile) } catch { throw GradingError.unreadable(error.description) }
        }
        let engine = needsEngine ? await connect(staticOnly: request.staticOnly, onEvent: onEvent) : .unavailable("not needed")
        return GradingContext(
            exercise: request.exercise, source: source,
            contextDirectory: request.exercise.contextDirectory(in: request.exerciseFolder),
            workspaceFolder: request.answersFolder ?? request.exerciseFolder, engine: engine, emit: onEvent)
    }

    /// The exercise's own hint first (it points to the lesson), then the check's (a lint
    /// finding's `dockerlings explain`).
    static func hint(exercise: String?, check: String?) -> String? {
        let both = [exercise, check].compactMap { $0 }
        return both.isEmpty ? nil : both.joined(separator: "\n")
    }

    /// Why a check cannot run, or nil when it can.
    private func blocked(_ spec: CheckSpec, results: [String: GradeReport.Check],
                         specs: [CheckSpec], context: GradingContext) -> String? {
        guard spec.phase.needsEngine else { return nil }
        if case .unavailable(let why) = context.engine { return "not run: \(why)" }
        // Not built when BuildKit would refuse it: docker would only say again what `parse` said.
        if context.source.refusedByBuildKit {
            return spec.phase == .build ? SourceFile.needsParsing : "not run: needs the image, and the Dockerfile does not parse"
        }
        if spec.phase.needsImage, let build = specs.first(where: { $0.check is BuildCheck }).flatMap({ results[$0.id] }), build.status != .pass {
            return "not run: needs the image, and `\(build.id)` failed"
        }
        if spec.phase == .container || spec.phase == .stop, context.containerStopped {
            return "not run: the container was already stopped"
        }
        return nil
    }

    /// The engine for this grade, or why there is none.
    private func connect(staticOnly: Bool, onEvent: @escaping @Sendable (GradingEvent) -> Void) async -> GradingContext.EngineAccess {
        if staticOnly { return .unavailable("--no-build asks for the static checks only") }
        let session = "check-" + UUID().uuidString.prefix(8).lowercased()
        do {
            var client = try makeClient(session)
            client.commandObserver = { arguments in onEvent(.command(arguments)) }
            _ = try await client.ping()
            return .available(client)
        } catch let error as DockerError {
            return .unavailable(error.description + " The static checks are graded; the ones that need the engine are not, so this attempt cannot pass.")
        } catch {
            return .unavailable("\(error)")
        }
    }
}

/// Why a grade could not be made at all.
public enum GradingError: Error, CustomStringConvertible, Sendable {
    case unreadable(String)
    public var description: String {
        switch self {
        case .unreadable(let text): text
        }
    }
}
