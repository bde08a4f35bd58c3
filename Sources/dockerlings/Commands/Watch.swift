import ArgumentParser
import Foundation

struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Check your exercise each time you save it, and go on to the next when it passes.",
        discussion: """
            Watches the exercise's folder and grades it as `check` does, each time a file in \
            it is saved: the static results (parse, lint, structure) show at once, then the \
            build as it goes. Saving again while a build runs stops that build (what it made \
            in Docker is removed) and checks the new version. Every grade is recorded in your \
            progress database, like `check`'s. When the exercise passes, watch moves on to the \
            next one in the course and checks it.

            Any editor works: the folder is watched, not the file, so saving by renaming a new \
            file over the old (vim, sed -i, most IDEs) and a Dockerfile deleted and made again \
            are seen too. Editors' swap and backup files are ignored. Linux only (inotify).

            Keys (on a terminal):
              n  go on to the next exercise
              h  show the next hint (each is recorded, as `hint` does)
              l  list the exercises and where you stand
              c  check every exercise, then watch the first one not passed
              r  reset the exercise to its starter (asks first; your file is kept as a backup)
              q  quit
            Ctrl-C quits too, after stopping the build. Without a terminal (in a pipe or a \
            script) it prints plain lines and reads no keys; stop it with Ctrl-C or SIGTERM.

            EXERCISE is an exercise id; without it, the exercise whose folder you are in, else \
            the one you are on. Your copy of it is in your workspace (see `init`).

            Exit status: 0 quit with q, 2 could not start (no such exercise or folder), \
            130 interrupted (Ctrl-C), 143 terminated.

            Examples:
              dockerlings watch first-dockerfile
              dockerlings watch multistage-flask --no-build
            """)

    @Argument(help: "The exercise to start with (default: the one whose folder you are in, else the one you are on).")
    var exercise: String?

    @Flag(help: "Grade only what needs no engine: parse, lint, structure (instant, but never passes an exercise that builds).")
    var noBuild = false

    @Flag(name: [.customLong("explain"), .customShort("v")], help: "Also print every docker command the grader runs.")
    var explain = false

    @Flag(help: "Do not record the attempts in the progress database.")
    var noRecord = false

    @Flag(help: "No colours and no redrawn screens: plain lines, whatever the terminal.")
    var plain = false

    @OptionGroup var courseOptions: CourseOptions
    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var store: StoreOptions

    func run() async throws {
        do {
            let (start, folder) = try ExerciseChoice.locate(exercise, course: courseOptions, workspace: workspaceOptions,
                                                            store: store, command: "watch")
            let settings = WatchSettings(course: courseOptions, workspace: workspaceOptions, store: store, staticOnly: noBuild,
                                         record: !noRecord, plain: plain, explain: explain)
            let status = await WatchSession(exercise: start, folder: folder, settings: settings).run()
            throw ExitCode(status)
        } catch let failure as CommandFailure {
            failure.exit()
        }
    }
}
