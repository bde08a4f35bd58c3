import DockerfileLint
import DockerfileSyntax
import Foundation

/// Facts about a Dockerfile read from its typed parse, one small pure function each. A
/// fact that does not hold says why and which line to look at.
enum StructureFacts {
    struct Finding: Sendable, Equatable {
        var holds: Bool
        var message: String
        var line: Int?
    }

    static func line(_ i: Instruction) -> Int { i.range.start.line }

    /// The stage whose image is shipped: the last one.
    static func finalStage(_ file: Dockerfile) -> Stage? { file.stages.last }

    /// `FROM build` names an earlier stage, not an image: follow it to the image it starts from.
    static func baseImage(of stage: Stage, in file: Dockerfile) -> String {
        var current = stage
        var hops = 0
        while hops < file.stages.count, let earlier = file.stages[..<current.index].last(where: { $0.name == current.from.image.lowercased() }) {
            current = earlier
            hops += 1
        }
        return current.from.image
    }

    static func stages(_ file: Dockerfile, atLeast minimum: Int) -> Finding {
        let count = file.stages.count
        return Finding(holds: count >= minimum,
                       message: count >= minimum ? "\(count) stages" : "\(count) stage\(count == 1 ? "" : "s"); at least \(minimum) expected: build in one, ship from another",
                       line: file.stages.first.map { $0.from.raw.range.start.line })
    }

    static func finalBase(_ file: Dockerfile, allowed: [String], pattern: String?) -> Finding {
        guard let stage = finalStage(file) else { return Finding(holds: false, message: "no stage", line: nil) }
        let image = baseImage(of: stage, in: file)
        let lower = image.lowercased()
        var holds = allowed.contains { $0.lowercased() == lower }
        if !holds, let pattern, let regex = try? Regex(pattern), lower.contains(regex) { holds = true }
        if allowed.isEmpty && pattern == nil { holds = true }
        var expected: [String] = allowed
        if let pattern { expected.append("an image matching /\(pattern)/") }
        return Finding(holds: holds,
                       message: holds ? "the final stage starts from \(image)"
                           : "the final stage starts from \(image); expected \(expected.joined(separator: " or "))",
                       line: stage.from.raw.range.start.line)
    }

    static func copyFromEarlierStage(_ file: Dockerfile) -> Finding {
        guard let stage = finalStage(file) else { return Finding(holds: false, message: "no stage", line: nil) }
        for instruction in stage.instructions {
            guard case .copy(let copy) = instruction, let from = copy.from else { continue }
            if let source = file.stage(named: from), source.index < stage.index {
                return Finding(holds: true, message: "line \(line(instruction)) copies from stage \(source.name ?? String(source.index))", line: line(instruction))
            }
        }
        return Finding(holds: false, message: "the final stage copies nothing from an earlier stage; use `COPY --from=<stage> …` to take only what runs",
                       line: stage.from.raw.range.start.line)
    }

    static func nonRootUser(_ file: Dockerfile) -> Finding {
        guard let stage = finalStage(file) else { return Finding(holds: false, message: "no stage", line: nil) }
        let users = stage.instructions.compactMap { instruction -> (UserInstruction, Int)? in
            if case .user(let u) = instruction { return (u, line(instruction)) }
            return nil
        }
        guard let (last, at) = users.last else {
            return Finding(holds: false, message: "the final stage has no USER, so the app runs as root; add a user and `USER` it",
                           line: stage.from.raw.range.start.line)
        }
        if last.isRoot || last.name.isEmpty {
            return Finding(holds: false, message: "the final stage's last USER is \(last.user), which is root", line: at)
        }
        return Finding(holds: true, message: "runs as \(last.user)", line: at)
    }

    static func healthcheck(_ file: Dockerfile) -> Finding {
        guard let stage = finalStage(file) else { return Finding(holds: false, message: "no stage", line: nil) }
        for instruction in stage.instructions.reversed() {
            guard case .healthcheck(let h) = instruction else { continue }
            if h.isNone { return Finding(holds: false, message: "HEALTHCHECK NONE switches health checking off", line: line(instruction)) }
            return Finding(holds: true, message: "HEALTHCHECK at line \(line(instruction))", line: line(instruction))
        }
        return Finding(holds: false, message: "the final stage declares no HEALTHCHECK", line: stage.from.raw.range.start.line)
    }

    /// The final stage's CMD and ENTRYPOINT (the last of each) are in exec form, and there is one.
    static func execForm(_ file: Dockerfile) -> Finding {
        guard let stage = finalStage(file) else { return Finding(holds: false, message: "no stage", line: nil) }
        var last: [String: (CommandInstruction, Int)] = [:]
        for instruction in stage.instructions {
            switch instruction {
            case .cmd(let c): last["CMD"] = (c, line(instruction))
            case .entrypoint(let c): last["ENTRYPOINT"] = (c, line(instruction))
            default: break
            }
        }
        if last.isEmpty {
            return Finding(holds: false, message: "the final stage has no CMD or ENTRYPOINT", line: stage.from.raw.range.start.line)
        }
        for keyword in ["ENTRYPOINT", "CMD"] {
            if let (c, at) = last[keyword], !c.command.isExec {
                return Finding(holds: false,
                               message: "\(keyword) is in shell form, so /bin/sh is PID 1 and your app never sees SIGTERM; write it as a JSON array",
                               line: at)
            }
        }
        return Finding(holds: true, message: "exec form", line: (last["CMD"] ?? last["ENTRYPOINT"])?.1)
    }

    /// In every stage that copies a dependency manifest, it is copied (and so installed)
    /// before the rest of the source, so a source change does not invalidate the install.
    static func manifestsFirst(_ file: Dockerfile, manifests: [String]) -> Finding {
        let names = Set(manifests.map { ($0 as NSString).lastPathComponent })
        var sawManifest = false
        for stage in file.stages {
            var manifestLine: Int?
            for instruction in stage.instructions {
                guard case .copy(let copy) = instruction, copy.from == nil else { continue }
                let sources = copy.sources.map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 }
                if sources.contains(where: { names.contains(($0 as NSString).lastPathComponent) }) {
                    manifestLine = manifestLine ?? line(instruction)
                    sawManifest = true
                }
                let wholeContext = sources.contains { $0 == "." || $0 == "*" || $0 == "./" || $0.isEmpty }
                if wholeContext {
                    if manifestLine == nil {
                        return Finding(holds: false,
                                       message: "the whole context is copied before \(names.sorted().joined(separator: ", ")) is copied on its own; any source change then re-runs the install",
                                       line: line(instruction))
                    }
                    sawManifest = true
                }
            }
        }
        return Finding(holds: sawManifest,
                       message: sawManifest ? "dependency manifests are copied before the source" : "\(names.sorted().joined(separator: ", ")) is never copied",
                       line: nil)
    }

    /// Every RUN of the final stage that installs packages leaves no package cache behind.
    static func cachesCleaned(_ file: Dockerfile) -> Finding {
        guard let stage = finalStage(file) else { return Finding(holds: false, message: "no stage", line: nil) }
        let envDisablesPipCache = stage.instructions.contains { instruction in
            if case .env(let kv) = instruction { return kv.pairs.contains { $0.key == "PIP_NO_CACHE_DIR" && !["", "0", "false", "off"].contains($0.value.lowercased()) } }
            return false
        }
        for instruction in stage.instructions {
            guard case .run(let run) = instruction else { continue }
            let text = ([run.command.text] + run.heredocs.map(\.content)).joined(separator: "\n")
            if let problem = cacheLeft(by: text, pipCacheOff: envDisablesPipCache) {
                return Finding(holds: false, message: problem, line: line(instruction))
            }
        }
        return Finding(holds: true, message: "no package cache is left in the final stage", line: nil)
    }

    /// What package cache a RUN's script leaves, read from its commands (the linter's shell
    /// splitter): `apt-get -y install` counts as an install however its flags are placed.
    static func cacheLeft(by script: String, pipCacheOff: Bool) -> String? {
        let commands = RunScript.parse(script).commands
        func anyArgument(contains path: String) -> Bool {
            commands.contains { $0.arguments.contains { $0.contains(path) } }
        }
        func runs(_ programs: Set<String>, _ subcommands: Set<String>) -> [ScriptCommand] {
            commands.filter { programs.contains($0.program) && $0.operands.contains(where: subcommands.contains) }
        }
        if !runs(["apt-get", "apt"], ["install", "update"]).isEmpty && !anyArgument(contains: "/var/lib/apt/lists") {
            return "apt leaves its lists in /var/lib/apt/lists; end the same RUN with `&& rm -rf /var/lib/apt/lists/*`"
        }
        if runs(["apk"], ["add"]).contains(where: { !$0.hasFlag("no-cache") }) && !anyArgument(contains: "/var/cache/apk") {
            return "apk keeps its cache; use `apk add --no-cache`"
        }
        let pipInstalls = runs(["pip", "pip3"], ["install"])
            + commands.filter { $0.program.hasPrefix("python") && $0.arguments.starts(with: ["-m", "pip"]) && $0.operands.contains("install") }
        if pipInstalls.contains(where: { !$0.hasFlag("no-cache-dir") }) && !pipCacheOff && !anyArgument(contains: ".cache/pip") {
            return "pip keeps downloaded packages in ~/.cache/pip; use `pip install --no-cache-dir`"
        }
        return nil
    }
}
