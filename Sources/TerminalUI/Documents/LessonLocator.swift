import Foundation

/// Finds the Markdown a reader asked for: the path of any Markdown file, or a lesson
/// id matched against `Lessons/NN-slug.md` (by front-matter `id`, `NN`, `slug` or
/// `NN-slug`).
public struct LessonLocator: Sendable {
    public var lessonsDirectory: URL

    public init(lessonsDirectory: URL) { self.lessonsDirectory = lessonsDirectory }

    public enum LookupError: Error, CustomStringConvertible, Equatable {
        case notFound(query: String, directory: String, known: [String])
        case unreadable(path: String, reason: String)

        public var description: String {
            switch self {
            case let .notFound(query, directory, known):
                let list = known.isEmpty
                    ? "there are no lessons in \(directory) yet"
                    : "known lessons: \(known.joined(separator: ", "))"
                return "No lesson or Markdown file named '\(query)' (\(list)). Pass a lesson id such as `01` or `01-images`, or the path of a .md file."
            case let .unreadable(path, reason):
                return "Cannot read \(path): \(reason). Check that the file exists and is readable."
            }
        }
    }

    /// The first `Lessons` folder found from `start` upwards, else `start/Lessons`.
    public static func lessonsDirectory(searchingUpFrom start: URL) -> URL {
        var dir = start.standardizedFileURL
        for _ in 0..<12 {
            let candidate = dir.appendingPathComponent("Lessons")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return start.appendingPathComponent("Lessons")
    }

    /// The file for `query` and its text.
    public func locate(_ query: String) throws -> (url: URL, source: String) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: query, isDirectory: &isDirectory), !isDirectory.boolValue {
            let url = URL(fileURLWithPath: query)
            return (url, try read(url))
        }
        let lessons = lessonFiles()
        let wanted = query.lowercased().replacingOccurrences(of: ".md", with: "")
        for url in lessons {
            let name = url.deletingPathExtension().lastPathComponent.lowercased()
            let number = String(name.prefix { $0.isNumber })
            let slug = name.drop { $0.isNumber }.drop { $0 == "-" || $0 == "_" }
            if wanted == name || wanted == slug || (!number.isEmpty && Int(wanted) == Int(number)) {
                return (url, try read(url))
            }
        }
        for url in lessons {
            let source = try read(url)
            if let id = FrontMatter.split(source).frontMatter?["id"], id.lowercased() == wanted {
                return (url, source)
            }
        }
        throw LookupError.notFound(
            query: query, directory: lessonsDirectory.path,
            known: lessons.map { $0.deletingPathExtension().lastPathComponent })
    }

    /// `NN-slug.md` files of the lessons folder, in course order.
    public func lessonFiles() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: lessonsDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && ($0.first?.isNumber ?? false) }
            .sorted()
            .map { lessonsDirectory.appendingPathComponent($0) }
    }

    private func read(_ url: URL) throws -> String {
        do {
            let data = try Data(contentsOf: url)
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw LookupError.unreadable(path: url.path, reason: error.localizedDescription)
        }
    }
}
