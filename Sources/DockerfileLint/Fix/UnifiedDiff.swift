/// A unified diff of two texts (`diff -u` shape, three lines of context), for `lint --diff`.
public enum UnifiedDiff {
    public static func render(old: [UInt8], new: [UInt8], file: String) -> String {
        let a = lines(old), b = lines(new)
        guard a != b else { return "" }
        // Longest common subsequence by dynamic programming: Dockerfiles are short.
        let n = a.count, m = b.count
        var lcs = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        enum Op { case same(Int, Int), del(Int), add(Int) }
        var ops: [Op] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] { ops.append(.same(i, j)); i += 1; j += 1 }
            else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] { ops.append(.del(i)); i += 1 }
            else { ops.append(.add(j)); j += 1 }
        }
        var out = "--- a/\(file)\n+++ b/\(file)\n"
        let changed = ops.indices.filter { if case .same = ops[$0] { return false } else { return true } }
        var k = 0
        while k < changed.count {
            // A hunk: changes closer than 2×3 lines of context merge.
            var last = k
            while last + 1 < changed.count, changed[last + 1] - changed[last] <= 6 { last += 1 }
            let lo = max(0, changed[k] - 3), hi = min(ops.count - 1, changed[last] + 3)
            var body = "", oldStart = -1, newStart = -1, oldCount = 0, newCount = 0
            for op in ops[lo...hi] {
                switch op {
                case .same(let x, let y):
                    if oldStart < 0 { oldStart = x } ; if newStart < 0 { newStart = y }
                    oldCount += 1; newCount += 1; body += " " + a[x]
                case .del(let x):
                    if oldStart < 0 { oldStart = x }
                    oldCount += 1; body += "-" + a[x]
                case .add(let y):
                    if newStart < 0 { newStart = y }
                    newCount += 1; body += "+" + b[y]
                }
            }
            out += "@@ -\(oldStart + 1),\(oldCount) +\(newStart + 1),\(newCount) @@\n" + body
            k = last + 1
        }
        return out
    }

    /// Lines with their endings; a last line without one gets diff's marker.
    static func lines(_ bytes: [UInt8]) -> [String] {
        var out: [String] = []
        var start = 0
        for (k, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            out.append(String(decoding: bytes[start...k], as: UTF8.self))
            start = k + 1
        }
        if start < bytes.count { out.append(String(decoding: bytes[start...], as: UTF8.self) + "\n\\ No newline at end of file\n") }
        return out
    }
}
