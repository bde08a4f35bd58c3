import Foundation

/// The course compiled into this program by the EmbedCourse build plugin: the lessons and
/// exercises a learner needs, whichever folder the binary runs from. Builds and the
/// lesson reader work on files, so the course is unpacked once per version into the
/// user's data folder and used from there.
public enum EmbeddedCourse {
    struct EmbeddedFile {
        let path: String
        let executable: Bool
        let base64: String
    }

    /// Names this course's content: it changes whenever a lesson or exercise does.
    public static var version: String { fingerprint }

    /// The folder holding `Lessons/` and `Exercises/` of the embedded course under
    /// `dataDirectory`, unpacked on first use. Unpacking goes to a private folder renamed
    /// into place at the end, so an interrupted unpack or two programs unpacking at once
    /// never leave a half-written course behind.
    public static func unpack(into dataDirectory: URL) throws(CourseLocationError) -> URL {
        let fm = FileManager.default
        let parent = dataDirectory.appendingPathComponent("course")
        let final = parent.appendingPathComponent(fingerprint)
        let marker = final.appendingPathComponent(".complete")
        if fm.fileExists(atPath: marker.path) { return final }
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            let staging = parent.appendingPathComponent(".unpacking-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            defer { try? fm.removeItem(at: staging) }
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard let data = Data(base64Encoded: file.base64) else { throw CocoaError(.fileReadCorruptFile) }
                try data.write(to: url)
                if file.executable { try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
            }
            try Data().write(to: staging.appendingPathComponent(".complete"))
            if fm.fileExists(atPath: final.path) { try fm.removeItem(at: final) }  // a leftover without its marker
            do {
                try fm.moveItem(at: staging, to: final)
            } catch where fm.fileExists(atPath: marker.path) {
                // Another dockerlings unpacked the same version meanwhile: use its copy.
            }
            return final
        } catch {
            throw CourseLocationError.cannotUnpack(folder: parent.path, reason: error.localizedDescription)
        }
    }
}

/// Why no course could be found or unpacked.
public enum CourseLocationError: Error, CustomStringConvertible, Sendable {
    case cannotUnpack(folder: String, reason: String)
    case notACourse(String)

    public var description: String {
        switch self {
        case let .cannotUnpack(folder, reason):
            return "Cannot unpack the course into \(folder) (\(reason)). Free some disk space or make it writable, or set XDG_DATA_HOME to a folder you can write."
        case let .notACourse(path):
            return "\(path) holds no course: expected Exercises/*/exercise.yaml under it. Pass the folder of a dockerlings checkout, or leave --course out to use the course built into this program."
        }
    }
}
