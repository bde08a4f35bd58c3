import Foundation
import SystemSupport
import Testing

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
        return (child.waitUntilExit(), String(decoding: out, as: UTF8.self), String(decoding: errData, as: UTF8.self))
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
        let child = try ChildProcess.launch("/bin/sh", ["-c", "sleep 30"])
        #expect(getpgid(child.pid) == child.pid)
        child.send(SIGINT)
        #expect(child.waitUntilExit() == 128 + SIGINT)
        // After the exit, sending is a no-op (the pid may belong to someone else by now).
        child.send(SIGKILL)
        #expect(!child.isRunning)
    }

    @Test func aMissingProgramIsALaunchError() {
        #expect(throws: ChildProcess.LaunchError.self) { _ = try ChildProcess.launch("/nonexistent/program", []) }
        #expect(throws: ChildProcess.LaunchError.self) { _ = try ChildProcess.launch("no-such-program-anywhere", []) }
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
