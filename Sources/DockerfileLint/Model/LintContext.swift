import DockerfileSyntax

/// A build stage: from one FROM to the next.
public struct StageInfo: Sendable {
    public var index: Int
    /// Position of the FROM in `LintContext.items`.
    public var itemIndex: Int
    public var line: Int
    /// The image text as written (`python:3.12-slim`, `$BASE`).
    public var imageText: String
    public var image: HadolintImageReference
    /// The alias as written (`AS Build` keeps its case).
    public var alias: String?
    /// The earlier stage this one is built on (hadolint's key match: its FROM image name
    /// equals that stage's alias, or its image name when it has no alias).
    public var parent: Int?
    /// `--platform` value, if any.
    public var platform: String?

    /// The name other stages refer to it by, in hadolint's sense.
    public var key: String { alias ?? image.name }
}

/// What every rule sees: the parsed file, its instructions with their stages, the stages,
/// the commands of each RUN and the configuration. Built once per file.
public final class LintContext: Sendable {
    public let file: String
    public let parsed: ParsedDockerfile
    public let configuration: LintConfiguration
    /// Top-level instructions and, right after each ONBUILD, its trigger (`isOnbuild`).
    public let items: [InstructionItem]
    public let stages: [StageInfo]
    /// The commands of each RUN item, by position in `items` (empty for non-RUN items).
    public let scripts: [RunScript]
    /// The shell text of each RUN item (`scriptText`), by position in `items` (empty for
    /// non-RUN items): the commands are parsed from it and ShellCheck is given it.
    let scriptTexts: [String]
    /// Where each RUN's script was written, by position in `items`.
    let scriptOrigins: [ScriptOrigin]
    public let lines: [Substring]
    /// The build context's `.dockerignore`, when the context is known and has one.
    public let dockerignore: DockerIgnore?
    /// The instructions typed (DockerfileSyntax's `Dockerfile`), for the checks that expand
    /// variables as BuildKit does; built on first use, once per file.
    var dockerfile: Dockerfile { typed.get { Dockerfile(parsed) } }
    private let typed = BuiltOnce<Dockerfile>()

    public convenience init(file: String, source: String, parsed: ParsedDockerfile, configuration: LintConfiguration,
                            dockerignore: DockerIgnore? = nil) {
        self.init(file: file, lines: source.split(separator: "\n", omittingEmptySubsequences: false),
                  parsed: parsed, configuration: configuration, dockerignore: dockerignore)
    }

    init(file: String, lines: [Substring], parsed: ParsedDockerfile, configuration: LintConfiguration,
         dockerignore: DockerIgnore? = nil) {
        self.file = file
        self.parsed = parsed
        self.configuration = configuration
        self.lines = lines
        self.dockerignore = dockerignore
        var items: [InstructionItem] = []
        var stages: [StageInfo] = []
        items.reserveCapacity(parsed.instructions.count)
        for (index, raw) in parsed.instructions.enumerated() {
            let rawName = raw.name
            if rawName == "from" {
                let args = raw.arguments
                let imageText = args.first ?? ""
                let image = HadolintImageReference(imageText)
                var alias: String?
                if args.count >= 3, args[1].lowercased() == "as" { alias = args[2] }
                let parent = stages.lastIndex { $0.key == image.name }
                var platform: String?
                for f in raw.flags where f.hasPrefix("--platform=") { platform = String(f.dropFirst(11)) }
                stages.append(StageInfo(
                    index: stages.count, itemIndex: items.count, line: raw.range.start.line,
                    imageText: imageText, image: image, alias: alias, parent: parent, platform: platform))
            }
            let stage = stages.count - 1
            items.append(InstructionItem(node: raw, raw: raw, isOnbuild: false, stage: stage, index: index))
            if rawName == "onbuild", let trigger = raw.onbuildTrigger {
                items.append(InstructionItem(node: trigger, raw: raw, isOnbuild: true, stage: stage, index: index))
            }
        }
        self.items = items
        self.stages = stages
        var texts: [String] = []
        var scripts: [RunScript] = []
        var origins: [ScriptOrigin] = []
        texts.reserveCapacity(items.count)
        scripts.reserveCapacity(items.count)
        origins.reserveCapacity(items.count)
        for item in items {
            guard item.name == "run" else { texts.append(""); scripts.append(.empty); origins.append(.unknown); continue }
            let text = LintContext.scriptText(item)
            texts.append(text)
            scripts.append(RunScript.parse(text))
            origins.append(ScriptOrigin.of(item, script: text))
        }
        self.scriptTexts = texts
        self.scripts = scripts
        self.scriptOrigins = origins
    }

    /// The shell text of a RUN: the command as written, or for `RUN <<EOF` (optionally
    /// naming a shell) the heredoc body, which is the script.
    private static func scriptText(_ item: InstructionItem) -> String {
        let node = item.node
        if node.isJSON { return node.arguments.joined(separator: " ") }
        let text = node.arguments.first ?? ""
        guard !node.heredocs.isEmpty else { return text }
        var rest = ""
        var k = text.startIndex
        // Remove the `<<[-]["']NAME["']` markers to see what the RUN line itself runs.
        while k < text.endIndex {
            if text[k...].hasPrefix("<<") {
                var j = text.index(k, offsetBy: 2)
                while j < text.endIndex, !text[j].isWhitespace { j = text.index(after: j) }
                k = j
                continue
            }
            rest.append(text[k])
            k = text.index(after: k)
        }
        let head = rest.trimmingCharacters(in: .whitespaces)
        let word = head.split(separator: " ").first.map(String.init) ?? ""
        let shells: Set<String> = ["", "sh", "bash", "ash", "zsh", "dash", "/bin/sh", "/bin/bash", "/bin/ash", "/bin/zsh", "/bin/dash", "/usr/bin/env"]
        if shells.contains(word) {
            return node.heredocs.map(\.content).joined(separator: "\n")
        }
        return text
    }

    /// Items of one stage (top-level and ONBUILD triggers).
    public func items(inStage stage: Int) -> some Sequence<InstructionItem> {
        items.lazy.filter { $0.stage == stage }
    }

    /// The chain of stages this one inherits from, nearest first.
    public func ancestors(of stage: Int) -> [Int] {
        var out: [Int] = []
        var cur = stages[stage].parent
        while let p = cur, !out.contains(p) {
            out.append(p)
            cur = stages[p].parent
        }
        return out
    }

    /// Whether a mount of `--mount=type=cache|tmpfs` on this RUN has a target containing `fragment`.
    public func hasCacheMount(_ item: InstructionItem, containing fragment: String) -> Bool {
        for spec in item.flags("mount") {
            let m = RunMount(spec)
            if m.type == "cache" || m.type == "tmpfs", let t = m.target, t.contains(fragment) { return true }
        }
        return false
    }
}

import Foundation
