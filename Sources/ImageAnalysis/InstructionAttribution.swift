import Foundation

/// A Dockerfile instruction as the caller knows it: its line and its text (`RUN apt-get ...`).
/// The analyser does not parse Dockerfiles; whoever has parsed one passes this list.
public struct SourceInstruction: Sendable, Hashable, Codable {
    public var line: Int
    public var text: String
    public init(line: Int, text: String) {
        self.line = line
        self.text = text
    }

    var keyword: String { String(text.prefix { !$0.isWhitespace }).uppercased() }
    var arguments: String { normalize(String(text.drop { !$0.isWhitespace })) }
}

/// Ties image history entries to the Dockerfile instructions that made them.
///
/// Only the final stage (and the stages it is built `FROM`) reach the image, so those
/// instructions are aligned, in order, with the history: an alignment that maximises how
/// well each pair agrees (same instruction, same command), so base-image history and
/// instructions that leave no history entry are passed over rather than mis-numbered.
enum InstructionAttribution {
    static func match(history: [String], instructions: [SourceInstruction]) -> [SourceInstruction?] {
        let chain = finalStageChain(instructions)
        let parsed = history.map(HistoryStep.init)
        let n = parsed.count, m = chain.count
        guard n > 0, m > 0 else { return Array(repeating: nil, count: n) }
        // score[i][j]: best total for history[i...] against chain[j...].
        var score = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                var best = max(score[i + 1][j], score[i][j + 1])
                let s = agreement(parsed[i], chain[j])
                if s > 0 { best = max(best, s + score[i + 1][j + 1]) }
                score[i][j] = best
            }
        }
        var result = [SourceInstruction?](repeating: nil, count: n)
        var i = 0, j = 0
        while i < n && j < m {
            let s = agreement(parsed[i], chain[j])
            if s > 0 && score[i][j] == s + score[i + 1][j + 1] {
                result[i] = chain[j]; i += 1; j += 1
            } else if score[i][j] == score[i + 1][j] {
                i += 1
            } else {
                j += 1
            }
        }
        return result
    }

    /// The instructions that reach the final image: the last stage, preceded by the stages
    /// it builds on (`FROM builder`), without the FROM lines themselves.
    static func finalStageChain(_ instructions: [SourceInstruction]) -> [SourceInstruction] {
        var stages: [(name: String?, base: String, body: [SourceInstruction])] = []
        for instruction in instructions {
            if instruction.keyword == "FROM" {
                let words = instruction.text.split(whereSeparator: \.isWhitespace).map(String.init)
                let operands = words.dropFirst().filter { !$0.hasPrefix("--") }
                let base = operands.first ?? ""
                var name: String?
                if let asIndex = operands.firstIndex(where: { $0.uppercased() == "AS" }), asIndex + 1 < operands.endIndex {
                    name = operands[asIndex + 1].lowercased()
                }
                stages.append((name, base.lowercased(), []))
            } else if !stages.isEmpty {
                stages[stages.count - 1].body.append(instruction)
            }
        }
        guard var current = stages.indices.last else { return instructions.filter { $0.keyword != "ARG" } }
        var chain = stages[current].body
        var guardCount = 0
        while guardCount < stages.count {
            guardCount += 1
            let base = stages[current].base
            let earlier = stages[..<current]
            if let parent = earlier.lastIndex(where: { $0.name == base }) ?? Int(base).flatMap({ $0 < current ? $0 : nil }) {
                chain = stages[parent].body + chain
                current = parent
            } else { break }
        }
        return chain
    }

    private static func agreement(_ step: HistoryStep, _ instruction: SourceInstruction) -> Int {
        guard step.keyword == instruction.keyword else { return 0 }
        let a = step.arguments, b = instruction.arguments
        switch step.keyword {
        case "RUN":
            let shellB = b.hasPrefix("[") ? b : b
            if a == shellB || (!a.isEmpty && (a.contains(shellB) || shellB.contains(a))) { return 4 }
            return 1
        case "COPY", "ADD":
            let destA = a.split(separator: " ").last, destB = b.split(separator: " ").last
            return destA != nil && destA == destB ? 3 : 1
        default:
            return a == b ? 3 : 2
        }
    }
}

/// One history entry, read back into an instruction keyword and its arguments. Covers the
/// classic builder (`/bin/sh -c #(nop)  CMD ["sh"]`, `/bin/sh -c apt-get ...`,
/// `|1 V=2 /bin/sh -c ...`) and BuildKit (`RUN /bin/sh -c ... # buildkit`, `COPY /a /b # buildkit`).
struct HistoryStep {
    var keyword: String
    var arguments: String

    static let keywords: Set<String> = ["RUN", "COPY", "ADD", "ENV", "CMD", "ENTRYPOINT", "WORKDIR", "USER", "EXPOSE",
                                        "LABEL", "VOLUME", "HEALTHCHECK", "SHELL", "STOPSIGNAL", "ONBUILD", "ARG", "MAINTAINER"]

    init(_ createdBy: String) {
        var text = createdBy.trimmingSpaces
        if text.hasSuffix("# buildkit") { text = String(text.dropLast("# buildkit".count)).trimmingSpaces }
        if let nop = text.range(of: "#(nop) ") {
            let rest = String(text[nop.upperBound...]).trimmingSpaces
            keyword = String(rest.prefix { !$0.isWhitespace }).uppercased()
            arguments = normalize(String(rest.drop { !$0.isWhitespace }))
            return
        }
        let first = String(text.prefix { !$0.isWhitespace })
        if Self.keywords.contains(first) {
            keyword = first
            text = String(text.dropFirst(first.count)).trimmingSpaces
        } else {
            keyword = text.isEmpty ? "" : "RUN"
        }
        if keyword == "RUN" { text = Self.shellCommand(text) }
        arguments = normalize(text)
    }

    /// `|2 A=1 B=2 /bin/sh -c CMD` → `CMD`.
    static func shellCommand(_ text: String) -> String {
        var rest = Substring(text)
        if rest.hasPrefix("|"), let space = rest.firstIndex(of: " "), let count = Int(rest.dropFirst().prefix(upTo: space)) {
            rest = rest[space...].drop { $0 == " " }
            for _ in 0..<count {
                // Each build arg is NAME=value with no spaces in NAME; values may be quoted but rarely hold spaces.
                rest = rest.drop { !$0.isWhitespace }.drop { $0 == " " }
            }
        }
        for prefix in ["/bin/sh -c ", "/bin/bash -c ", "cmd /S /C "] where rest.hasPrefix(prefix) {
            return String(rest.dropFirst(prefix.count))
        }
        return String(rest)
    }
}

/// Collapses runs of white space (and Dockerfile line continuations) to single spaces.
func normalize(_ text: String) -> String {
    text.replacingOccurrences(of: "\\\n", with: " ")
        .split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
