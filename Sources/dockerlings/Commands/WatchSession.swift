import Course
import Foundation
import ProgressStore
import SystemSupport
import TerminalUI

/// What the watch loop reacts to. Everything arrives through one stream, so the loop's
/// state is only ever touched by the loop's own task.
enum WatchEvent: Sendable {
    case changed(FileWatcher.Change, folder: String)
    case key(UInt8)
    case resized
    case signal(Int32)
    case graded(attempt: Int, AttemptOutcome)
    /// `c` went through every exercise; the first one not passed, if any.
    case checkedAll(attempt: Int, firstOpen: String?)
}

/// How one grade ended.
struct AttemptOutcome: Sendable {
    var report: GradeReport?
    /// Why there is no report: the Dockerfile is missing or could not be graded.
    var problem: String?
    var dockerfile: Data?
    var started: Date
    var finished: Date
    var cancelled: Bool
}

/// What `watch` was asked for on its command line.
struct WatchSettings {
    var course: CourseOptions
    var workspace: WorkspaceOptions
    var store: StoreOptions
    var staticOnly: Bool
    var record: Bool
    var plain: Bool
    var explain: Bool
}

/// `watch`'s loop: the exercise's folder watched, each save graded (the one before
/// cancelled, and cleaned up by the grader), keys handled, and the next exercise taken
/// up when one passes. `run` returns the exit status.
final class WatchSession: @unchecked Sendable {
    private let settings: WatchSettings
    private var exercise: Exercise
    private var folder: URL
    private var watcher: FileWatcher?
    private var folderLock: SharedFolderLock
    private var running: Attempt?
    /// Every grade started, superseded ones too: on the way out, each is waited for until
    /// it has cleaned up.
    private var started: [Task<Void, Never>] = []
    private var attempts = 0
    private var confirmingReset = false
    private let screen: WatchScreen
    private var text: ReportText
    private let events: AsyncStream<WatchEvent>
    private let sink: AsyncStream<WatchEvent>.Continuation
    private var keyboard: RawKeyboard?
    private var signalSources: [DispatchSourceSignal] = []
    private let interrupts = Counter()

    init(exercise: Exercise, folder: URL, settings: WatchSettings) {
        self.settings = settings
        self.exercise = exercise
        self.folder = folder
        folderLock = SharedFolderLock(folder: folder)
        let terminal = TerminalEnvironment.current()
        let keys = isatty(STDIN_FILENO) == 1
        screen = WatchScreen(interactive: terminal.isTerminal && terminal.environment["TERM"] != "dumb" && !settings.plain,
                             colour: terminal.usesColor(plain: settings.plain), showsKeys: keys)
        text = ReportText(colour: screen.colour, width: screen.interactive ? screen.width : nil)
        (events, sink) = AsyncStream.makeStream(of: WatchEvent.self)
    }

    func run() async -> Int32 {
        listenForSignals()
        if isatty(STDIN_FILENO) == 1 {
            let sink = sink
            keyboard = RawKeyboard.start { sink.yield(.key($0)) }
        }
        defer { tearDown() }
        if let problem = watch(folder) {
            screen.show("error: \(problem)")
            return 2
        }
        if !screen.showsKeys {
            screen.show(screen.dim("watching \(display(folder)) for changes (Ctrl-C to stop)"))
        }
        check(because: "started")

        for await event in events {
            switch event {
            case let .changed(change, changedFolder):
                guard changedFolder == folder.path else { continue }  // a folder no longer watched
                if change.folderGone {
                    await stopGrading()
                    screen.show("error: the folder \(display(folder)) was deleted or moved away; nothing is watched any more. Put it back (or make a new workspace) and start `dockerlings watch` again.")
                    return 2
                }
                let touched = change.names.filter(Self.isLearnersFile).sorted()
                guard !touched.isEmpty else { continue }
                // Named as the learner knows them: an editor's temporary file renamed away is not.
                let present = touched.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
                check(because: present.isEmpty ? touched.joined(separator: ", ") + " deleted" : present.joined(separator: ", ") + " changed")
            case .key(let key):
                if let status = await press(key) { return status }
            case .resized:
                screen.redraw()
                if text.width != nil { text = ReportText(colour: text.colour, width: screen.width) }
                running?.progress.resize(width: screen.width)
            case .signal(let number):
                await stopGrading()
                screen.show("stopped: nothing the grader started is left running.")
                return number == SIGINT ? 130 : 128 + number
            case let .graded(number, outcome):
                guard let attempt = running, attempt.number == number else { continue }
                running = nil
                finish(attempt, outcome)
            case let .checkedAll(number, firstOpen):
                guard let attempt = running, attempt.number == number else { continue }
                running = nil
                if let firstOpen, firstOpen != exercise.id { switchTo(firstOpen) }
                screen.showFooter()
            }
        }
        return 0
    }

    // MARK: - Grading

    /// Grades the current exercise now; a grade still running is cancelled (its output
    /// stops at once; the grader removes what it made in the engine).
    /// `record`: false for the look at an exercise watch moved on to by itself: the
    /// learner has not touched it yet, and an attempt they never made is not recorded.
    private func check(because reason: String, clear: Bool = true, intro: String? = nil, record: Bool = true) {
        if let previous = running {
            previous.supersede("stopped: \(reason)")
        }
        attempts += 1
        if clear { screen.clear() }
        if let intro { screen.show(intro) }
        screen.show(screen.bold("\(exercise.id): checking") + " — " + exercise.title + screen.dim("  (\(reason))"))

        let progressTerminal = TerminalEnvironment.current(fileDescriptor: STDERR_FILENO)
        let progress = ProgressDisplay(
            interactive: screen.interactive && progressTerminal.isTerminal, colors: screen.colour, width: screen.width)
        let printer = LivePrinter(format: .text, text: text, progress: progress, showProgress: true, explain: settings.explain)
        let attempt = Attempt(number: attempts, progress: progress, recorded: record)
        let (exercise, folder, lock, staticOnly, screen, text, sink) = (exercise, folder, folderLock, settings.staticOnly, screen, text, sink)
        let number = attempts
        attempt.task = Task {
            let outcome = await Self.grade(exercise: exercise, folder: folder, lock: lock, staticOnly: staticOnly) { event in
                attempt.ifCurrent {
                    // Check lines go through the screen (kept for a redraw); the build's progress through check's printer.
                    if case .checkFinished(let check) = event { screen.show(text.check(check)) } else { printer.handle(event) }
                }
            }
            sink.yield(.graded(attempt: number, outcome))
        }
        running = attempt
        if let task = attempt.task { started.append(task) }
    }

    private static func grade(exercise: Exercise, folder: URL, lock: SharedFolderLock, staticOnly: Bool,
                              onEvent: @escaping @Sendable (GradingEvent) -> Void) async -> AttemptOutcome {
        let started = Date()
        await lock.enter()
        defer { lock.leave() }
        let answer = folder.appendingPathComponent(exercise.manifest.dockerfile)
        guard !Task.isCancelled else { return AttemptOutcome(started: started, finished: Date(), cancelled: true) }
        guard let bytes = FileManager.default.contents(atPath: answer.path) else {
            let missing = !FileManager.default.fileExists(atPath: answer.path)
            return AttemptOutcome(problem: missing ? "There is no \(answer.lastPathComponent) in \(folder.path) any more. Save one there and it is checked; `r` puts the starter back."
                                                  : "\(answer.path) cannot be read: check its permissions.",
                                  started: started, finished: Date(), cancelled: false)
        }
        var request = GradeRequest(exercise: exercise, dockerfile: answer, exerciseFolder: folder, staticOnly: staticOnly)
        request.dockerfileContents = [UInt8](bytes)
        do {
            let report = try await Grader().grade(request, onEvent: onEvent)
            return AttemptOutcome(report: report, dockerfile: bytes, started: started, finished: Date(), cancelled: Task.isCancelled)
        } catch let error as GradingError {
            return AttemptOutcome(problem: error.description, started: started, finished: Date(), cancelled: Task.isCancelled)
        } catch {
            return AttemptOutcome(problem: "\(error)", started: started, finished: Date(), cancelled: Task.isCancelled)
        }
    }

    /// A grade ended (not superseded): its verdict, recorded as `check` records it; the
    /// next exercise when it passed.
    private func finish(_ attempt: Attempt, _ outcome: AttemptOutcome) {
        guard let report = outcome.report else {
            screen.show(outcome.problem ?? "not graded")
            screen.showFooter()
            return
        }
        screen.show(text.summary(exercise: exercise.id, report: report))
        if settings.record, attempt.recorded, !outcome.cancelled {
            do {
                try settings.store.record(exercise: exercise, report: report, dockerfile: outcome.dockerfile ?? Data(),
                                          started: outcome.started, finished: outcome.finished)
            } catch {
                screen.show("warning: \(error)")
            }
        }
        if report.passed {
            advance(because: "\(exercise.id) passed", clear: false)
        } else {
            screen.showFooter()
        }
    }

    /// Cancels the grade running, if any, and waits until the grader has cleaned up.
    private func stopGrading() async {
        running?.supersede()
        running = nil
        for task in started { await task.value }
        started = []
    }

    /// Grades every exercise of the workspace in the course's order, one line each,
    /// recorded as `check` records them; then watches the first one not passed.
    private func checkAll() {
        let catalogue: Catalogue
        do { catalogue = try settings.course.catalogue() } catch {
            screen.show("error: \(error)")
            return
        }
        running?.supersede("stopped: checking every exercise")
        attempts += 1
        screen.clear()
        screen.show(screen.bold("Checking every exercise") + screen.dim("  (c pressed; a save or q stops it)"))
        let progress = ProgressDisplay(interactive: false, colors: false, width: screen.width)
        let attempt = Attempt(number: attempts, progress: progress, recorded: true)
        let (settings, screen, text, sink, number, current, currentFolder) = (settings, screen, text, sink, attempts, exercise, folder)
        attempt.task = Task {
            var firstOpen: String?
            var passed = 0
            for exercise in catalogue.exercises {
                guard !Task.isCancelled else { return }
                let folder = ExerciseChoice.folder(of: exercise, besides: current, at: currentFolder)
                guard FileManager.default.fileExists(atPath: folder.path) else {
                    attempt.ifCurrent { screen.show("  \(text.mark(.skip)) \(exercise.id): not in your workspace") }
                    continue
                }
                let outcome = await Self.grade(exercise: exercise, folder: folder, lock: SharedFolderLock(folder: folder),
                                               staticOnly: settings.staticOnly) { _ in }
                guard !outcome.cancelled, !Task.isCancelled else { return }
                guard let report = outcome.report else {
                    attempt.ifCurrent { screen.show("  \(text.mark(.error)) \(exercise.id): \(outcome.problem ?? "not graded")") }
                    firstOpen = firstOpen ?? exercise.id
                    continue
                }
                if report.passed { passed += 1 } else { firstOpen = firstOpen ?? exercise.id }
                attempt.ifCurrent { screen.show(text.line(exercise: exercise.id, report: report)) }
                if settings.record {
                    try? settings.store.record(exercise: exercise, report: report, dockerfile: outcome.dockerfile ?? Data(),
                                               started: outcome.started, finished: outcome.finished)
                }
            }
            attempt.ifCurrent {
                screen.show("")
                screen.show("\(passed) of \(catalogue.exercises.count) exercises passed." + (firstOpen.map { " Next to do: \($0)." } ?? " All done!"))
            }
            sink.yield(.checkedAll(attempt: number, firstOpen: firstOpen))
        }
        running = attempt
        if let task = attempt.task { started.append(task) }
    }

    // MARK: - Exercises

    /// Watches the exercise `id` instead of the current one (without checking it).
    private func switchTo(_ id: String) {
        guard let next = try? settings.course.exercise(id) else { return }
        let nextFolder = ExerciseChoice.folder(of: next, besides: exercise, at: folder)
        if let problem = watch(nextFolder) {
            screen.show("error: \(problem)")
            return
        }
        exercise = next
        folder = nextFolder
        folderLock = SharedFolderLock(folder: nextFolder)
        screen.show("Watching \(next.id) — \(next.title): edit \(display(nextFolder.appendingPathComponent(next.learnersFile))).")
    }

    /// The next exercise, watched and checked: on the learner's path, the next one not
    /// passed (`LearnerPath.exercise(after:)`); in the course's own folders, the next in
    /// the course's order. When there is none, says so and stays.
    private func advance(because reason: String, clear: Bool) {
        let next: Exercise?
        do { next = try nextExercise() } catch {
            screen.show("error: \(error)")
            screen.showFooter()
            return
        }
        guard let next, next.id != exercise.id else {
            screen.show(screen.bold("You have passed every exercise of the course.") + " Keep improving this one, or press q to quit.")
            screen.showFooter()
            return
        }
        let nextFolder = ExerciseChoice.folder(of: next, besides: exercise, at: folder)
        if !clear { screen.show("") }
        if let problem = watch(nextFolder) {
            screen.show("error: \(problem)")
            screen.showFooter()
            return
        }
        exercise = next
        folder = nextFolder
        folderLock = SharedFolderLock(folder: nextFolder)
        check(because: reason + "; next exercise", clear: clear,
              intro: screen.bold("Next: \(next.id)") + " — \(next.title). Edit \(display(nextFolder.appendingPathComponent(next.learnersFile))); each save is checked.", record: false)
    }

    private var isCoursesOwnFolder: Bool { folder.standardizedFileURL == exercise.folder.standardizedFileURL }

    private func nextExercise() throws -> Exercise? {
        if isCoursesOwnFolder {
            let exercises = try settings.course.catalogue().exercises
            guard let index = exercises.firstIndex(where: { $0.id == exercise.id }), index + 1 < exercises.count else { return nil }
            return exercises[index + 1]
        }
        let session = try learnerSession()
        return try session.path().exercise(after: exercise.id)
    }

    /// The lead's learner session (course, workspace, store) for the keys that need it.
    private func learnerSession() throws -> LearnerSession {
        try LearnerSession.open(course: settings.course, workspace: settings.workspace, store: settings.store)
    }

    /// Watches `folder` instead of the one before; the reason when it cannot be watched.
    private func watch(_ folder: URL) -> String? {
        let sink = sink
        let path = folder.path
        do {
            let fresh = try FileWatcher(folder: path) { sink.yield(.changed($0, folder: path)) }
            watcher?.stop()
            watcher = fresh
            return nil
        } catch {
            return error.description + (error.description.hasSuffix("no such folder") ? ". Is the exercise in your workspace (`--workspace`)?" : "")
        }
    }

    // MARK: - Keys

    /// Handles one key; an exit status when it ends the session.
    private func press(_ key: UInt8) async -> Int32? {
        if confirmingReset {
            confirmingReset = false
            if key == UInt8(ascii: "y") || key == UInt8(ascii: "Y") {
                screen.show("y")
                resetExercise()
            } else {
                screen.show("n")
                screen.show("Not reset: your files are as they were.")
            }
            return nil
        }
        switch key {
        case UInt8(ascii: "q"), UInt8(ascii: "Q"):
            await stopGrading()
            screen.show(screen.dim("stopped watching \(exercise.id)."))
            return 0
        case UInt8(ascii: "n"):
            running?.supersede()
            running = nil
            advance(because: "n pressed", clear: true)
        case UInt8(ascii: "c"):
            checkAll()
        case UInt8(ascii: "h"):
            screen.show("")
            showNextHint()
        case UInt8(ascii: "l"):
            screen.show("")
            showList()
        case UInt8(ascii: "r"):
            confirmingReset = true
            screen.show("")
            FileDescriptorOutput(descriptor: STDOUT_FILENO).write(
                "Reset \(exercise.id) to its starter? Your files are kept as a backup. [y/N] ")
        default:
            break
        }
        return nil
    }

    /// h: one more level of the exercise's hints, revealed and recorded as `hint` does.
    private func showNextHint() {
        do {
            let session = try learnerSession()
            for line in try Hint.reveal(exercise, session: session, progress: session.openStore(), colour: screen.colour) {
                screen.show(screen.interactive ? LineWrap.fit(line, width: screen.width) : line)
            }
        } catch {
            screen.show("error: \(error)")
        }
    }

    /// l: every exercise with its status, as `list` shows it.
    private func showList() {
        do {
            let session = try learnerSession()
            let path = try session.path()
            screen.show(PathText(colour: screen.colour, width: screen.width).list(path))
        } catch {
            screen.show("error: \(error)")
        }
    }

    /// r (confirmed): the starter back, the learner's files kept as a backup, as `reset`
    /// does; the save it makes is seen and checked like any other.
    private func resetExercise() {
        guard !isCoursesOwnFolder else {
            screen.show("Not reset: \(display(folder)) is the course's own folder, not a copy in your workspace.")
            return
        }
        do {
            let result = try learnerSession().workspace.reset(exercise)
            if result.restored.isEmpty {
                screen.show("\(display(folder)) already holds the starter; nothing changed.")
            } else {
                screen.show("Restored the starter of \(exercise.id): \(result.restored.joined(separator: ", ")).")
                if let backup = result.backup { screen.show("Your previous files are in \(display(backup)).") }
            }
        } catch {
            screen.show("error: \(error)")
        }
    }

    // MARK: - Signals and the end

    private func listenForSignals() {
        let sink = sink
        let interrupts = interrupts
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if number == SIGWINCH { sink.yield(.resized); return }
                // A second Ctrl-C while the first is cleaning up: out at once (the terminal
                // is put back by RawKeyboard's exit hook).
                if interrupts.increment() > 1 { Foundation.exit(number == SIGINT ? 130 : 128 + number) }
                if number == SIGINT {
                    FileDescriptorOutput.standardError.write("\ninterrupted: stopping and cleaning up (Ctrl-C again to quit at once)\n")
                }
                sink.yield(.signal(number))
            }
            source.resume()
            signalSources.append(source)
        }
    }

    private func tearDown() {
        watcher?.stop()
        keyboard?.restore()
        for source in signalSources { source.cancel() }
    }

    /// A path as the learner would type it: relative to here when it is below here.
    private func display(_ url: URL) -> String {
        let here = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        return path.hasPrefix(here + "/") ? String(path.dropFirst(here.count + 1)) : path
    }

    /// Editors' by-products that are not the learner's work: swap and backup files, vim's
    /// write probe `4913`, emacs' lock and autosave files, hidden files (but .dockerignore).
    static func isLearnersFile(_ name: String) -> Bool {
        if name == ".dockerignore" { return true }
        if name.hasPrefix(".") || name.hasSuffix("~") || (name.hasPrefix("#") && name.hasSuffix("#")) { return false }
        if [".swp", ".swx", ".swo", ".swpx", ".tmp"].contains(where: name.hasSuffix) { return false }
        return !name.allSatisfy(\.isNumber)
    }
}

/// One grade in flight. Once superseded, its events no longer reach the screen.
private final class Attempt: @unchecked Sendable {
    let number: Int
    let progress: ProgressDisplay
    /// Whether its grade goes into the learner's history (see `check(because:…)`).
    let recorded: Bool
    var task: Task<Void, Never>?
    private let lock = NSLock()
    private var current = true

    init(number: Int, progress: ProgressDisplay, recorded: Bool) {
        self.number = number
        self.progress = progress
        self.recorded = recorded
    }

    func ifCurrent(_ body: () -> Void) {
        lock.withLock { if current { body() } }
    }

    /// Cancels the grade; a build's live status line ends saying why.
    func supersede(_ note: String = "stopped") {
        lock.withLock { current = false }
        progress.finish(.failure(note))
        task?.cancel()
    }
}

/// The exercise lock (one grader per folder, across processes) held while any of this
/// session's grades of the folder runs: a new save's grade does not wait for the
/// cancelled one to finish cleaning up, but a `check` in another terminal does.
final class SharedFolderLock: @unchecked Sendable {
    private let lock: ExerciseLock
    private let guardLock = NSLock()
    private var holders = 0

    init(folder: URL) { lock = ExerciseLock(folder: folder) }

    func enter() async {
        let first = guardLock.withLock { holders += 1; return holders == 1 }
        guard first else { return }
        // flock waits in the kernel: off the shared task threads.
        let lock = lock
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                lock.acquire { holder in
                    FileDescriptorOutput.standardError.write("waiting: another `dockerlings check` of this exercise is running (\(holder))…\n")
                }
                done.resume()
            }
        }
    }

    func leave() {
        let last = guardLock.withLock { holders -= 1; return holders == 0 }
        if last { lock.release() }
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.withLock { value += 1; return value } }
}
