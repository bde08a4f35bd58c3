import Foundation
import SystemSupport
import Testing

/// The watcher on a real folder: a write in place, a file renamed over the watched one (as
/// vim and `sed -i` save), a delete then a re-create, a burst folded into one report, and
/// nothing at all while the folder is quiet.
@Suite struct FileWatcherTests {
    /// Collects the watcher's reports; `next` waits for one (the kernel answers in
    /// milliseconds; the bound only says "not stuck").
    final class Reports: @unchecked Sendable {
        private let condition = NSCondition()
        private var changes: [FileWatcher.Change] = []

        func add(_ change: FileWatcher.Change) {
            condition.withLock {
                changes.append(change)
                condition.broadcast()
            }
        }

        func next(within seconds: Double = 10) -> FileWatcher.Change? {
            condition.withLock {
                let deadline = Date().addingTimeInterval(seconds)
                while changes.isEmpty && condition.wait(until: deadline) {}
                return changes.isEmpty ? nil : changes.removeFirst()
            }
        }

        var count: Int { condition.withLock { changes.count } }
    }

    func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("watcher-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// open(2), write(2), close(2): one file, no temporary beside it.
    func writeInPlace(_ file: URL, _ text: String) throws {
        let fd = open(file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(fd) }
        _ = text.withCString { write(fd, $0, strlen($0)) }
    }

    @Test func aWriteARenameOverAndADeleteThenCreateAreEachReported() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dockerfile = dir.appendingPathComponent("Dockerfile")
        try writeInPlace(dockerfile, "FROM busybox\n")
        let reports = Reports()
        let watcher = try FileWatcher(folder: dir.path) { reports.add($0) }
        defer { watcher.stop() }

        // In place: open, write, close.
        let handle = try FileHandle(forWritingTo: dockerfile)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("CMD [\"true\"]\n".utf8))
        try handle.close()
        #expect(reports.next()?.names == ["Dockerfile"])

        // By rename, as `sed -i` and vim's default save do: a new inode takes the name.
        let temporary = dir.appendingPathComponent("sedX1b2c3")
        try writeInPlace(temporary, "FROM busybox:1.36\n")
        #expect(rename(temporary.path, dockerfile.path) == 0)
        let renamed = reports.next()
        #expect(renamed?.names.contains("Dockerfile") == true, "\(String(describing: renamed))")

        // Deleted, then made again: the watch is on the folder, so the new file is seen.
        try FileManager.default.removeItem(at: dockerfile)
        #expect(reports.next()?.names == ["Dockerfile"])
        try writeInPlace(dockerfile, "FROM busybox\n")
        #expect(reports.next()?.names == ["Dockerfile"])
        #expect(reports.next(within: 0.3) == nil, "no report without a change")
    }

    @Test func aBurstOfWritesIsOneReport() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reports = Reports()
        let watcher = try FileWatcher(folder: dir.path, debounce: .milliseconds(200)) { reports.add($0) }
        defer { watcher.stop() }
        for name in ["Dockerfile", "app.py", "Dockerfile", ".Dockerfile.swp"] {
            try writeInPlace(dir.appendingPathComponent(name), name)
        }
        #expect(reports.next()?.names == ["Dockerfile", "app.py", ".Dockerfile.swp"])
        #expect(reports.next(within: 0.5) == nil)
    }

    @Test func afterStopNothingIsReportedAndTheFolderGoingAwayIsSaid() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reports = Reports()
        let watcher = try FileWatcher(folder: dir.path) { reports.add($0) }
        try FileManager.default.removeItem(at: dir)
        #expect(reports.next()?.folderGone == true)

        let again = try folder()
        defer { try? FileManager.default.removeItem(at: again) }
        let stopped = try FileWatcher(folder: again.path) { reports.add($0) }
        stopped.stop()
        stopped.stop()
        try writeInPlace(again.appendingPathComponent("Dockerfile"), "x")
        #expect(reports.next(within: 0.5) == nil)
        watcher.stop()
    }

    @Test func aFolderThatIsNotThereIsAClearError() {
        #expect {
            _ = try FileWatcher(folder: "/nonexistent/dockerlings-exercise") { _ in }
        } throws: { error in
            "\(error)".contains("/nonexistent/dockerlings-exercise: no such folder")
        }
    }
}
