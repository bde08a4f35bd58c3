import Foundation
import SystemSupport

/// The result of running a program to completion.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs a program from an argument array (never a shell string) and collects its output.
/// Both pipes are drained concurrently so a chatty child cannot block on a full pipe.
/// Started with SystemSupport's ChildProcess, not Foundation's Process, whose start on
/// Linux can crash when a suite starts many programs (see ChildProcess).
public func runProcess(
    _ executable: URL, _ arguments: [String], stdin: Data? = nil,
    environment: [String: String]? = nil, currentDirectory: URL? = nil
) throws -> ProcessResult {
    let child = try ChildProcess.launch(executable.path, arguments, environment: environment ?? isolatedEnvironment,
                                        currentDirectory: currentDirectory?.path, standardInput: stdin != nil)
    if let stdin, let writer = child.standardInput {
        DispatchQueue.global().async {
            try? writer.write(contentsOf: stdin)
            try? writer.close()
        }
    }
    let errBox = DataBox()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errBox.data = child.standardError.readDataToEndOfFile()
        group.leave()
    }
    let stdoutData = child.standardOutput.readDataToEndOfFile()
    group.wait()
    let status = child.waitUntilExit()
    return ProcessResult(status: status, stdout: stdoutData, stderr: errBox.data)
}

/// This process's environment, except that dockerlings keeps its per-user data (the
/// unpacked course, a default progress database) and its default workspace in a folder of
/// this test run, never in the home of whoever runs the tests.
public let isolatedEnvironment: [String: String] = {
    var env = ProcessInfo.processInfo.environment
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("dockerlings-test-home-\(getpid())")
    if env["XDG_DATA_HOME"] == nil { env["XDG_DATA_HOME"] = base.appendingPathComponent("data").path }
    if env["DOCKERLINGS_WORKSPACE"] == nil { env["DOCKERLINGS_WORKSPACE"] = base.appendingPathComponent("workspace").path }
    return env
}()

private final class DataBox: @unchecked Sendable { var data = Data() }
