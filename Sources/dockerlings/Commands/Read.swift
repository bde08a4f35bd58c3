import ArgumentParser
import Foundation
import TerminalUI

struct Read: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read a lesson in the terminal.",
        discussion: """
            LESSON is a lesson id (`01`, `images`, `01-images`, or the `id:` in its front \
            matter) from the course's Lessons/ folder, or the path of any Markdown file.

            Output is coloured on a terminal with the sixteen standard colours, so your \
            theme decides the shades. NO_COLOR=1 or --plain turns colour off; FORCE_COLOR=1 \
            keeps it in a pipe. A lesson taller than the screen opens in $PAGER (else \
            `less -R`). The width comes from --width, else COLUMNS, else the terminal \
            (at most 100 columns, which reads best).
            """
    )

    @Argument(help: "A lesson id, or the path of a Markdown file.")
    var lesson: String

    @Flag(help: "No colours or escape codes, whatever the terminal.")
    var plain = false

    @Option(help: "Lay out for this many columns instead of the terminal's width.")
    var width: Int?

    @Flag(help: "Print straight to the terminal, even when the lesson is taller than the screen.")
    var noPager = false

    @Option(help: "Where the lessons are (default: the nearest Lessons/ folder from here upwards).")
    var lessonsDir: String?

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let directory = lessonsDir.map { URL(fileURLWithPath: $0) }
            ?? LessonLocator.lessonsDirectory(searchingUpFrom: cwd)
        let found: (url: URL, source: String)
        do {
            found = try LessonLocator(lessonsDirectory: directory).locate(lesson)
        } catch let error as LessonLocator.LookupError {
            throw ValidationError(error.description)
        }
        let terminal = TerminalEnvironment.current()
        let renderer = MarkdownRenderer(options: terminal.renderOptions(plain: plain, width: width))
        let lines = renderer.renderLines(markdown: found.source)
        let text = lines.joined(separator: "\n") + "\n"
        if noPager {
            FileHandle.standardOutput.write(Data(text.utf8))
        } else {
            Pager(terminal: terminal).present(text, lineCount: lines.count)
        }
    }
}
