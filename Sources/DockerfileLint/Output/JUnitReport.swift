import Foundation
import SystemSupport

/// JUnit XML in hadolint's layout: the run (its timestamp as id and name), a test suite per
/// file, a failed test case per finding whose text says where and what. Each case also has
/// the `name` and `classname` JUnit viewers list cases by (hadolint's has neither).
enum JUnitReport {
    static func render(_ results: [LintResult], startedAt: Date, seconds: Double) -> String {
        var xml = XMLWriter()
        let (id, readable) = stamps(startedAt)
        xml.start("testsuites", [("id", id), ("name", "dockerlings run at \(readable)"), ("time", String(format: "%.3f", seconds))])
        for r in results {
            // Findings are not timed one by one: the run's time is on `testsuites`.
            xml.start("testsuite", [("errors", "0"), ("failures", String(r.findings.count)), ("id", "dockerlings"),
                                    ("name", r.file), ("time", "0")])
            for f in r.findings {
                xml.start("testcase", [("id", "dockerlings.rule.\(f.code)"), ("name", f.code), ("classname", f.file), ("time", "0")])
                let level = f.severity.rawValue
                xml.element("failure", [("id", f.code), ("message", f.message), ("type", level)],
                            text: "File: \(f.file)\nLine: \(f.line)\nCategory: dockerlings - Dockerfile static analysis\n\(level): \(f.message)\n")
                xml.end()
            }
            xml.end()
        }
        xml.end()
        return xml.text
    }

    /// `20261130_092653` and `2026-11-30 09:26:53`, in UTC.
    static func stamps(_ date: Date) -> (String, String) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var t = tm()
        gmtime_r(&seconds, &t)
        let (y, mo, d, h, mi, s) = (Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday), Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec))
        return (String(format: "%04d%02d%02d_%02d%02d%02d", y, mo, d, h, mi, s),
                String(format: "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, s))
    }
}
