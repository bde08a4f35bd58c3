import ArgumentParser
import Foundation
import ProgressStore

struct Submit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Write your attempts into a bundle to hand in.",
        discussion: """
            The bundle holds every attempt you recorded (the Dockerfile that was graded, the \
            grade report, and the hash chain that links them), plus the lessons you read. \
            With the key your instructor hands out (--key, --key-file or \
            $DOCKERLINGS_BUNDLE_KEY) it is signed with HMAC-SHA256, so the instructor can tell \
            it came from the class and was not changed on the way.

            --out names the bundle's file; a folder that exists takes it as \
            LEARNER.dockerlings-bundle.json (LEARNER: your id, as --learner gives it).
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var signing: BundleKeyOptions

    @Option(help: ArgumentHelp("Where to write the bundle: a file, or a folder to write it into.", valueName: "path"))
    var out: String

    func run() throws {
        let db = try failing { try store.openStoreToRead() }
        let learner = store.resolvedLearner()
        let key = try signing.resolve()
        let data = try failing { try db.makeBundle(for: learner, key: key, toolVersion: DockerlingsVersion.current) }
        let file = Self.destination(out, learner: learner)
        do { try data.write(to: file, options: .atomic) } catch {
            CommandFailure(status: 2, message: Self.whyNotWritten(file, error: error)).exit()
        }
        let count = try failing { try db.attempts(of: learner.id).count }
        print("Wrote \(file.path): \(count) attempts of \(learner.id)\(key == nil ? ", unsigned" : ", signed").")
    }

    /// --out as given, or inside it under the learner's id when it is a folder.
    static func destination(_ out: String, learner: Learner) -> URL {
        let url = URL(fileURLWithPath: (out as NSString).expandingTildeInPath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else { return url }
        let name = String(learner.id.map { $0 == "/" || $0 == "\\" || $0.isNewline ? "_" : $0 })
        return url.appendingPathComponent((name.hasPrefix(".") ? "_" + name : name) + ".dockerlings-bundle.json")
    }

    /// Why `file` could not be written, in words to act on.
    static func whyNotWritten(_ file: URL, error: any Error) -> String {
        let folder = file.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
            return "cannot write the bundle to \(file.path): the folder \(folder) does not exist. Create it, or give --out a file in a folder that exists."
        }
        if access(folder, W_OK) != 0 {
            return "cannot write the bundle to \(file.path): the folder \(folder) is not writable. Give --out a file in a folder you can write to."
        }
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        let reason = underlying?.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(underlying?.code ?? 0))) : "\(error)"
        return "cannot write the bundle to \(file.path) (\(reason)). Give --out another file."
    }
}
