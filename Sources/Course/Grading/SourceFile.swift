import DockerfileSyntax
import Foundation
import ProgressStore

/// The learner's Dockerfile as read for one grade: its bytes, and how it parsed.
struct SourceFile: Sendable {
    /// A Dockerfile larger than this is refused before parsing (BuildKit's own limit on a
    /// line is 64 KiB; no exercise needs a megabyte of Dockerfile). The store keeps no
    /// Dockerfile over it either.
    static let sizeLimit = KeptDockerfile.limit

    /// Why the file cannot be graded at all (exit status 2): nothing to read.
    struct Unreadable: Error, CustomStringConvertible, Sendable {
        var description: String
    }

    /// Why the file does not parse.
    struct Problem: Error, Sendable {
        var description: String
        var line: Int?
    }

    var url: URL
    var bytes: [UInt8]
    var parse: Result<Dockerfile, Problem>

    /// It does not parse, or BuildKit would refuse an instruction of it (unknown, a bad flag):
    /// the parse check fails and says where, and the checks after it do not run on it.
    var refusedByBuildKit: Bool { (try? parse.get()).map { !$0.problems.isEmpty } ?? true }

    /// What a check that needs a Dockerfile BuildKit accepts says when it is not.
    static let needsParsing = "not run: needs a Dockerfile that parses (see `parse`)"

    /// The text as stored with the attempt (invalid UTF-8 replaced, so it can be shown).
    var text: String { String(decoding: bytes, as: UTF8.self) }

    static func read(_ url: URL) throws(Unreadable) -> SourceFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw Unreadable(description: "There is no Dockerfile at \(url.path). Create it (the exercise's starter is in the course's Exercises folder), or name another file with --dockerfile.")
        }
        if isDirectory.boolValue {
            throw Unreadable(description: "\(url.path) is a folder, not a Dockerfile; name the file inside it.")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Unreadable(description: "\(url.path) cannot be read: check its permissions (`ls -l \(url.path)`).")
        }
        let bytes = [UInt8](data)
        return SourceFile(url: url, bytes: bytes, parse: parse(bytes))
    }

    static func parse(_ bytes: [UInt8]) -> Result<Dockerfile, Problem> {
        if bytes.count > sizeLimit {
            return .failure(Problem(description: "The Dockerfile is \(bytes.count / 1024) KiB, more than a Dockerfile should ever be (limit \(sizeLimit / 1024) KiB): is it the right file?"))
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
            return .failure(Problem(description: "The Dockerfile is empty. Start with a FROM line naming the base image, e.g. `FROM python:3.12-slim`.", line: 1))
        }
        do {
            return .success(try Dockerfile.parse(bytes))
        } catch {
            var text = error.description
            if error.kind == .notText { text = "This is not a text file (\(error.message)): a Dockerfile is plain UTF-8 text. Was a binary file saved over it?" }
            else if let line = error.range?.start.line, let column = error.range?.start.column {
                text = "line \(line), column \(column): \(error.message)"
            }
            if let hint = error.hint { text += " (\(hint))" }
            return .failure(Problem(description: text, line: error.range?.start.line))
        }
    }
}
