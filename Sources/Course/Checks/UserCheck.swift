import DockerEngine
import DockerfileSyntax
import Foundation

/// `kind: user` — the running container's process is not root: `id -u` in the container,
/// or, where the image has no `id` (distroless, scratch), the user its config names.
struct UserCheck: GradingCheck {
    static let kind = "user"
    static let phase = GradingPhase.container
    static let defaultTitle = "The app does not run as root"
    static let parameterKeys: [String] = []

    init(_ r: ManifestReader, folder: URL) throws(ManifestError) {}

    func evaluate(_ context: GradingContext) async -> CheckResult {
        let (client, container): (DockerClient, RunningContainer)
        switch await context.containerSubject() {
        case .ready(let c, let running): (client, container) = (c, running)
        case .unavailable(let result): return result
        }
        if let answer = try? await client.exec(container, ["id", "-u"]), answer.status == 0,
           let uid = Int(answer.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) {
            return uid == 0
                ? .fail("`id -u` in the container says 0: the app runs as root; create a user and end the final stage with `USER` it")
                : .pass("`id -u` in the container says \(uid)")
        }
        if let why = await context.exitedContainerDetail(container) { return .fail(why) }
        guard case .success(let built)? = context.build, let details = try? await client.inspectImage(built.imageID) else {
            return .error("could not ask the container which user it runs as")
        }
        if details.user.isEmpty || UserInstruction.isRoot(details.user) {
            return .fail("the image runs as \(details.user.isEmpty ? "root (no USER)" : details.user); end the final stage with a non-root `USER`")
        }
        return .pass("the image's user is \(details.user) (the image has no `id` to ask)")
    }
}
