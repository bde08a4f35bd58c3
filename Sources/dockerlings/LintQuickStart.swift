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

    /// Every option of `lint`: its long name, its short one, and whether it takes a value.
    static let options: [(long: String, short: Character?, kind: Kind)] = [
        ("format", "f", .value), ("output", "o", .value), ("file-path-in-report", nil, .value), ("verbose", "V", .flag),
        ("config", "c", .value),
        ("ignore", nil, .values), ("error", nil, .values), ("warning", nil, .values),
        ("info", nil, .values), ("style", nil, .values),
        ("trusted-registry", nil, .values), ("require-label", nil, .values), ("strict-labels", nil, .flag),
        ("failure-threshold", "t", .value), ("no-fail", nil, .flag), ("disable-ignore-pragma", nil, .flag),
        ("shellcheck", nil, .value), ("no-cache", nil, .flag), ("enable", nil, .values), ("no-color", nil, .flag),
        ("context", nil, .value), ("base-images", nil, .value),
        ("fix", nil, .flag), ("unsafe", nil, .flag), ("diff", nil, .flag),
    ]

    /// Where each option's value goes (a key path table would cost more to start than the
    /// whole reading).
    static func set(_ long: String, _ value: String, in request: inout LintRequest) {
        switch long {
        case "format": request.format = value
        case "output": request.output = value
        case "file-path-in-report": request.filePathInReport = value
        case "verbose": request.verbose = true
        case "config": request.config = value
        case "ignore": request.ignore.append(value)
        case "error": request.error.append(value)
        case "warning": request.warning.append(value)
        case "info": request.info.append(value)
        case "style": request.style.append(value)
        case "trusted-registry": request.trustedRegistry.append(value)
        case "require-label": request.requireLabel.append(value)
        case "strict-labels": request.strictLabels = true
        case "failure-threshold": request.failureThreshold = value
        case "no-fail": request.noFail = true
        case "disable-ignore-pragma": request.disableIgnorePragma = true
        case "shellcheck": request.shellcheck = value
        case "no-cache": request.noCache = true
        case "enable": request.enable.append(value)
        case "no-color": request.noColor = true
        case "context": request.context = value
        case "base-images": request.baseImages = value
        case "fix": request.fix = true
        case "unsafe": request.unsafe = true
        case "diff": request.diff = true
        default: preconditionFailure("an option missing from LintQuickStart.set: \(long)")
        }
    }

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
            let option: (long: String, short: Character?, kind: Kind)?
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
                set(option.long, "", in: &request)
            } else {
                guard let value = attached ?? next(&rest) else { return nil }
                set(option.long, value, in: &request)
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
