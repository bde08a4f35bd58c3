import Foundation

/// Reads a file named on the command line, or standard input for "-", with an error that
/// says what went wrong and what to do.
enum InputFile {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" {
            return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(description: "\(path): no such file")
        }
        if isDirectory.boolValue {
            throw Failure(description: "\(path) is a directory; name the Dockerfile inside it")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "\(path): cannot be read (check its permissions)")
        }
        return [UInt8](data)
    }
}
