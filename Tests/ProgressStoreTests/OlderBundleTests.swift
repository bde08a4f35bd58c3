import Foundation
@testable import ProgressStore
import Testing
import TestSupport

/// Bundles as earlier dockerlings wrote them (format version 1: no hint reveals, and a
/// Dockerfile refused for its size kept whole) still go into a gradebook, small.
@Suite struct OlderBundleTests {
    let key = Data("class-of-2026".utf8)

    /// A version-1 bundle of Ann's history, signed, its attempts made as version 1 made them.
    func olderBundle(dockerfiles: [String], in dir: URL) throws -> URL {
        var attempts: [Attempt] = []
        var previous = AttemptHash.genesis
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for (index, text) in dockerfiles.enumerated() {
            let new = Fixture.attempt(passed: false, at: Date(timeIntervalSince1970: 1_800_000_000 + Double(index) * 60), hints: ["hint 1"])
            let attempt = Attempt(new, learnerID: Fixture.ann.id, seq: index + 1, prevHash: previous, dockerfile: text,
                                  reportJSON: String(decoding: try encoder.encode(new.report), as: UTF8.self), hintsJSON: #"["hint 1"]"#)
            attempts.append(attempt)
            previous = attempt.hash
        }
        var bundle = SubmissionBundle(format: SubmissionBundle.formatName, version: 1, createdAt: "2027-01-15T08:00:00Z",
                                      toolVersion: "0.1.0", learner: Fixture.ann, attempts: attempts, lessonReads: [],
                                      hintReveals: nil, signature: nil)
        bundle.signature = .init(algorithm: "HMAC-SHA256", value: bundle.computeSignature(key: key))
        let url = dir.appendingPathComponent("ann-v1.json")
        try JSONEncoder().encode(bundle).write(to: url)
        return url
    }

    @Test func anOlderBundleIsReadAndItsOversizedDockerfileIsLeftOut() throws {
        let dir = try RepoPaths.temporaryDirectory("older-bundle")
        defer { Fixture.cleanUp(dir) }
        let oversized = "FROM busybox\n" + String(repeating: "# padding\n", count: 300_000)  // 3 MB
        let url = try olderBundle(dockerfiles: ["FROM busybox\n", oversized], in: dir)
        #expect(!(try String(contentsOf: url, encoding: .utf8)).contains("hintReveals"))
        let gradebook = try ProgressStore.open(at: dir.appendingPathComponent("gradebook.sqlite"))
        let results = try gradebook.importBundles([url], key: key)
        #expect(results[0].outcome == .imported(learner: Fixture.ann.id, newAttempts: 2, signatureChecked: true))
        let stored = try gradebook.attempts(of: Fixture.ann.id)
        #expect(stored.map(\.dockerfile.utf8.count).max() ?? 0 < 1024, "a Dockerfile of \(stored.map(\.dockerfile.utf8.count)) bytes was kept")
        #expect(stored[1].dockerfile.contains("it was \(oversized.utf8.count) bytes"))
        // The note keeps the original's SHA-256, which the chain covers: it still verifies.
        #expect(stored[1].dockerfileSHA256 == AttemptHash.sha256Hex(oversized))
        #expect(try gradebook.verify().isIntact)
        let size = [gradebook.path, gradebook.path + "-wal"].reduce(0) { total, path in
            total + (((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0)
        }
        #expect(size < 512 * 1024, "the gradebook is \(size) bytes")
        // No reveals in a version-1 bundle: hints used come from the attempts, as before.
        #expect(try gradebook.standings(catalog: Fixture.catalog).first { $0.exerciseID == "flask-multistage" }?.hintsUsed == 1)
    }
}
