import Course
import DockerfileLint
import DockerfileSyntax
import Foundation
import Testing
import TerminalUI
import TestSupport

/// The lessons as a learner reads them: each is complete (front matter, a self-check), every
/// Dockerfile it shows is real (parses as BuildKit does, lints clean, or shows on purpose the
/// mistake it names), and it fits a terminal of 40, 80 or 120 columns.
@Suite struct LessonTests {
    struct Lesson: CustomTestStringConvertible, Sendable {
        var file: URL
        var source: String
        var testDescription: String { file.lastPathComponent }
        var frontMatter: FrontMatter? { FrontMatter.split(source).frontMatter }
        var body: Substring { FrontMatter.split(source).body }
    }

    static let lessons: [Lesson] = {
        let folder = RepoPaths.root.appendingPathComponent("Lessons")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.range(of: #"^\d\d-[a-z0-9-]+\.md$"#, options: .regularExpression) != nil }.sorted()
        return names.map { name in
            let url = folder.appendingPathComponent(name)
            return Lesson(file: url, source: (try? String(contentsOf: url, encoding: .utf8)) ?? "")
        }
    }()

    /// A fenced block: its info string's words and its text.
    struct Block {
        var info: [String]
        var text: String
        var line: Int
    }

    static func blocks(_ markdown: Substring) -> [Block] {
        var out: [Block] = []
        var open: (info: [String], fence: String, line: Int)?
        var text: [Substring] = []
        for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if let current = open {
                if trimmed.hasPrefix(current.fence) && trimmed.allSatisfy({ $0 == current.fence.first || $0 == " " }) {
                    out.append(Block(info: current.info, text: text.joined(separator: "\n") + "\n", line: current.line))
                    open = nil
                    text = []
                } else {
                    text.append(line)
                }
            } else if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                let fence = String(trimmed.prefix { $0 == trimmed.first })
                let info = trimmed.dropFirst(fence.count).split(separator: " ").map { String($0).lowercased() }
                open = (info, fence, index + 1)
            }
        }
        return out
    }

    @Test func thereAreAtLeastTenInCourseOrder() {
        #expect(Self.lessons.count >= 10)
        let orders = Self.lessons.compactMap { $0.frontMatter?["order"].flatMap { Int($0) } }
        #expect(orders == orders.sorted() && Set(orders).count == orders.count)
    }

    @Test(arguments: lessons)
    func frontMatterNamesRealExercisesAndTheLessonEndsWithASelfCheck(lesson: Lesson) throws {
        let front = try #require(lesson.frontMatter, "no front matter")
        for key in ["id", "title", "order", "exercises"] { #expect(front[key] != nil, "missing \(key)") }
        let number = Int(lesson.file.lastPathComponent.prefix(2))
        #expect(front["order"].flatMap { Int($0) } == number, "order must match the file's number")
        let catalogue = try Catalogue.load(root: RepoPaths.root)
        let listed = (front["exercises"] ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for id in listed { #expect(catalogue.exercise(id) != nil, "leads to \(id), which is not an exercise") }
        let headings = lesson.body.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(headings.last?.lowercased().hasPrefix("## self-check") == true, "the last section must be the self-check")
    }

    @Test(arguments: lessons)
    func everyDockerfileBlockIsReal(lesson: Lesson) throws {
        var linter = LintConfiguration()
        linter.shellcheck = .never
        let lint = Linter(configuration: linter)
        for block in Self.blocks(lesson.body) where block.info.first == "dockerfile" {
            let place = "\(lesson.testDescription), block at line \(block.line)"
            let parsed: Dockerfile
            do { parsed = try Dockerfile.parse(block.text) } catch {
                Issue.record("\(place) does not parse: \(error)")
                continue
            }
            if block.info.contains("fragment") { continue }
            #expect(parsed.problems.isEmpty, "\(place): \(parsed.problems.map(\.description))")
            let findings = lint.lint(Array(block.text.utf8), file: "Dockerfile").findings
            if let bad = block.info.firstIndex(of: "bad") {
                let expected = block.info[(bad + 1)...].map { $0.uppercased() }
                #expect(!expected.isEmpty, "\(place): a `bad` block names the finding it shows")
                let codes = Set(findings.map { $0.code.uppercased() })
                for code in expected { #expect(codes.contains(code), "\(place) should show \(code); it gives \(codes.sorted())") }
            } else {
                let serious = findings.filter { $0.severity >= .warning }
                #expect(serious.isEmpty, "\(place): \(serious.map { "\($0.line): \($0.code) \($0.message)" })")
            }
        }
    }

    @Test(arguments: lessons)
    func itFitsFortyEightyAndOneHundredTwentyColumns(lesson: Lesson) {
        for width in [40, 80, 120] {
            let lines = MarkdownRenderer(options: .plain(width: width)).renderLines(markdown: lesson.source)
            // Reference addresses stay whole so they can be copied, as the renderer promises.
            for line in lines where !line.hasPrefix("[") {
                #expect(DisplayWidth.of(line) <= width, "\(lesson.testDescription) at \(width): \(line)")
            }
        }
    }

    @Test func everyExercisesLessonExists() throws {
        let ids = Set(Self.lessons.compactMap { $0.frontMatter?["id"] })
        for exercise in try Catalogue.load(root: RepoPaths.root).exercises {
            let lesson = try #require(exercise.manifest.lesson, "\(exercise.id) names no lesson")
            #expect(ids.contains(lesson), "\(exercise.id) points to lesson \(lesson), which does not exist")
        }
    }
}
