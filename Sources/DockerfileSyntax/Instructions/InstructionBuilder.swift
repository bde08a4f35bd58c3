/// Turns raw nodes into typed instructions (BuildKit's instructions/parse.go), collecting
/// what BuildKit would reject at build time as problems instead of stopping, so a linter
/// can still see the rest of the file.
enum InstructionBuilder {
    static func build(_ raw: RawInstruction, problems: inout [DockerfileError]) -> Instruction {
        func problem(_ message: String) {
            problems.append(DockerfileError(.instruction, message, range: raw.range))
        }
        var spec = FlagSpec.of(raw.kind)
        if raw.kind == .healthcheck, raw.arguments.first?.uppercased() == "NONE" { spec.ignoresFlags = true }
        let flags = Flags(raw.flags, spec: spec)
        for message in flags.problems { problem(message) }
        let args = raw.arguments
        func requireExactlyOne(_ what: String) -> String {
            if args.count != 1 { problem("\(what) requires exactly one argument") }
            return args.first ?? ""
        }
        func requireAtLeast(_ n: Int, _ what: String) {
            if args.count < n {
                problem(n == 1 ? "\(what) requires at least one argument" : "\(what) requires at least two arguments")
            }
        }

        switch raw.kind {
        case .from:
            var alias: String?
            if args.count == 3, args[1].lowercased() == "as" {
                alias = args[2]
                let lowered = args[2].lowercased()
                if !isValidStageName(lowered) {
                    problem("invalid name for build stage: \"\(args[2])\", name can't start with a number or contain symbols")
                }
            } else if args.count != 1 {
                problem("FROM requires either one or three arguments")
            }
            let image = args.first ?? ""
            return .from(FromInstruction(
                raw: raw, image: image, platform: flags.string("platform"),
                alias: alias?.lowercased(), aliasAsWritten: alias))
        case .run:
            var mounts: [RunMount] = []
            for text in flags.strings("mount") { mounts.append(RunMount(text)) }
            if args.isEmpty && raw.heredocs.isEmpty && !raw.isJSON { problem("RUN requires at least one argument") }
            return .run(RunInstruction(raw: raw, command: CommandForm(raw), mounts: mounts,
                                       network: flags.string("network"), security: flags.string("security")))
        case .cmd, .entrypoint:
            let instruction = CommandInstruction(raw: raw, command: CommandForm(raw))
            return raw.kind == .cmd ? .cmd(instruction) : .entrypoint(instruction)
        case .copy, .add:
            requireAtLeast(2, raw.keyword.uppercased())
            if let last = raw.heredocs.last, args.last.map({ $0.hasPrefix("<<") && $0.hasSuffix(last.name) }) == true {
                problem("\(raw.keyword.uppercased()) cannot use a heredoc as its destination")
            }
            let copy = CopyInstruction(
                raw: raw, isAdd: raw.kind == .add, sources: Array(args.dropLast()), destination: args.last ?? "",
                from: flags.string("from"), chown: flags.string("chown"), chmod: flags.string("chmod"),
                link: flags.bool("link"), checksum: flags.string("checksum"), excludes: flags.strings("exclude"))
            return raw.kind == .add ? .add(copy) : .copy(copy)
        case .env, .label:
            var pairs: [KeyValuePair] = []
            var i = 0
            while i + 1 < args.count {
                let pair = KeyValuePair(key: args[i], value: args[i + 1], isLegacy: i + 2 < args.count ? args[i + 2].isEmpty : false)
                if pair.key.isEmpty { problem("\(raw.keyword.uppercased()) names can not be blank") }
                pairs.append(pair)
                i += 3
            }
            requireAtLeast(1, raw.keyword.uppercased())
            let instruction = KeyValueInstruction(raw: raw, pairs: pairs)
            return raw.kind == .env ? .env(instruction) : .label(instruction)
        case .arg:
            requireAtLeast(1, "ARG")
            var declarations: [ArgDeclaration] = []
            for word in args {
                let pieces = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if pieces[0].isEmpty { problem("ARG names can not be blank") }
                declarations.append(ArgDeclaration(name: String(pieces[0]), defaultValue: pieces.count > 1 ? String(pieces[1]) : nil))
            }
            return .arg(ArgInstruction(raw: raw, args: declarations))
        case .expose:
            requireAtLeast(1, "EXPOSE")
            return .expose(ExposeInstruction(raw: raw, ports: args.sorted()))
        case .user:
            return .user(UserInstruction(raw: raw, user: requireExactlyOne("USER")))
        case .workdir:
            return .workdir(PathInstruction(raw: raw, path: requireExactlyOne("WORKDIR")))
        case .volume:
            requireAtLeast(1, "VOLUME")
            let paths = args.map { Bytes.trimSpace($0) }
            if paths.contains(where: \.isEmpty) { problem("VOLUME specified can not be an empty string") }
            return .volume(VolumeInstruction(raw: raw, paths: paths))
        case .shell:
            if !raw.isJSON || args.isEmpty { problem("SHELL requires the arguments to be in JSON form") }
            return .shell(ShellInstruction(raw: raw, shell: args))
        case .stopsignal:
            return .stopsignal(StopsignalInstruction(raw: raw, signal: requireExactlyOne("STOPSIGNAL")))
        case .maintainer:
            return .maintainer(MaintainerInstruction(raw: raw, maintainer: requireExactlyOne("MAINTAINER")))
        case .healthcheck:
            return .healthcheck(healthcheck(raw, flags: flags, problem: problem))
        case .onbuild:
            guard let trigger = raw.onbuildTrigger else {
                problem("ONBUILD requires at least one argument")
                return .onbuild(OnbuildInstruction(raw: raw, trigger: nil))
            }
            if [.onbuild, .from, .maintainer].contains(trigger.kind) {
                problem("\(trigger.keyword.uppercased()) isn't allowed as an ONBUILD trigger")
            }
            var triggerProblems: [DockerfileError] = []
            let typed = build(trigger, problems: &triggerProblems)
            problems += triggerProblems.map { DockerfileError($0.kind, $0.message, range: raw.range) }
            return .onbuild(OnbuildInstruction(raw: raw, trigger: typed))
        case .unknown:
            problem("unknown instruction: \(raw.keyword)")
            return .unknown(raw)
        }
    }

    static func healthcheck(_ raw: RawInstruction, flags: Flags, problem: (String) -> Void) -> HealthcheckInstruction {
        let type = raw.arguments.first?.uppercased() ?? ""
        var check = HealthcheckInstruction(raw: raw, isNone: type == "NONE")
        switch type {
        case "NONE":
            if raw.arguments.count > 1 { problem("HEALTHCHECK NONE takes no arguments") }
        case "CMD":
            let rest = Array(raw.arguments.dropFirst())
            if rest.isEmpty { problem("Missing command after HEALTHCHECK CMD") }
            check.command = CommandForm(raw, arguments: rest)
        case "":
            problem("HEALTHCHECK requires an argument")
        default:
            problem("Unknown type \(GoQuote.quote(type)) in HEALTHCHECK (try CMD)")
        }
        check.interval = flags.string("interval")
        check.timeout = flags.string("timeout")
        check.startPeriod = flags.string("start-period")
        check.startInterval = flags.string("start-interval")
        for (name, value) in [("interval", check.interval), ("timeout", check.timeout),
                              ("start-period", check.startPeriod), ("start-interval", check.startInterval)] {
            guard let value else { continue }
            switch GoDuration.parse(value) {
            case nil: problem("time: invalid duration \(GoQuote.quote(value)) for --\(name)")
            case let seconds? where seconds != 0 && seconds < 0.001:
                problem("Interval \"\(name)\" cannot be less than 1ms")
            default: break
            }
        }
        if let retries = flags.string("retries") {
            if let n = Int(retries), n >= 0 { check.retries = n } else { problem("--retries must be a non-negative integer") }
        }
        return check
    }

    /// `^[a-z][a-z0-9-_.]*$`
    static func isValidStageName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
    }
}

/// Go's time.ParseDuration: `1m30s`, `300ms`, `1.5h`. Returns seconds.
enum GoDuration {
    static func parse(_ text: String) -> Double? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        if s == "0" { return 0 }
        guard !s.isEmpty else { return nil }
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("μs", 1e-6), ("ms", 1e-3),
                                         ("s", 1), ("m", 60), ("h", 3600)]
        var total = 0.0
        while !s.isEmpty {
            let number = s.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            s = s.dropFirst(number.count)
            guard let unit = units.first(where: { s.hasPrefix($0.0) }) else { return nil }
            s = s.dropFirst(unit.0.count)
            total += value * unit.1
        }
        return negative ? -total : total
    }
}
