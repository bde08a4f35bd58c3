/// The script ShellCheck is given for one RUN: the stage's shell as a shebang, an
/// `export NAME=1` for each variable the Dockerfile has declared so far (so ShellCheck knows
/// it exists, as hadolint tells it), then the RUN's text.
///
/// Only the declarations that can change what ShellCheck says are written. Each costs
/// ShellCheck about 0.3 ms of analysis (the ten proxy variables alone take a third of its
/// time on a typical RUN). A declared name matters to a script that names it, and to one
/// that names a variable close to it: for a referenced variable that is never assigned,
/// ShellCheck takes the assigned name at the smallest edit distance (a change of case alone
/// counting 1) and offers it when that distance is 1, or 2 for a name longer than 7 (SC2153,
/// SC2154's "did you mean"). A name 3 or more edits from every word of the script can
/// neither be offered nor hide a better one, so it is left out: its `export` line says
/// nothing itself. The test is generous (every word, not only references; case ignored).
/// The first name is always written, so the RUN's text never opens the script: ShellCheck
/// parses a first line such as `& cmd` or `&& make` differently after a command (SC1133)
/// than at the top (SC1070).
enum ShellCheckScript {
    /// The script, and its line (1-based) where `body` begins, after the header.
    static func text(shell: String, declared: [String], body: String) -> (script: String, bodyLine: Int) {
        var header = "#!\(shell)\n"
        let words = loweredWords(in: body)
        let first = declared.firstIndex(where: isName)
        for (k, name) in declared.enumerated() where isName(name) && (k == first || mayMatter(name, words: words)) {
            header += "export \(name)=1\n"
        }
        // Counted, not assumed one a line: a SHELL's path may hold a line break.
        let bodyLine = header.utf8.count { $0 == UInt8(ascii: "\n") } + 1
        return (header + body + "\n", bodyLine)
    }

    /// Whether some word of the script, lowercased, is the name lowercased or within two
    /// edits of it.
    static func mayMatter(_ name: String, words: Set<[UInt8]>) -> Bool {
        let wanted = lowered(name.utf8)
        if words.contains(wanted) { return true }
        return words.contains { word in
            abs(word.count - wanted.count) <= 2 && distance(word, wanted, limit: 2) <= 2
        }
    }

    /// The script's words, each lowercased once: runs of ASCII letters, digits and `_`
    /// (every way a shell can name a variable: `$X`, `${X}`, `${#X}`, `$((X + 1))`,
    /// `read X`, `[ -v X ]`).
    static func loweredWords(in body: String) -> Set<[UInt8]> {
        var words = Set<[UInt8]>()
        var word: [UInt8] = []
        for byte in body.utf8 {
            let folded = byte | 0x20
            if folded >= 0x61 && folded <= 0x7A {
                word.append(folded)
            } else if byte == 0x5F || (byte >= 0x30 && byte <= 0x39) {
                word.append(byte)
            } else if !word.isEmpty {
                words.insert(word)
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { words.insert(word) }
        return words
    }

    /// ASCII letters lowercased (a name is ASCII; see `isName`).
    static func lowered(_ bytes: String.UTF8View) -> [UInt8] {
        bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    /// Levenshtein distance, stopping early once every path is past `limit`.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            var best = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                best = min(best, current[j])
            }
            if best > limit { return best }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// A shell variable name (ASCII letter or `_`, then letters, digits, `_`).
    static func isName(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f == "_" || (f.properties.isAlphabetic && f.isASCII) else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
}
