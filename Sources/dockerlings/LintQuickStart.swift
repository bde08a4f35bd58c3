/// `dockerlings lint` without ArgumentParser's start-up. Linting one file is the linter's
/// most common use (a pre-commit hook, an editor, the course's `watch`), and building the
/// whole command tree, reflecting every command's properties and checking for a completion
/// script request cost about a third of such a run. So a plain `lint` command line — only
/// the options below, in the forms listed — is read here into the same `LintRequest` the
/// `Lint` command makes. Anything else (help, an unknown or misspelt option, a value
/// that looks like an option, a request that does not validate) returns nil, and
/// ArgumentParser reads the line as always, with its messages. This table must name every
/// option `Lint` declares, with the same kind: LintQuickStartTests hold it to that.
enum LintQuickStart {
    enum Kind: Equatable {
        case flag, value, values
    }

    /// One option: its names, whether it takes a value, and where the value goes.
    struct Option: Sendable {
        var long: String
        var short: Character?
        var kind: Kind
        var set: @Sendable (inout LintRequest, String) -> Void

        static func flag(_ long: String, _ short: Character? = nil, _ set: @escaping @Sendable (inout LintRequest) -> Void) -> Option {
            Option(long: long, short: short, kind: .flag) { request, _ in set(&request) }
        }
        static func value(_ long: String, _ short: Character? = nil, _ set: @escaping @Sendable (inout LintRequest, String) -> Void) -> Option {
            Option(long: long, short: short, kind: .value, set: set)
        }
        static func values(_ long: String, _ set: @escaping @Sendable (inout LintRequest, String) -> Void) -> Option {
            Option(long: long, short: nil, kind: .values, set: set)
        }
    }

    /// Every option of `lint`. (Closures rather than key paths: instantiating key paths
    /// costs more at start-up than the whole reading.)
    static let options: [Option] = [
        .value("format", "f") { $0.format = $1 }, .value("output", "o") { $0.output = $1 },
        .value("file-path-in-report") { $0.filePathInReport = $1 }, .flag("verbose", "V") { $0.verbose = true },
        .value("config", "c") { $0.config = $1 },
        .values("ignore") { $0.ignore.append($1) }, .values("error") { $0.error.append($1) },
        .values("warning") { $0.warning.append($1) }, .values("info") { $0.info.append($1) },
        .values("style") { $0.style.append($1) }, .values("trusted-registry") { $0.trustedRegistry.append($1) },
        .values("require-label") { $0.requireLabel.append($1) }, .flag("strict-labels") { $0.strictLabels = true },
        .value("failure-threshold", "t") { $0.failureThreshold = $1 }, .flag("no-fail") { $0.noFail = true },
        .flag("disable-ignore-pragma") { $0.disableIgnorePragma = true }, .value("shellcheck") { $0.shellcheck = $1 },
        .flag("no-cache") { $0.noCache = true }, .values("enable") { $0.enable.append($1) },
        .flag("no-color") { $0.noColor = true }, .value("context") { $0.context = $1 },
        .value("base-images") { $0.baseImages = $1 },
        .flag("fix") { $0.fix = true }, .flag("unsafe") { $0.unsafe = true }, .flag("diff") { $0.diff = true },
    ]

    /// The request for `arguments` (the whole command line, program name first) when it is a
    /// plain `lint` line this reader is sure of; nil to leave it to ArgumentParser.
    static func request(_ arguments: [String]) -> LintRequest? {
        guard arguments.count > 2, arguments[1] == "lint" else { return nil }
        var request = LintRequest()
        var given: [String] = []
        var rest = arguments[2...]
        while let argument = rest.popFirst() {
            if argument == "--" {
                request.files += rest
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                // A file named like a word ArgumentParser treats specially is left to it.
                if argument == "help" { return nil }
                request.files.append(argument)
                continue
            }
            var name = Substring(argument)
            var attached: String?
            let option: Option?
            if argument.hasPrefix("--") {
                name = name.dropFirst(2)
                if let equals = name.firstIndex(of: "=") {
                    attached = String(name[name.index(after: equals)...])
                    name = name[..<equals]
                    // ArgumentParser takes `--config=` but calls `--ignore=` a missing value.
                    if attached == "" { return nil }
                }
                option = options.first { $0.long == name }
            } else {
                // One short option alone (`-f`); grouped or attached forms go to ArgumentParser.
                guard argument.count == 2 else { return nil }
                option = options.first { $0.short == argument.last }
            }
            // An option given twice (unless it collects values) is ArgumentParser's to judge.
            guard let option, option.kind == .values || !given.contains(option.long) else { return nil }
            given.append(option.long)
            if option.kind == .flag {
                guard attached == nil else { return nil }
                option.set(&request, "")
            } else {
                guard let value = attached ?? next(&rest) else { return nil }
                option.set(&request, value)
            }
        }
        do {
            try request.validate()
        } catch {
            return nil
        }
        return request
    }

    /// An option's value from the next argument; nil when there is none or it looks like an
    /// option (ArgumentParser then says what is missing).
    private static func next(_ rest: inout ArraySlice<String>) -> String? {
        guard let value = rest.first, !value.hasPrefix("-") else { return nil }
        return rest.popFirst()
    }
}
