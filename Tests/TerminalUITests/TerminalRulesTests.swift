import Foundation
import Testing
import TestSupport
@testable import TerminalUI

/// Colour, width, hyperlink and pager decisions from the environment, and lesson lookup.
@Suite struct TerminalRulesTests {
    func terminal(_ environment: [String: String], tty: Bool = true, size: (Int, Int)? = (120, 40)) -> TerminalEnvironment {
        TerminalEnvironment(environment: environment, isTerminal: tty, size: size)
    }

    @Test func colourFollowsTTYAndTheConventions() {
        #expect(terminal(["TERM": "xterm"]).usesColor(plain: false))
        #expect(!terminal(["TERM": "xterm"], tty: false).usesColor(plain: false))
        #expect(!terminal(["TERM": "dumb"]).usesColor(plain: false))
        #expect(!terminal(["TERM": "xterm"]).usesColor(plain: true))
        #expect(!terminal(["TERM": "xterm", "NO_COLOR": "1"]).usesColor(plain: false))
        #expect(terminal(["TERM": "xterm", "NO_COLOR": ""]).usesColor(plain: false), "an empty NO_COLOR is unset")
        #expect(terminal(["FORCE_COLOR": "1"], tty: false).usesColor(plain: false))
        #expect(!terminal(["FORCE_COLOR": "0"]).usesColor(plain: false))
        #expect(!terminal(["FORCE_COLOR": "1"], tty: false).usesColor(plain: true), "--plain wins")
    }

    @Test func widthComesFromFlagThenColumnsThenTerminal() {
        #expect(terminal([:]).width(requested: 60) == 60)
        #expect(terminal([:]).width(requested: 140) == 140, "an explicit width is honoured")
        #expect(terminal(["COLUMNS": "72"]).width(requested: nil) == 72)
        #expect(terminal(["COLUMNS": "300"]).width(requested: nil) == 100)
        #expect(terminal([:]).width(requested: nil) == 100, "a 120-column terminal is capped")
        #expect(terminal([:], size: (64, 20)).width(requested: nil) == 64)
        #expect(terminal([:], tty: false, size: nil).width(requested: nil) == 80)
        #expect(terminal([:]).width(requested: 5) == RenderOptions.minimumWidth)
    }

    @Test func hyperlinksOnlyWhereKnownToWork() {
        #expect(terminal(["TERM_PROGRAM": "iTerm.app"]).supportsHyperlinks(colors: true))
        #expect(terminal(["VTE_VERSION": "7200"]).supportsHyperlinks(colors: true))
        #expect(!terminal(["TERM": "xterm"]).supportsHyperlinks(colors: true))
        #expect(!terminal(["TERM_PROGRAM": "iTerm.app"]).supportsHyperlinks(colors: false))
        #expect(!terminal(["TERM_PROGRAM": "iTerm.app", "TMUX": "/tmp/x"]).supportsHyperlinks(colors: true))
        #expect(terminal(["DOCKERLINGS_HYPERLINKS": "1"], tty: false).supportsHyperlinks(colors: false))
    }

    @Test func pagerOnlyForTallTextOnATerminal() {
        let pager = Pager(terminal: terminal([:], size: (100, 40)))
        #expect(pager.command == ["less", "-R"])
        #expect(!pager.shouldPage(lineCount: 39))
        #expect(pager.shouldPage(lineCount: 40))
        #expect(!Pager(terminal: terminal([:], tty: false, size: nil)).shouldPage(lineCount: 1000))
        #expect(Pager(terminal: terminal(["PAGER": "most -s"])).command == ["most", "-s"])
        #expect(!Pager(terminal: terminal(["PAGER": "cat"])).shouldPage(lineCount: 1000))
    }

    @Test func lessonsAreFoundByNumberSlugIdOrPath() throws {
        let dir = try RepoPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lesson = "---\nid: docker-images\ntitle: Docker images\n---\n# Images\n"
        try lesson.write(to: dir.appendingPathComponent("01-images.md"), atomically: true, encoding: .utf8)
        try "# Containers\n".write(to: dir.appendingPathComponent("02-containers.md"), atomically: true, encoding: .utf8)
        let locator = LessonLocator(lessonsDirectory: dir)
        for query in ["01", "1", "images", "01-images", "01-images.md", "docker-images"] {
            #expect(try locator.locate(query).url.lastPathComponent == "01-images.md", "\(query)")
        }
        #expect(try locator.locate("2").source == "# Containers\n")
        let path = dir.appendingPathComponent("02-containers.md").path
        #expect(try locator.locate(path).url.path == path)
        #expect(throws: LessonLocator.LookupError.self) { try locator.locate("volumes") }
        do {
            _ = try locator.locate("volumes")
        } catch let error as LessonLocator.LookupError {
            #expect(error.description.contains("known lessons: 01-images, 02-containers"))
        }
    }

    @Test func frontMatterNeedsKeyValueLines() {
        #expect(FrontMatter.split("---\nFoo\n---\nBar\n").frontMatter == nil, "a setext heading, not metadata")
        #expect(FrontMatter.split("---\n\nText").frontMatter == nil, "a thematic break with no closing line")
        let (matter, body) = FrontMatter.split("---\nid: 03\ntitle: \"Volumes: keeping data\"\nexercises:\n  - volumes-1\n---\nBody\n")
        #expect(matter?["id"] == "03")
        #expect(matter?["title"] == "Volumes: keeping data")
        #expect(body == "Body\n")
    }
}
