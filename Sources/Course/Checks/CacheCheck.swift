import DockerEngine
import Foundation

/// `kind: cache` — changes a source file of the context (in a copy; the learner's files are
/// never touched), rebuilds, and requires that the dependency step was reused from the
/// build cache, as the builder itself reports it.
///
///     change: app.py            # the file to change
///     reused: pip install       # words of the instruction whose layer must come from the cache
struct CacheCheck: GradingCheck {
    static let kind = "cache"
    static let phase = GradingPhase.rebuild
    static let defaultTitle = "A source change reuses the dependency layer"
    static let parameterKeys = ["change", "reused"]

    var change: String
    var reused: String

    init(_ r: ManifestReader, folder: URL) throws(ManifestError) {
        change = try r.requiredString("change")
        reused = try r.requiredString("reused")
        if change.hasPrefix("/") || change.split(separator: "/").contains("..") {
            throw r.fail("change", "must be a path inside the build context")
        }
    }

    func evaluate(_ context: GradingContext) async -> CheckResult {
        guard context.client != nil else { return .skip("not run: no Docker engine") }
        if case .failure(let failure) = await context.builtImage() { return .error(failure.message) }
        let fm = FileManager.default
        let copy = fm.temporaryDirectory.appendingPathComponent("dockerlings-cache-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: copy) }
        do {
            try fm.copyItem(at: context.contextDirectory, to: copy)
            let changed = copy.appendingPathComponent(change)
            guard let handle = FileHandle(forWritingAtPath: changed.path) else {
                return .error("the exercise's file \(change) is not in the build context")
            }
            // Blank, so the file still means the same in any language, yet unique: a change
            // made by an earlier grade is still in the cache, and would be found there.
            let marker = String((0..<24).map { _ in Bool.random() ? " " : "\t" })
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("\n\(marker)\n".utf8))
            try handle.close()
        } catch {
            return .error("could not copy the build context to change \(change): \(error)")
        }
        // The Dockerfile is read where it is: inside the context, its copy; elsewhere, itself.
        var dockerfile = context.source.url
        let contextPath = context.contextDirectory.standardizedFileURL.path + "/"
        if dockerfile.standardizedFileURL.path.hasPrefix(contextPath) {
            dockerfile = copy.appendingPathComponent(String(dockerfile.standardizedFileURL.path.dropFirst(contextPath.count)))
        }
        context.emit(.note("changing \(change) and building again to see what the cache keeps"))
        var request = context.buildRequest(dockerfile: dockerfile, context: copy, instructions: context.instructions)
        request.noCache = false  // the point is what the cache keeps, even under `verify --no-cache`
        let result = await context.runBuild(request, what: "the rebuild")
        switch result {
        case .failure(let failure): return .error("the rebuild failed: \(failure.message)")
        case .success(let rebuilt):
            // The steps the rebuild ran start from the changed file: no build will ever reuse
            // them (the change is random), so they go now. The steps it took from the cache,
            // the learner's own, stay for quick re-checks.
            if let client = context.client {
                do { try await client.removeCreatedImages(of: rebuilt) } catch {
                    context.emit(.note("the rebuild's images could not be removed: \(error)"))
                }
            }
            let lowered = reused.lowercased()
            let hits = Set(rebuilt.events.filter { $0.kind == .cacheHit }.compactMap { $0.instruction?.lowercased() })
            let steps = rebuilt.events.filter { $0.kind == .stepStarted }.compactMap(\.instruction)
            guard let step = steps.first(where: { $0.lowercased().contains(lowered) }) else {
                return .fail("no step runs `\(reused)`")
            }
            let line = context.instructions.first { $0.text.lowercased().contains(lowered) }?.line
            if hits.contains(step.lowercased()) { return .pass("after a change to \(change), `\(step)` came from the cache", line: line) }
            return .fail("after a change to \(change), `\(step)` ran again: copy the dependency manifest and install before copying the source", line: line)
        }
    }
}
