import Foundation
import ProgressStore
import Testing
import TestSupport

/// Submission bundles into an instructor's gradebook: good ones merge, bad ones are refused
/// with a reason and change nothing.
@Suite struct BundleTests {
    let key = Data("class-of-2026".utf8)

    /// A learner store with `count` attempts, its bundle written to `dir`.
    func bundle(_ learner: Learner, count: Int, in dir: URL, key: Data?, name: String? = nil) throws -> URL {
        let store = try ProgressStore.open(at: dir.appendingPathComponent("\(learner.id).sqlite"))
        let existing = try store.attempts(of: learner.id).count
        for index in existing..<count {
            try store.record(Fixture.attempt(passed: index % 2 == 1, at: Date(timeIntervalSince1970: 1_800_000_000 + Double(index) * 60)), by: learner)
        }
        try store.recordLessonRead("01-images", by: learner, finished: true, at: Date(timeIntervalSince1970: 1_799_999_000))
        let url = dir.appendingPathComponent(name ?? "\(learner.id).bundle.json")
        try store.makeBundle(for: learner, key: key, toolVersion: "0.1.0-test").write(to: url)
        return url
    }

    /// Everything observable about a gradebook, to show a refused bundle changed nothing.
    func snapshot(_ store: ProgressStore) throws -> String {
        let out = try RepoPaths.temporaryDirectory("snapshot").appendingPathComponent("s.json")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        try store.export(.json, catalog: Fixture.catalog, to: handle)
        try handle.close()
        let learners = try store.learners().map(\.id)
        let reads = try learners.flatMap { try store.lessonReads(of: $0) }
        return String(decoding: try Data(contentsOf: out), as: UTF8.self) + "\(learners)\(reads)\(try store.attemptCount())"
    }

    @Test func signedBundlesMergeAndDuplicatesAreRefused() throws {
        let dir = try RepoPaths.temporaryDirectory("bundles")
        defer { Fixture.cleanUp(dir) }
        let ann = try bundle(Fixture.ann, count: 4, in: dir, key: key)
        let bob = try bundle(Fixture.bob, count: 3, in: dir, key: key)
        let gradebook = try ProgressStore.open(at: dir.appendingPathComponent("gradebook.sqlite"))

        let results = try gradebook.importBundles([ann, bob, ann], key: key)
        #expect(results[0].outcome == .imported(learner: Fixture.ann.id, newAttempts: 4, signatureChecked: true))
        #expect(results[1].outcome == .imported(learner: Fixture.bob.id, newAttempts: 3, signatureChecked: true))
        #expect(results[2].outcome == .rejected(.duplicate(learner: Fixture.ann.id, attempts: 4)))
        #expect(try gradebook.attemptCount() == 7)
        #expect(try gradebook.verify().isIntact)
        #expect(try gradebook.attempts(of: Fixture.ann.id).map(\.hash)
                == (try ProgressStore.open(at: dir.appendingPathComponent("\(Fixture.ann.id).sqlite")).attempts(of: Fixture.ann.id).map(\.hash)))
        #expect(try gradebook.lessonReads(of: Fixture.bob.id).count == 1)

        // A later submission adds only the new attempts.
        let later = try bundle(Fixture.ann, count: 6, in: dir, key: key, name: "ann-later.json")
        let again = try gradebook.importBundles([later], key: key)
        #expect(again[0].outcome == .imported(learner: Fixture.ann.id, newAttempts: 2, signatureChecked: true))
        #expect(try gradebook.attempts(of: Fixture.ann.id).map(\.seq) == Array(1...6))
    }

    /// Two people recorded under one id (the same login name on two machines): the second
    /// history conflicts with the first, and the refusal says how each gets an id of their own.
    @Test func twoHistoriesUnderOneIdAreRefusedWithHowToTellThemApart() throws {
        let dir = try RepoPaths.temporaryDirectory("bundles")
        defer { Fixture.cleanUp(dir) }
        let first = try bundle(Fixture.ann, count: 2, in: dir.appendingPathComponent("one"), key: key)
        // The other machine's attempts at other times: the histories differ from attempt #1.
        let other = dir.appendingPathComponent("two")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let store = try ProgressStore.open(at: other.appendingPathComponent("s.sqlite"))
        try store.record(Fixture.attempt(passed: true, at: Date(timeIntervalSince1970: 1_900_000_000)), by: Fixture.ann)
        let second = other.appendingPathComponent("b.json")
        try store.makeBundle(for: Fixture.ann, key: key, toolVersion: "0.1.0-test").write(to: second)

        let gradebook = try ProgressStore.open(at: dir.appendingPathComponent("gradebook.sqlite"))
        let results = try gradebook.importBundles([first, second], key: key)
        #expect(results[1].outcome == .rejected(.conflict(learner: Fixture.ann.id, seq: 1)))
        let said = BundleError.conflict(learner: Fixture.ann.id, seq: 1).description
        #expect(said.contains("git config --global user.email") && said.contains("--learner ID"), "\(said)")
    }

    @Test func badBundlesAreRefusedWithAReasonAndChangeNothing() throws {
        let dir = try RepoPaths.temporaryDirectory("bad-bundles")
        defer { Fixture.cleanUp(dir) }
        let good = try bundle(Fixture.ann, count: 3, in: dir, key: key)
        let gradebook = try ProgressStore.open(at: dir.appendingPathComponent("gradebook.sqlite"))
        _ = try gradebook.importBundles([try bundle(Fixture.bob, count: 2, in: dir, key: key)], key: key)
        let before = try snapshot(gradebook)
        let goodData = try Data(contentsOf: good)
        let goodJSON = try #require(try JSONSerialization.jsonObject(with: goodData) as? [String: Any])

        func write(_ name: String, _ data: Data) throws -> URL {
            let url = dir.appendingPathComponent(name)
            try data.write(to: url)
            return url
        }
        func variant(_ name: String, _ change: (inout [String: Any]) -> Void) throws -> URL {
            var object = goodJSON
            change(&object)
            return try write(name, try JSONSerialization.data(withJSONObject: object))
        }

        let truncated = try write("truncated.json", goodData.prefix(goodData.count / 2))
        let wrongVersion = try variant("v9.json") { $0["version"] = 9 }
        let forged = try variant("forged.json") { object in
            var attempts = object["attempts"] as! [[String: Any]]
            attempts.removeLast()  // a consistent, shorter history, still claiming the old signature
            object["attempts"] = attempts
        }
        let brokenChain = try variant("broken.json") { object in
            var attempts = object["attempts"] as! [[String: Any]]
            attempts[1]["exerciseID"] = "hello"  // claim the attempt was for an easier exercise
            object["attempts"] = attempts
        }
        let otherKey = try bundle(Learner(id: "eve@example.com", name: "Eve"), count: 1, in: dir, key: Data("guess".utf8))
        let unsigned = try bundle(Learner(id: "dan@example.com", name: "Dan"), count: 1, in: dir, key: nil)
        // 100 MB of junk, made here and deleted with the folder.
        let junkURL = dir.appendingPathComponent("junk.bin")
        FileManager.default.createFile(atPath: junkURL.path, contents: nil)
        let junkHandle = try FileHandle(forWritingTo: junkURL)
        var generator = SystemRandomNumberGenerator()
        var block = [UInt64](repeating: 0, count: (1 << 20) / 8)
        for index in block.indices { block[index] = generator.next() }
        for megabyte in 0..<100 {
            block[0] = UInt64(megabyte) &* 0x9E37_79B9_7F4A_7C15  // no two megabytes alike
            try block.withUnsafeBytes { try junkHandle.write(contentsOf: Data($0)) }
        }
        try junkHandle.close()
        let missing = dir.appendingPathComponent("nope.json")

        let bad = [truncated, wrongVersion, forged, brokenChain, otherKey, unsigned, junkURL, missing]
        let results = try gradebook.importBundles(bad, key: key)
        let reasons = results.map { result -> BundleError? in
            if case .rejected(let error) = result.outcome { error } else { nil }
        }
        #expect(reasons.allSatisfy { $0 != nil }, "\(results)")
        if case .malformed = reasons[0] {} else { Issue.record("truncated: \(String(describing: reasons[0]))") }
        #expect(reasons[1] == .unsupportedVersion(9))
        #expect(reasons[2] == .badSignature)
        if case .brokenChain(let why) = reasons[3] { #expect(why.contains("#2: edited")) } else { Issue.record("broken: \(String(describing: reasons[3]))") }
        #expect(reasons[4] == .badSignature)
        #expect(reasons[5] == .unsigned)
        if case .notABundle = reasons[6] {} else { Issue.record("junk: \(String(describing: reasons[6]))") }
        if case .unreadable = reasons[7] {} else { Issue.record("missing: \(String(describing: reasons[7]))") }
        for reason in reasons { #expect(!(reason?.description.isEmpty ?? true)) }

        #expect(try snapshot(gradebook) == before)
        // The good bundle still goes in afterwards: nothing was left half-done.
        #expect(try gradebook.importBundles([good], key: key)[0].outcome
                == .imported(learner: Fixture.ann.id, newAttempts: 3, signatureChecked: true))
    }

    @Test func tamperedLearnerHistoryCannotBeSubmitted() throws {
        let dir = try RepoPaths.temporaryDirectory("bundle-tampered")
        defer { Fixture.cleanUp(dir) }
        _ = try bundle(Fixture.ann, count: 2, in: dir, key: nil)
        let path = dir.appendingPathComponent("\(Fixture.ann.id).sqlite").path
        let raw = try GRDBHelpers.queue(path)
        try raw.write { db in
            try db.execute(sql: "DROP TRIGGER attempt_append_only_update; UPDATE attempt SET score = 100 WHERE seq = 1")
        }
        let store = try ProgressStore.open(at: URL(fileURLWithPath: path))
        #expect {
            try store.makeBundle(for: Fixture.ann, key: nil, toolVersion: "t")
        } throws: { error in
            if case BundleError.historyTampered = error { true } else { false }
        }
    }
}

import GRDB
enum GRDBHelpers {
    static func queue(_ path: String) throws -> DatabaseQueue { try DatabaseQueue(path: path) }
}
