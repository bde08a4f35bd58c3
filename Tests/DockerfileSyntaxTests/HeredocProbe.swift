@testable import DockerfileSyntax

/// Reaches the parser's heredoc detection directly, for BuildKit's word-level test tables.
enum HeredocProbe {
    static func word(_ word: String) throws -> Heredoc? { try HeredocScanner.parse(word: word) }
    static func line(_ line: String) throws -> [Heredoc] { try HeredocScanner.heredocs(inLine: line) }
}
