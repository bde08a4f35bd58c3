import DockerfileSyntax

/// Ignore comments in a Dockerfile: `# hadolint ignore=DL3008,SC2086` (or
/// `# dockerlings ignore=…`) covers the line right after it; `global ignore=` the whole
/// file; `stage ignore=` from the second line after it up to the next FROM (hadolint's
/// behaviour, off-by-one included).
public struct Pragmas: Sendable {
    /// Codes ignored on a line.
    var byLine: [Int: Set<String>] = [:]
    var global: Set<String> = []
    /// (from line, codes): the stage pragma's reach starts there and ends at the next FROM.
    var stage: [(from: Int, until: Int, codes: Set<String>)] = []
    /// Lines holding an inline ignore pragma (what DL1001 reports).
    public var inlineLines: [Int] = []

    public init() {}

    public init(lines: [Substring], parsed: ParsedDockerfile) {
        var interior = Set<Int>()
        var fromLines: [Int] = []
        for ins in parsed.instructions {
            if ins.range.end.line > ins.range.start.line {
                let last = ins.range.end.column == 1 ? ins.range.end.line - 1 : ins.range.end.line
                if last > ins.range.start.line { interior.formUnion((ins.range.start.line + 1)...last) }
            }
            if ins.name == "from" { fromLines.append(ins.range.start.line) }
        }
        for (offset, text) in lines.enumerated() {
            let lineNumber = offset + 1
            guard !interior.contains(lineNumber) else { continue }
            guard let p = Pragmas.parse(text) else { continue }
            switch p.scope {
            case .inline:
                byLine[lineNumber + 1, default: []].formUnion(p.codes)
                inlineLines.append(lineNumber)
            case .global:
                global.formUnion(p.codes)
            case .stage:
                let until = fromLines.first { $0 > lineNumber } ?? Int.max
                stage.append((lineNumber + 2, until, p.codes))
            }
        }
    }

    public func isIgnored(code: String, line: Int) -> Bool {
        if global.contains(code) { return true }
        if byLine[line]?.contains(code) == true { return true }
        for s in stage where line >= s.from && line < s.until && s.codes.contains(code) { return true }
        return false
    }

    enum Scope { case inline, global, stage }

    /// Reads one comment line; nil when it is not a well-formed pragma.
    static func parse(_ line: Substring) -> (scope: Scope, codes: Set<String>)? {
        var s = line.drop { $0 == " " || $0 == "\t" }
        guard s.first == "#" else { return nil }
        s = s.dropFirst().drop { $0 == " " || $0 == "\t" }
        if s.hasPrefix("hadolint") { s = s.dropFirst(8) } else if s.hasPrefix("dockerlings") { s = s.dropFirst(11) } else { return nil }
        s = s.drop { $0 == " " || $0 == "\t" }
        var scope = Scope.inline
        if s.hasPrefix("global") { scope = .global; s = s.dropFirst(6).drop { $0 == " " || $0 == "\t" } }
        else if s.hasPrefix("stage") { scope = .stage; s = s.dropFirst(5).drop { $0 == " " || $0 == "\t" } }
        guard s.hasPrefix("ignore") else { return nil }
        s = s.dropFirst(6).drop { $0 == " " || $0 == "\t" }
        guard s.first == "=" else { return nil }
        s = s.dropFirst().drop { $0 == " " || $0 == "\t" }
        // codes: CODE ( , CODE )*, then optional trailing comment/space
        var codes = Set<String>()
        var rest = s
        while true {
            let code = rest.prefix { $0.isUppercase || $0.isNumber || ($0.isLetter && !$0.isLowercase) }
            guard !code.isEmpty else { return nil }
            // Codes must be upper-case letters followed by digits (DL3008, SC2086) or a
            // BuildKit check name (StageNameCasing).
            let word = rest.prefix { $0.isLetter || $0.isNumber }
            if word.count != code.count {
                // BuildKit names are CamelCase: accept letters of any case when it starts upper.
                guard let f = word.first, f.isUppercase, word.contains(where: \.isLowercase),
                      !word.hasPrefix("DL"), !word.hasPrefix("SC") else { return nil }
                codes.insert(String(word))
                rest = rest.dropFirst(word.count)
            } else {
                codes.insert(String(code))
                rest = rest.dropFirst(code.count)
            }
            rest = rest.drop { $0 == " " || $0 == "\t" }
            if rest.first == "," {
                rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
                continue
            }
            break
        }
        if let f = rest.first, f != "#", !f.isNewline, f != "\r" { return nil }
        return (scope, codes)
    }
}
