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

    @Option(help: "Where the lessons are (default: the course's Lessons/ folder).")
    var lessonsDir: String?

    @Option(help: ArgumentHelp("Open the lesson at this section (a heading's words, as a check's hint names it).", valueName: "heading"))
    var section: String?

    @Flag(help: "Do not mark the lesson as read in your progress.")
    var noRecord = false

    @OptionGroup var courseOptions: CourseOptions
    @OptionGroup var store: StoreOptions

    func run() throws {
        let directory: URL
        if let lessonsDir {
            directory = URL(fileURLWithPath: lessonsDir)
        } else if FileManager.default.fileExists(atPath: lesson) {
            directory = URL(fileURLWithPath: lesson).deletingLastPathComponent()  // any Markdown file: no course needed
        } else {
            do { directory = try courseOptions.root().appendingPathComponent("Lessons") } catch let failure as CommandFailure { failure.exit() }
        }
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
        var start = 0
        if let section {
            guard let line = SectionFinder.line(of: section, in: lines) else {
                throw ValidationError("No section \"\(section)\" in \(found.url.lastPathComponent). Its sections: \(SectionFinder.headings(in: found.source).joined(separator: "; ")).")
            }
            start = line
        }
        if noPager {
            let shown = start > 0 ? lines.dropFirst(start).joined(separator: "\n") + "\n" : text
            FileHandle.standardOutput.write(Data(shown.utf8))
        } else {
            Pager(terminal: terminal).present(text, lineCount: lines.count, startLine: start)
        }
        if !noRecord, !FileManager.default.fileExists(atPath: lesson) || lessonsDir != nil {
            markRead(found.url, source: found.source, lessons: directory)
        }
    }

    /// A lesson of the course (not any Markdown file) counts as read once shown. A database
    /// that cannot be written costs the mark, never the lesson.
    private func markRead(_ url: URL, source: String, lessons: URL) {
        guard url.deletingLastPathComponent().standardizedFileURL.path == lessons.standardizedFileURL.path else { return }
        let id = FrontMatter.split(source).frontMatter?["id"] ?? url.deletingPathExtension().lastPathComponent
        do {
            try store.openStore().recordLessonRead(id, by: store.resolvedLearner(), finished: true)
        } catch {
            FileHandle.standardError.write(Data("warning: the lesson was not marked as read: \(error)\n".utf8))
        }
    }
}
