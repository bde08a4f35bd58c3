import DockerEngine
import Foundation
import ProgressStore

/// Re-grades a class's claimed attempts with real builds: `jobs` grades at once in all,
/// spread over the engines given. A job whose engine stops answering is graded again from
/// the start on another engine, and the lost engine gets no more work.
public struct ClassRegrader: Sendable {
    public var catalogue: Catalogue
    public var engines: [RegradeEngine]
    /// Grades at once, in all (at least one).
    public var jobs: Int
    public var scope: RegradeScope
    /// The grader for an engine (tests may hand in one whose client they watch).
    public var makeGrader: @Sendable (RegradeEngine) -> Grader

    public init(catalogue: Catalogue, engines: [RegradeEngine], jobs: Int, scope: RegradeScope = .best,
                makeGrader: @escaping @Sendable (RegradeEngine) -> Grader = ClassRegrader.grader(on:)) {
        self.catalogue = catalogue
        self.engines = engines
        self.jobs = max(1, jobs)
        self.scope = scope
        self.makeGrader = makeGrader
    }

    /// The grader's own pipeline on `engine`, what it makes labelled `regrade-…` (not
    /// `check-…`), so a re-grade's leftovers are known for what they are.
    public static func grader(on engine: RegradeEngine) -> Grader {
        Grader(makeClient: { session in
            try engine.client(session: "regrade-" + (session.split(separator: "-").last.map(String.init) ?? session))
        })
    }

    /// The failure of a job that found no live engine.
    public static let noEngineLeft = "no engine left that answers"

    /// One claimed attempt and what a trusted engine found for its Dockerfile.
    public struct Regraded: Sendable {
        public var claim: Attempt
        public var report: GradeReport
        public var engine: String
    }

    /// A job given up on one engine and taken to another.
    public struct Retry: Sendable, Encodable {
        public var engine: String
        public var reason: String
    }

    public struct Outcome: Sendable {
        public var job: RegradeJob
        public var regraded: [Regraded]
        public var retries: [Retry]
        /// Why the job could not be re-graded at all (no such exercise, no engine left, interrupted).
        public var failure: String?
    }

    public enum Event: Sendable {
        case started(learner: String, exercise: String, seq: Int, engine: String)
        case finished(learner: String, exercise: String, seq: Int, engine: String, report: GradeReport)
        case engineLost(engine: String, reason: String)
        case retrying(learner: String, exercise: String, from: String, reason: String)
        case note(String)
    }

    /// Runs every job; returns their outcomes in the order given. Cancelling the task stops
    /// new grades, cancels the running ones (each cleans up after itself) and reports the
    /// jobs not finished as interrupted.
    public func run(_ work: [RegradeJob], onEvent: @escaping @Sendable (Event) -> Void = { _ in }) async -> [Outcome] {
        guard !engines.isEmpty else {
            return work.map { Outcome(job: $0, regraded: [], retries: [], failure: "no engine to grade on") }
        }
        let queue = JobQueue(work)
        let pool = EnginePool(count: engines.count)
        let workers = jobs
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    await self.work(worker: worker, queue: queue, pool: pool, onEvent: onEvent)
                }
            }
        }
        return await queue.outcomes
    }

    private func work(worker: Int, queue: JobQueue, pool: EnginePool, onEvent: @escaping @Sendable (Event) -> Void) async {
        while let item = await queue.next() {
            let job = item.job
            if Task.isCancelled {
                await queue.finish(item, Outcome(job: job, regraded: [], retries: item.retries, failure: "interrupted"))
                continue
            }
            guard let index = await pool.take(preferring: worker % engines.count) else {
                let tried = item.retries.map(\.engine).joined(separator: ", ")
                await queue.finish(item, Outcome(job: job, regraded: [], retries: item.retries,
                                                 failure: Self.noEngineLeft + (tried.isEmpty ? "" : " (lost: \(tried))")))
                continue
            }
            let engine = engines[index]
            let result = await grade(job, on: engine, onEvent: onEvent)
            await pool.give(back: index)
            switch result {
            case .done(let regraded):
                await queue.finish(item, Outcome(job: job, regraded: regraded, retries: item.retries))
            case .failed(let why):
                await queue.finish(item, Outcome(job: job, regraded: [], retries: item.retries, failure: why))
            case .engineLost(let why):
                if await pool.lose(index) { onEvent(.engineLost(engine: engine.name, reason: why)) }
                onEvent(.retrying(learner: job.learnerID, exercise: job.exerciseID, from: engine.name, reason: why))
                await queue.retry(item, Retry(engine: engine.name, reason: why))
            }
        }
    }

    enum JobResult: Sendable {
        case done([Regraded])
        case failed(String)
        case engineLost(String)
    }

    /// Grades the job's claims on one engine, from the best claim down (see `RegradeJob`).
    func grade(_ job: RegradeJob, on engine: RegradeEngine, onEvent: @escaping @Sendable (Event) -> Void) async -> JobResult {
        guard let exercise = catalogue.exercise(job.exerciseID) else {
            return .failed("the course has no exercise \"\(job.exerciseID)\" to grade it against (is --course the class's course?)")
        }
        let grader = makeGrader(engine)
        var regraded: [Regraded] = []
        var bySHA: [String: GradeReport] = [:]
        var best = -Double.infinity
        for claim in job.claims {
            if scope == .best, !regraded.isEmpty, claim.score <= best { break }
            if let known = bySHA[claim.dockerfileSHA256] {
                regraded.append(Regraded(claim: claim, report: known, engine: engine.name))
                continue
            }
            onEvent(.started(learner: job.learnerID, exercise: job.exerciseID, seq: claim.seq, engine: engine.name))
            let report: GradeReport
            do { report = try await Self.grade(claim, of: exercise, with: grader) } catch {
                return .failed("attempt #\(claim.seq) could not be graded: \(error)")
            }
            if Task.isCancelled { return .failed("interrupted") }
            if let lost = await lostEngine(engine, report: report, exercise: exercise) { return .engineLost(lost) }
            onEvent(.finished(learner: job.learnerID, exercise: job.exerciseID, seq: claim.seq, engine: engine.name, report: report))
            bySHA[claim.dockerfileSHA256] = report
            regraded.append(Regraded(claim: claim, report: report, engine: engine.name))
            best = max(best, report.score)
        }
        return .done(regraded)
    }

    /// Grades a claimed Dockerfile with the course's exercise folder as the build context.
    static func grade(_ claim: Attempt, of exercise: Exercise, with grader: Grader) async throws -> GradeReport {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("dockerlings-regrade-\(UUID().uuidString.prefix(12))")
        // The answers a quiz reads are not in a bundle: an empty folder, and the claim stands (below).
        let answers = dir.appendingPathComponent("answers")
        try fm.createDirectory(at: answers, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let dockerfile = dir.appendingPathComponent("Dockerfile")
        let bytes = Array(claim.dockerfile.utf8)
        try Data(bytes).write(to: dockerfile)
        var request = GradeRequest(exercise: exercise, dockerfile: dockerfile, exerciseFolder: exercise.folder, answersFolder: answers)
        request.dockerfileContents = bytes
        let report = try await grader.grade(request)
        return ClaimCarryOver.applied(to: report, claim: claim, exercise: exercise)
    }

    /// Why the engine is to be taken as gone, or nil: a grade whose engine checks did not all
    /// pass is trusted only when the engine still answers afterwards (else the failure may
    /// be the engine's, not the Dockerfile's).
    func lostEngine(_ engine: RegradeEngine, report: GradeReport, exercise: Exercise) async -> String? {
        let engineChecks = Set(exercise.manifest.checks.filter { $0.phase.needsEngine }.map(\.id))
        guard report.checks.contains(where: { engineChecks.contains($0.id) && $0.status != .pass }) else { return nil }
        return await engine.unanswered()
    }
}

/// The jobs not yet taken, the ones done, and a job given back after its engine was lost.
actor JobQueue {
    struct Item: Sendable {
        var index: Int
        var job: RegradeJob
        var retries: [ClassRegrader.Retry] = []
    }

    private var waiting: [Item]
    private var done: [ClassRegrader.Outcome?]

    init(_ jobs: [RegradeJob]) {
        waiting = jobs.enumerated().map { Item(index: $0.offset, job: $0.element) }
        done = Array(repeating: nil, count: jobs.count)
    }

    func next() -> Item? { waiting.isEmpty ? nil : waiting.removeFirst() }

    func finish(_ item: Item, _ outcome: ClassRegrader.Outcome) { done[item.index] = outcome }

    /// Back to the front of the queue: the next free worker takes it, on a live engine.
    func retry(_ item: Item, _ retry: ClassRegrader.Retry) {
        var again = item
        again.retries.append(retry)
        waiting.insert(again, at: 0)
    }

    var outcomes: [ClassRegrader.Outcome] {
        done.enumerated().map { index, outcome in
            outcome ?? ClassRegrader.Outcome(job: waiting.first { $0.index == index }?.job ?? RegradeJob(learnerID: "", exerciseID: "", claims: []),
                                             regraded: [], retries: [], failure: "interrupted")
        }
    }
}

/// Which engines still answer and how many grades each has running.
actor EnginePool {
    private var alive: [Bool]
    private var running: [Int]

    init(count: Int) {
        alive = Array(repeating: true, count: count)
        running = Array(repeating: 0, count: count)
    }

    /// The preferred engine while it answers, else the live one with the fewest grades.
    func take(preferring preferred: Int) -> Int? {
        let chosen = alive[preferred] ? preferred
            : alive.indices.filter { alive[$0] }.min { running[$0] < running[$1] }
        if let chosen { running[chosen] += 1 }
        return chosen
    }

    func give(back index: Int) { running[index] -= 1 }

    /// Marks an engine lost; true the first time.
    func lose(_ index: Int) -> Bool {
        defer { alive[index] = false }
        return alive[index]
    }
}
