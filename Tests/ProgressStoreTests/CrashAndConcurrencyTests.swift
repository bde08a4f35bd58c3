import Foundation
import GRDB
import ProgressStore
import SystemSupport
import Testing
import TestSupport

/// The real binary records through the real store in child processes: one is killed with
/// SIGKILL mid-run, two others write at the same time.
@Suite struct CrashAndConcurrencyTests {
    func drill(db: String, learner: String, count: Int) throws -> ChildProcess {
        try ChildProcess.launch(RepoPaths.product("dockerlings").path,
                                ["_record-drill", "--db", db, "--learner", learner, "--count", String(count)])
    }

    @Test func sigkillWhileRecordingLosesNothingThatWasAcknowledged() throws {
        let dir = try RepoPaths.temporaryDirectory("store-kill")
        defer { Fixture.cleanUp(dir) }
        let path = dir.appendingPathComponent("progress.sqlite").path
        let child = try drill(db: path, learner: "ann", count: 1000)

        // Read acknowledgements until a good part of the run is done, then kill mid-flight.
        var received = Data()
        let reader = child.standardOutput
        while received.split(separator: UInt8(ascii: "\n")).count < 150 {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            received.append(chunk)
        }
        child.send(SIGKILL)
        received.append(reader.readDataToEndOfFile())  // acknowledgements already in the pipe
        #expect(child.wait(timeout: .seconds(60)) == 128 + SIGKILL && child.terminatingSignal == SIGKILL)

        let acknowledged = String(decoding: received, as: UTF8.self).split(separator: "\n").compactMap { Int($0) }
        #expect(acknowledged.count >= 150 && acknowledged.count < 1000, "killed after \(acknowledged.count)")
        #expect(acknowledged == Array(1...acknowledged.count))

        let store = try ProgressStore.open(at: URL(fileURLWithPath: path))
        #expect(try store.integrityCheck() == "ok")
        let seqs = try store.attempts(of: "ann").map(\.seq)
        // Every acknowledged attempt is there; at most the one in flight went in unannounced.
        #expect(Set(acknowledged).isSubset(of: Set(seqs)))
        #expect(seqs.count - acknowledged.count <= 1)
        #expect(try store.verify().isIntact)
        // And the store carries on from where it stopped.
        #expect(try store.record(Fixture.attempt(), by: Learner(id: "ann", name: "ann")).seq == seqs.count + 1)
    }

    @Test func twoProcessesRecordingAtOnceBothSucceed() throws {
        let dir = try RepoPaths.temporaryDirectory("store-concurrent")
        defer { Fixture.cleanUp(dir) }
        let path = dir.appendingPathComponent("progress.sqlite").path
        // Same learner in both: the chain itself is contended, not just the file.
        let children = [try drill(db: path, learner: "ann", count: 150), try drill(db: path, learner: "ann", count: 150),
                        try drill(db: path, learner: "bob", count: 100)]
        // Their acknowledgements are a few hundred bytes: the pipes never fill while we read stderr.
        let messages = children.map { String(decoding: $0.standardError.readDataToEndOfFile(), as: UTF8.self) }
        let statuses = children.map { $0.wait(timeout: .seconds(300)) }
        for (status, message) in zip(statuses, messages) {
            #expect(status == 0, "\(message)")
            #expect(!message.contains("locked"))
        }
        let store = try ProgressStore.open(at: URL(fileURLWithPath: path))
        #expect(try store.attempts(of: "ann").map(\.seq) == Array(1...300))
        #expect(try store.attempts(of: "bob").count == 100)
        #expect(try store.verify().isIntact)
        #expect(try store.integrityCheck() == "ok")
    }
}
