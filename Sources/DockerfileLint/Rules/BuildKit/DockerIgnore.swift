import Foundation

/// A build context's `.dockerignore`, read as Docker reads it: one pattern a line, `#` lines
/// are comments, surrounding blanks trimmed, each pattern path-cleaned with a leading `/`
/// dropped, `!` marking an exception.
public struct DockerIgnore: Sendable, Hashable {
    let patterns: [DockerIgnorePattern]
    /// Where it was read from, for messages (nil when given as text).
    public let path: String?

    /// Some pattern does not parse (an unclosed `[`, a trailing `\`, a lone `!`): BuildKit
    /// fails the build on such a file, so nothing can be said about what it excludes.
    public let invalidPattern: String?

    public init(text: String, path: String? = nil) {
        var patterns: [DockerIgnorePattern] = []
        var invalid: String?
        var first = true
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var line = Substring(rawLine)
            if first, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            first = false
            if line.hasPrefix("#") { continue }
            var pattern = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if pattern.isEmpty { continue }
            let exception = pattern.hasPrefix("!")
            if exception { pattern = String(pattern.dropFirst()).trimmingCharacters(in: .whitespacesAndNewlines) }
            if !pattern.isEmpty {
                pattern = PathText.clean(pattern)
                if pattern.count > 1, pattern.hasPrefix("/") { pattern.removeFirst() }
            }
            do {
                patterns.append(try DockerIgnorePattern((exception ? "!" : "") + pattern))
            } catch {
                invalid = invalid ?? String(line)
            }
        }
        self.patterns = patterns
        self.path = path
        self.invalidPattern = invalid
    }

    /// Some line starts with `!`. BuildKit does not check COPY sources against such a file:
    /// an excluded directory may have an included file inside, which only the files can tell.
    public var hasExceptions: Bool { patterns.contains { $0.isException } }

    /// A pattern that excludes the whole context.
    public var hasCatchAll: Bool { patterns.contains { !$0.isException && ["*", "**", "**/*"].contains($0.cleaned) } }

    /// Whether a COPY/ADD source (a context path as written, cleaned) is excluded. `.` and
    /// `/` name the whole context, which only a catch-all pattern excludes. A leading `/`
    /// is relative to the context root like any other source.
    func excludes(source cleaned: String) -> Bool {
        if cleaned == "." || cleaned == "/" { return hasCatchAll }
        let path = cleaned.hasPrefix("/") ? String(cleaned.dropFirst()) : cleaned
        // Without exceptions (the only case checked) a path is excluded when any pattern
        // matches it or one of its parent directories.
        return patterns.contains { $0.matchesOrParentMatches(path) }
    }
}

/// Where a Dockerfile's build context is, for the checks that read its `.dockerignore`.
public enum BuildContextSource: Sendable, Hashable {
    /// The ignore file's text, given directly (rule examples, tests).
    case dockerignore(String)
    /// A context directory on disk, and the Dockerfile's path (nil for standard input).
    /// Docker's rule: `<Dockerfile>.dockerignore` beside the Dockerfile wins when it
    /// exists, else `<directory>/.dockerignore`.
    case directory(String, dockerfile: String?)

    /// The ignore file that applies, or nil when there is none (or it cannot be read).
    /// Costs one or two `open` calls; nothing is walked.
    public func load() -> DockerIgnore? {
        switch self {
        case .dockerignore(let text):
            return DockerIgnore(text: text)
        case .directory(let directory, let dockerfile):
            var candidates: [String] = []
            if let dockerfile { candidates.append(dockerfile + ".dockerignore") }
            candidates.append((directory.isEmpty ? "." : directory) + "/.dockerignore")
            for path in candidates {
                guard let bytes = Self.read(path) else { continue }
                return DockerIgnore(text: String(decoding: bytes, as: UTF8.self), path: path)
            }
            return nil
        }
    }

    /// The file's bytes, or nil when it cannot be opened. Plain `open`/`read`: the usual
    /// case is a file that is not there, which should cost one system call and nothing more.
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { return out }
            out.append(contentsOf: chunk[..<n])
        }
    }

    /// The context of a Dockerfile named on the command line: `directory` when given,
    /// else the Dockerfile's own directory. Standard input (`-`) has none unless given.
    public static func forDockerfile(_ file: String, contextDirectory: String?) -> BuildContextSource? {
        let isStdin = file == "-"
        if let contextDirectory { return .directory(contextDirectory, dockerfile: isStdin ? nil : file) }
        if isStdin { return nil }
        let directory = file.lastIndex(of: "/").map { String(file[..<$0]) } ?? "."
        return .directory(directory.isEmpty ? "/" : directory, dockerfile: file)
    }
}
