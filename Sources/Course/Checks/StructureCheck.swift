import DockerfileSyntax
import Foundation

/// `kind: structure` — facts read from the typed parse, as the exercise asks:
///
///     stages: 2                      # at least this many stages
///     finalBase: {allow: [python:3.12-slim], pattern: "-slim$|distroless"}
///     copyFrom: true                 # the final stage copies from an earlier stage
///     nonRootUser: true              # the final stage ends on a non-root USER
///     healthcheck: true              # … declares a HEALTHCHECK
///     execForm: true                 # … its CMD/ENTRYPOINT are JSON arrays
///     manifestsFirst: [requirements.txt]   # copied before the rest of the source
///     cachesCleaned: true            # no apt/apk/pip cache left by the final stage's RUNs
///
/// The check passes when every fact asked for holds; the detail names each that does not.
struct StructureCheck: GradingCheck {
    static let kind = "structure"
    static let phase = GradingPhase.source
    static let defaultTitle = "The Dockerfile is built the way the exercise asks"
    static let parameterKeys = ["stages", "finalBase", "copyFrom", "nonRootUser", "healthcheck", "execForm", "manifestsFirst", "cachesCleaned"]

    var minimumStages: Int?
    var allowedBases: [String] = []
    var basePattern: String?
    var asksFinalBase = false
    var copyFrom = false
    var nonRootUser = false
    var healthcheck = false
    var execForm = false
    var manifests: [String] = []
    var cachesCleaned = false

    init(_ r: ManifestReader, folder: URL) throws(ManifestError) {
        minimumStages = try r.int("stages", range: 1...100)
        if let base = try r.mapping("finalBase") {
            asksFinalBase = true
            allowedBases = try base.strings("allow") ?? []
            basePattern = try base.string("pattern")
            // Swift's own regular expressions: reading ICU's data for NSRegularExpression costs
            // every start of dockerlings (home, list) more than the whole manifest.
            if let pattern = basePattern, (try? Regex(pattern)) == nil {
                throw base.fail("pattern", "is not a valid regular expression: \(pattern)")
            }
            if allowedBases.isEmpty && basePattern == nil { throw base.fail("allow", "give `allow` (a list of images) or `pattern`") }
            try base.rejectUnknownKeys(expected: "allow, pattern")
        }
        copyFrom = try r.bool("copyFrom") ?? false
        nonRootUser = try r.bool("nonRootUser") ?? false
        healthcheck = try r.bool("healthcheck") ?? false
        execForm = try r.bool("execForm") ?? false
        cachesCleaned = try r.bool("cachesCleaned") ?? false
        if let node = r.node("manifestsFirst") {
            if case .scalar(let s) = node, ["true", "yes"].contains(s.string.lowercased()) {
                manifests = ["requirements.txt", "package.json", "package-lock.json", "go.mod", "go.sum", "Pipfile", "poetry.lock", "pyproject.toml", "Gemfile", "Cargo.toml"]
            } else {
                manifests = try r.strings("manifestsFirst") ?? []
            }
        }
        if minimumStages == nil && !asksFinalBase && !copyFrom && !nonRootUser && !healthcheck && !execForm && manifests.isEmpty && !cachesCleaned {
            throw ManifestError(file: r.file, key: r.path, problem: "a structure check asks for at least one fact: \(Self.parameterKeys.joined(separator: ", "))")
        }
    }

    func facts(_ file: Dockerfile) -> [StructureFacts.Finding] {
        var out: [StructureFacts.Finding] = []
        if let minimumStages { out.append(StructureFacts.stages(file, atLeast: minimumStages)) }
        if asksFinalBase { out.append(StructureFacts.finalBase(file, allowed: allowedBases, pattern: basePattern)) }
        if copyFrom { out.append(StructureFacts.copyFromEarlierStage(file)) }
        if nonRootUser { out.append(StructureFacts.nonRootUser(file)) }
        if healthcheck { out.append(StructureFacts.healthcheck(file)) }
        if execForm { out.append(StructureFacts.execForm(file)) }
        if !manifests.isEmpty { out.append(StructureFacts.manifestsFirst(file, manifests: manifests)) }
        if cachesCleaned { out.append(StructureFacts.cachesCleaned(file)) }
        return out
    }

    func evaluate(_ context: GradingContext) async -> CheckResult {
        guard case .success(let file) = context.source.parse else {
            return .skip(SourceFile.needsParsing)
        }
        let found = facts(file)
        let failing = found.filter { !$0.holds }
        if failing.isEmpty { return .pass(found.map(\.message).joined(separator: "; ")) }
        return .fail(failing.map { f in f.line.map { "line \($0): \(f.message)" } ?? f.message }.joined(separator: "\n"),
                     line: failing.first?.line)
    }
}
