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
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var signing: BundleKeyOptions

    @Option(help: ArgumentHelp("Where to write the bundle.", valueName: "file"))
    var out: String

    func run() throws {
        let db = try failing { try store.openStore() }
        let learner = store.resolvedLearner()
        let key = try signing.resolve()
        let data = try failing { try db.makeBundle(for: learner, key: key, toolVersion: DockerlingsVersion.current) }
        do { try data.write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
            throw ValidationError("cannot write \(out): \(error.localizedDescription)")
        }
        let count = try failing { try db.attempts(of: learner.id).count }
        print("Wrote \(out): \(count) attempts of \(learner.id)\(key == nil ? ", unsigned" : ", signed").")
    }
}
