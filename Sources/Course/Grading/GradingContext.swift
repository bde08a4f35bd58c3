import DockerEngine
import DockerfileSyntax
import Foundation
import ImageAnalysis

/// Everything one grade knows, and the engine artefacts the checks share: the learner's
/// image, its analysis, the baseline's, and the one long-running container. Each is made
/// the first time a check asks and kept for the others.
///
/// The pipeline runs checks one at a time, in phase order. The only other tasks are the two
/// it starts once the image is built (`prefetch`): they read what is fixed by then (the
/// build, the settings) and hand their results back through their own `Task`, which the
/// checks await; the analyses they share go through `SharedWork`, which locks. That is why
/// the class may be `@unchecked Sendable`.
final class GradingContext: @unchecked Sendable {
    let exercise: Exercise
    let source: SourceFile
    let contextDirectory: URL
    /// Where the learner's other files of this exercise live (quiz answers).
    let workspaceFolder: URL
    let engine: EngineAccess
    let emit: @Sendable (GradingEvent) -> Void
    /// Builds skip the cache (`verify --no-cache`).
    var noCache = false
    /// Container ports the http checks will ask for; published when the container starts.
    var publishedPorts: [Int] = []
    /// Set when a health check will wait: probes every second instead of the image's interval.
    var healthInterval: Duration?

    private(set) var build: Result<BuildResult, Failure>?
    private var analysis: Result<ImageAnalysis, Failure>?
    private var baseline: Result<ImageAnalysis, Failure>?
    private var container: Result<RunningContainer, Failure>?
    // Started as soon as the image exists, so they run while the image is measured.
    private var baselineTask: Task<Result<ImageAnalysis, Failure>, Never>?
    private var containerTask: Task<Result<RunningContainer, Failure>, Never>?
    private(set) var containerStopped = false
    /// When the shared container started (a signal check lets the app settle first).
    private(set) var containerStarted: Date?

    /// Why an artefact could not be made, in words for the check's detail.
    struct Failure: Error, Sendable {
        var message: String
        var line: Int?
    }

    enum EngineAccess: Sendable {
        case available(DockerClient)
        case unavailable(String)
    }

    init(exercise: Exercise, source: SourceFile, contextDirectory: URL, workspaceFolder: URL, engine: EngineAccess,
         emit: @escaping @Sendable (GradingEvent) -> Void) {
        self.exercise = exercise
        self.source = source
        instructions = (try? source.parse.get()).map(SourceLines.instructions) ?? []
        self.contextDirectory = contextDirectory
        self.workspaceFolder = workspaceFolder
        self.engine = engine
        self.emit = emit
    }

    var client: DockerClient? {
        if case .available(let client) = engine { return client }
        return nil
    }

    /// The learner's instructions with their lines, for tying build steps and layers to them.
    let instructions: [SourceInstruction]

    func buildRequest(dockerfile: URL, context: URL, instructions: [SourceInstruction]) -> BuildRequest {
        var request = BuildRequest(contextDirectory: context, dockerfile: dockerfile, buildArgs: exercise.manifest.build.args,
                                   networkNone: exercise.manifest.build.network == .none,
                                   timeout: .seconds(exercise.manifest.build.timeoutSeconds), instructions: instructions)
        if exercise.manifest.build.network == .host { request.network = "host" }
        request.noCache = noCache
        return request
    }

    /// Builds with progress events; a failure names the step's line and its last output.
    func runBuild(_ request: BuildRequest, what: String) async -> Result<BuildResult, Failure> {
        guard let client else { return .failure(Failure(message: "no Docker engine")) }
        emit(.buildStarted(what: what))
        let emit = self.emit
        do {
            let result = try await client.build(request) { event in emit(.build(event)) }
            emit(.buildFinished(what: what, seconds: result.seconds))
            return .success(result)
        } catch let error as DockerError {
            emit(.buildFinished(what: what, seconds: nil))
            if case .buildStepFailed(let step) = error { return .failure(Failure(message: step.description, line: step.line)) }
            if case .baseImageUnavailable(_, true, _) = error {
                // Offline, the course's own base images can be made locally.
                return .failure(Failure(message: error.description + " For the course's images (python:3.12-slim, python:3.12, busybox), `make base-images` in the dockerlings folder makes local stand-ins from Debian's packages."))
            }
            return .failure(Failure(message: error.description))
        } catch {
            emit(.buildFinished(what: what, seconds: nil))
            return .failure(Failure(message: "\(error)"))
        }
    }

    /// The learner's image, built once.
    func builtImage() async -> Result<BuildResult, Failure> {
        if let build { return build }
        let result = await runBuild(buildRequest(dockerfile: source.url, context: contextDirectory, instructions: instructions),
                                    what: "your image")
        build = result
        return result
    }

    /// The learner's image as the analyser reads it: size, layers, waste by line.
    func imageReport() async -> Result<ImageReport, Failure> { await imageAnalysis().map(\.report) }

    /// The same, with each layer's files.
    func imageAnalysis() async -> Result<ImageAnalysis, Failure> {
        if let analysis { return analysis }
        let result: Result<ImageAnalysis, Failure>
        switch await builtImage() {
        case .failure(let failure): result = .failure(failure)
        case .success(let built): result = await analyze(built.imageID, instructions: instructions)
        }
        analysis = result
        return result
    }

    /// Once the learner's image is built, starts in the background what later checks will
    /// wait for: the baseline's build and measurement, and the container. They then overlap
    /// with measuring the image (and the baseline with the container checks' waiting).
    func prefetch(baseline wantsBaseline: Bool, container wantsContainer: Bool) {
        guard case .success? = build, client != nil else { return }
        if wantsBaseline && baseline == nil && baselineTask == nil {
            baselineTask = Task { await self.measureBaseline() }
        }
        if wantsContainer && container == nil && containerTask == nil {
            containerTask = Task { await self.startContainer() }
        }
    }

    /// The exercise's naive baseline, built from the same context and measured the same way.
    func baselineReport() async -> Result<ImageReport, Failure> {
        if let baseline { return baseline.map(\.report) }
        let result: Result<ImageAnalysis, Failure>
        if let baselineTask { result = await baselineTask.value } else { result = await measureBaseline() }
        baseline = result
        return result.map(\.report)
    }

    private func measureBaseline() async -> Result<ImageAnalysis, Failure> {
        guard let path = exercise.manifest.baseline else {
            return .failure(Failure(message: "the exercise has no baseline"))
        }
        let url = exercise.folder.appendingPathComponent(path)
        let lines: [SourceInstruction]
        if case .success(let file) = SourceFile.parse([UInt8](FileManager.default.contents(atPath: url.path) ?? Data())) {
            lines = SourceLines.instructions(file)
        } else { lines = [] }
        let result: Result<ImageAnalysis, Failure>
        switch await runBuild(buildRequest(dockerfile: url, context: contextDirectory, instructions: lines), what: "the baseline") {
        case .failure(let failure): result = .failure(Failure(message: "the baseline did not build: \(failure.message)"))
        case .success(let built): result = await analyze(built.imageID, instructions: lines)
        }
        return result
    }

    /// What was measured, for the report's metrics (nil when it was not).
    var measuredImageBytes: Int64? { (try? analysis?.get())?.report.sizeBytes }
    var measuredBaselineBytes: Int64? { (try? baseline?.get())?.report.sizeBytes }
    var measuredLayers: Int? { (try? analysis?.get())?.report.layers.count }

    /// Measures an image once per grade: a starter that is the baseline builds to the very
    /// same image (same steps, same grade's label), read in the foreground and the background
    /// at once without this.
    private func analyze(_ image: String, instructions: [SourceInstruction]) async -> Result<ImageAnalysis, Failure> {
        guard let client else { return .failure(Failure(message: "no Docker engine")) }
        return await analyses.value(for: image) {
            do {
                return .success(try await client.analyze(image: image, instructions: instructions, timeout: .seconds(300)))
            } catch {
                return .failure(Failure(message: "the image could not be measured: \(error)"))
            }
        }
    }
    private let analyses = SharedWork<Result<ImageAnalysis, Failure>>()

    /// The one long-running container the container checks share.
    func runningContainer() async -> Result<RunningContainer, Failure> {
        if let container { return container }
        let result: Result<RunningContainer, Failure>
        if let containerTask { result = await containerTask.value } else { result = await startContainer() }
        container = result
        return result
    }

    private func startContainer() async -> Result<RunningContainer, Failure> {
        let result: Result<RunningContainer, Failure>
        switch await builtImage() {
        case .failure(let failure): result = .failure(failure)
        case .success(let built):
            guard let client else { return .failure(Failure(message: "no Docker engine")) }
            emit(.note("starting a container from your image"))
            var request = ContainerRequest(image: built.imageID)
            request.publish = publishedPorts
            request.healthInterval = healthInterval
            do {
                result = .success(try await client.start(request))
                containerStarted = Date()
            } catch {
                result = .failure(Failure(message: "the container did not start: \(error)"))
            }
        }
        return result
    }

    /// What an image check reads: the client and the built image's id, or the result to
    /// report without them.
    enum ImageSubject {
        case ready(DockerClient, String)
        case unavailable(CheckResult)
    }

    func imageSubject() async -> ImageSubject {
        guard let client else { return .unavailable(.skip("not run: no Docker engine")) }
        switch await builtImage() {
        case .failure(let failure): return .unavailable(.error(failure.message))
        case .success(let built): return .ready(client, built.imageID)
        }
    }

    /// What a container check asks: the client and the running container, or the result
    /// to report without them.
    enum ContainerSubject {
        case ready(DockerClient, RunningContainer)
        case unavailable(CheckResult)
    }

    func containerSubject() async -> ContainerSubject {
        guard let client else { return .unavailable(.skip("not run: no Docker engine")) }
        switch await runningContainer() {
        case .failure(let failure): return .unavailable(.fail(failure.message))
        case .success(let running): return .ready(client, running)
        }
    }

    /// Why the container is not there to ask, when it exited: its exit code and last output.
    func exitedContainerDetail(_ running: RunningContainer) async -> String? {
        guard let client, let state = try? await client.state(of: running), !state.running else { return nil }
        let logs = (try? await client.logs(of: running, tail: 8)) ?? ""
        let tail = logs.split(separator: "\n").suffix(8).map { "  " + $0 }.joined(separator: "\n")
        return "the container exited with code \(state.exitCode)" + (tail.isEmpty ? " and printed nothing" : "; its last output:\n\(tail)")
    }

    /// Stops the shared container (the signal check), timing it.
    func stopContainer(grace: Int) async -> Result<Double, Failure> {
        guard case .success(let running)? = container, let client else {
            return .failure(Failure(message: "no container is running"))
        }
        containerStopped = true
        do { return .success(try await client.stop(running, grace: grace)) } catch {
            return .failure(Failure(message: "docker stop failed: \(error)"))
        }
    }

    /// Removes what this grade made: the container, the images (keeping the build cache).
    /// When that fails (the engine stopped answering), says what is left and how to remove it.
    func cleanUp() async {
        guard let client else { return }
        // Background work a cancelled grade never waited for: stop it, and let it finish
        // removing what it made, before looking for what is left.
        baselineTask?.cancel()
        containerTask?.cancel()
        _ = await baselineTask?.value
        if container == nil, let containerTask { container = await containerTask.value }
        if case .success(let running)? = container { await client.remove(running) }
        do { _ = try await client.cleanUp(keepBuildCache: true) } catch {
            let label = "label=\(DockerClient.labelKey)=\(client.session)"
            var why = "\(error)"
            if let error = error as? DockerError, case .engineUnavailable = error { why = "the Docker engine stopped answering" }
            emit(.note("what this grade made could not be removed (\(why)); once the engine answers, remove it with "
                       + "`docker rm --force $(docker ps --all --quiet --filter \(label))` and "
                       + "`docker image rm $(docker images --quiet --filter \(label))`"))
        }
    }
}

/// Work done once per key however many ask at the same time: the first asker's task, awaited by all.
final class SharedWork<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [String: Task<Value, Never>] = [:]

    func value(for key: String, _ work: @escaping @Sendable () async -> Value) async -> Value {
        let task = lock.withLock {
            if let existing = tasks[key] { return existing }
            let created = Task { await work() }
            tasks[key] = created
            return created
        }
        return await task.value
    }
}
