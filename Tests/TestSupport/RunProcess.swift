import Foundation
import SystemSupport

/// The result of running a program to completion.
public typealias ProcessResult = ChildOutput

/// Runs a program from an argument array (never a shell string) to its end and collects its
/// output: SystemSupport's runner, with a limit so a stuck program fails the test instead of
/// hanging the suite.
public func runProcess(
    _ executable: URL, _ arguments: [String], stdin: Data? = nil,
    environment: [String: String]? = nil, currentDirectory: URL? = nil, timeout: Duration = .seconds(900)
) throws -> ProcessResult {
    try ChildProcess.runAndWait(executable.path, arguments, environment: environment,
                                currentDirectory: currentDirectory?.path, input: stdin, timeout: timeout)
}
