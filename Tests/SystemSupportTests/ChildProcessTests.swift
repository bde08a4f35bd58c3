import Foundation
import SystemSupport
import Testing
import TestSupport

@Suite struct ChildProcessTests {
    func run(_ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
             input: Data? = nil) throws -> (status: Int32, out: String, err: String) {
        let child = try ChildProcess.launch("/bin/sh", arguments, environment: environment, currentDirectory: directory,
                                            standardInput: input != nil)
        if let input, let writer = child.standardInput {
            try writer.write(contentsOf: input)
            try writer.close()
        }
        // The outputs here are a few bytes: reading one after the other cannot fill a pipe.
        let out = child.standardOutput.readDataToEndOfFile()
        let errData = child.standardError.readDataToEndOfFile()
        return (child.wait() ?? -1, String(decoding: out, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test func exitStatusOutputAndErrorAreTheChildsOwn() throws {
        let result = try run(["-c", "echo out; echo err >&2; exit 7"])
        #expect(result.status == 7)
        #expect(result.out == "out\n")
        #expect(result.err == "err\n")
    }

    @Test func aSignalEndingTheChildReadsAs128PlusIt() throws {
        #expect(try run(["-c", "kill -TERM $$"]).status == 128 + SIGTERM)
    }

    @Test func inputEnvironmentAndFolderAreTheOnesGiven() throws {
        #expect(try run(["-c", "cat"], input: Data("fed\n".utf8)).out == "fed\n")
        let env = try run(["-c", "echo \"$ONLY\" \"${HOME:-none}\""], environment: ["ONLY": "this", "PATH": "/usr/bin:/bin"])
        #expect(env.out == "this none\n")
        #expect(try run(["-c", "pwd"], directory: "/tmp").out == "/tmp\n")
        // Without input, the child reads an empty /dev/null rather than waiting on ours.
        #expect(try run(["-c", "cat; echo done"]).out == "done\n")
    }

    @Test func theChildInheritsNoOtherDescriptor() throws {
        // A pipe without close-on-exec, as Foundation's Pipe() makes them.
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let listed = try run(["-c", "ls /proc/$$/fd"]).out.split(separator: "\n").compactMap { Int32($0) }
        #expect(!listed.contains(fds[0]) && !listed.contains(fds[1]), "inherited: \(listed)")
        #expect(Set(listed).isSuperset(of: [0, 1, 2]))
    }

    @Test func signalHandlingIsResetAndTheChildHasAGroupOfItsOwn() throws {
        // The grader ignores SIGINT while it grades; its children must not.
        let previous = signal(SIGINT, SIG_IGN)
        defer { signal(SIGINT, previous) }
        // sleep itself, not a shell: dash survives a SIGINT that lands while it starts up.
        let child = try ChildProcess.launch("sleep", ["30"])
        #expect(getpgid(child.pid) == child.pid)
        child.send(SIGINT)
        #expect(child.wait(timeout: .seconds(20)) == 128 + SIGINT)
        // After the exit, sending is a no-op (the pid may belong to someone else by now).
        child.send(SIGKILL)
        #expect(!child.isRunning)
    }

    @Test func aMissingProgramIsALaunchError() {
        #expect(throws: ChildProcess.LaunchError.self) { _ = try ChildProcess.launch("/nonexistent/program", []) }
        #expect(throws: ChildProcess.LaunchError.self) { _ = try ChildProcess.launch("no-such-program-anywhere", []) }
    }

    // MARK: run and runAndWait: the one way to run a program to its end

    @Test func runCollectsBothStreamsAndStreamsLines() async throws {
        let lines = LineLog()
        let output = try await ChildProcess.run("/bin/sh", ["-c", "echo one; echo two >&2; printf 'three\\nfour'; exit 3"],
                                                onLine: { lines.add("\($0.rawValue): \($1)") })
        #expect(output.status == 3 && output.stdoutText == "one\nthree\nfour" && output.stderrText == "two\n")
        #expect(Set(lines.all) == ["stdout: one", "stderr: two", "stdout: three", "stdout: four"])
        // A chatty child fills no pipe: far more than a pipe holds, on both streams at once.
        let big = try ChildProcess.runAndWait("/bin/sh", ["-c", "head -c 3000000 /dev/zero; head -c 3000000 /dev/zero >&2"])
        #expect(big.stdout.count == 3_000_000 && big.stderr.count == 3_000_000)
        #expect(try ChildProcess.runAndWait("/bin/cat", [], input: Data("fed".utf8)).stdoutText == "fed")
    }

    @Test func aTimeoutEndsTheChildAndItsGroup() throws {
        let marker = "/tmp/dl-grandchild-\(UUID().uuidString.prefix(8))"
        let started = Date()
        // The shell starts a grandchild in the background that would outlive it.
        #expect {
            _ = try ChildProcess.runAndWait("/bin/sh", ["-c", "sleep 60 & echo $! > \(marker); wait"], timeout: .milliseconds(500))
        } throws: { error in
            guard case ChildProcessError.timedOut = error else { return false }
            return true
        }
        #expect(Date().timeIntervalSince(started) < 30, "not stuck")
        let grandchild = try #require(Int32(String(contentsOfFile: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        try? FileManager.default.removeItem(atPath: marker)
        // The group was signalled: the grandchild is gone too (or a zombie awaiting init).
        let gone = (0..<50).contains { _ in
            defer { Thread.sleep(forTimeInterval: 0.1) }
            return kill(grandchild, 0) != 0 || (try? String(contentsOfFile: "/proc/\(grandchild)/stat", encoding: .utf8))?.contains(") Z") == true
        }
        #expect(gone, "the grandchild \(grandchild) outlived the timeout")
    }

    @Test func cancellingTheTaskEndsTheChild() async throws {
        let task = Task { try await ChildProcess.run("/bin/sh", ["-c", "sleep 60"]) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let started = Date()
        await #expect {
            _ = try await task.value
        } throws: { error in
            guard case ChildProcessError.cancelled(_, let output) = error else { return false }
            return output.status == 128 + SIGTERM
        }
        #expect(Date().timeIntervalSince(started) < 30, "not stuck")
    }

    @Test func eachFailureHasItsOwnCase() throws {
        func failure(_ body: () throws -> Void) -> ChildProcessError? {
            do { try body(); return nil } catch { return error as? ChildProcessError }
        }
        guard case .notFound = failure({ _ = try ChildProcess.runAndWait("no-such-program-anywhere", []) }) else {
            Issue.record("a missing program is not .notFound"); return
        }
        let dir = try RepoPaths.temporaryDirectory("not-executable")
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("script.sh").path
        FileManager.default.createFile(atPath: script, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o644])
        guard case .notExecutable = failure({ _ = try ChildProcess.runAndWait(script, []) }) else {
            Issue.record("a file without the execute bit is not .notExecutable"); return
        }
        // A signal nobody here sent.
        let killed = failure { _ = try ChildProcess.runAndWait("/bin/sh", ["-c", "kill -KILL $$"]) }
        guard case .killed(_, let signal, _) = killed, signal == SIGKILL else {
            Issue.record("a child killed by SIGKILL is not .killed: \(String(describing: killed))"); return
        }
        #expect(killed?.description.contains("signal 9") == true)
        // An exit status, even 137, is an exit status.
        #expect(try ChildProcess.runAndWait("/bin/sh", ["-c", "exit 137"]).status == 137)
    }

    @Test func discardedOutputAndPeakMemory() throws {
        let output = try ChildProcess.runAndWait("/bin/sh", ["-c", "echo lost; echo lost >&2"], outputs: .discarded)
        #expect(output.status == 0 && output.stdout.isEmpty && output.stderr.isEmpty)
        #expect((output.peakResidentKilobytes ?? 0) > 0)
    }

    @Test func manyAtOnceEachGetsItsOwnStatus() async throws {
        try await withThrowingTaskGroup(of: (Int32, Int32).self) { group in
            for code in Int32(0)..<40 {
                group.addTask { (code, try run(["-c", "exit \(code)"]).status) }
            }
            for try await (code, status) in group { #expect(status == code) }
        }
    }
}

private final class LineLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
