import ArgumentParser
import Foundation
import Testing
@testable import dockerlings

/// The lint quick start reads a plain `lint` command line without ArgumentParser. It must know
/// every option `Lint` declares, read each into the same request ArgumentParser makes, and
/// leave to ArgumentParser every line it is not sure of, so that the two can never differ.
@Suite struct LintQuickStartTests {
    /// `lint`'s options as ArgumentParser describes them (`--experimental-dump-help`), less
    /// the --help and --version it adds to every command.
    static func declaredOptions() throws -> [(long: String, short: Character?, kind: LintQuickStart.Kind)] {
        let json: String
        do {
            _ = try Dockerlings.parseAsRoot(["lint", "--experimental-dump-help"])
            Issue.record("ArgumentParser gave no help dump")
            return []
        } catch {
            json = Dockerlings.fullMessage(for: error)
        }
        struct Dump: Decodable {
            struct Command: Decodable {
                var commandName: String
                var arguments: [Argument]?
                var subcommands: [Command]?
            }
            struct Argument: Decodable {
                struct Name: Decodable { var kind: String; var name: String }
                var kind: String
                var names: [Name]?
                var isRepeating: Bool
            }
            var command: Command
        }
        let dump = try JSONDecoder().decode(Dump.self, from: Data(json.utf8))
        let lint = try #require(dump.command.commandName == "lint" ? dump.command : dump.command.subcommands?.first { $0.commandName == "lint" })
        return (lint.arguments ?? []).compactMap { argument in
            guard argument.kind != "positional", let names = argument.names,
                  let long = names.first(where: { $0.kind == "long" })?.name, !["help", "version"].contains(long) else { return nil }
            let short = names.first(where: { $0.kind == "short" }).flatMap(\.name.first)
            let kind: LintQuickStart.Kind = argument.kind == "flag" ? .flag : (argument.isRepeating ? .values : .value)
            return (long, short, kind)
        }
    }

    @Test func knowsEveryOptionLintDeclaresWithItsKind() throws {
        let declared = try Self.declaredOptions()
        #expect(declared.count > 20, "the dump should list lint's options")
        let described = { (o: (long: String, short: Character?, kind: LintQuickStart.Kind)) in "\(o.long) \(o.short.map(String.init) ?? "-") \(o.kind)" }
        #expect(Set(declared.map(described)) == Set(LintQuickStart.options.map { described(($0.long, $0.short, $0.kind)) }))
    }

    /// A value each option accepts (the request must validate, or the quick start steps aside).
    static func sample(_ long: String) -> String {
        switch long {
        case "format": "json"
        case "failure-threshold": "warning"
        case "shellcheck": "never"
        case "base-images": "local"
        case "require-label": "maintainer:email"
        default: "x-\(long)"
        }
    }

    /// Each option in every spelling ArgumentParser takes and the quick start reads, once and
    /// (for the repeatable ones) twice, with the files before and after.
    static func lines() -> [[String]] {
        var lines: [[String]] = [["a.Dockerfile"], ["-"], ["a.Dockerfile", "--", "--fix"], ["a.Dockerfile", "b.Dockerfile"]]
        for option in LintQuickStart.options {
            let value = sample(option.long)
            switch option.kind {
            case .flag:
                lines.append(["--\(option.long)", "a.Dockerfile"])
            case .value:
                lines.append(["--\(option.long)", value, "a.Dockerfile"])
                lines.append(["a.Dockerfile", "--\(option.long)=\(value)"])
                if let short = option.short { lines.append(["-\(short)", value, "a.Dockerfile"]) }
            case .values:
                lines.append(["--\(option.long)", value, "a.Dockerfile", "--\(option.long)=\(value)2"])
            }
        }
        // --unsafe is accepted only beside --fix or --diff.
        return lines.map { $0.contains("--unsafe") ? $0 + ["--fix"] : $0 }
    }

    @Test(arguments: lines())
    func readsEachOptionAsArgumentParserDoes(line: [String]) throws {
        let quick = try #require(LintQuickStart.request(["dockerlings", "lint"] + line), "the quick start left \(line) to ArgumentParser")
        let full = try #require(try Dockerlings.parseAsRoot(["lint"] + line) as? Lint)
        #expect(quick == full.request)
    }

    @Test(arguments: [
        [],                                        // no file: ArgumentParser's error
        ["--help"], ["-h"], ["help"], ["--version"],
        ["--no-such-option", "a.Dockerfile"],
        ["-fjson", "a.Dockerfile"], ["-xf", "json", "a.Dockerfile"],   // attached or grouped short forms
        ["--format", "a.Dockerfile"],              // a value missing before the file? ArgumentParser decides
        ["--format", "--no-fail", "a.Dockerfile"], ["--ignore=", "a.Dockerfile"],
        ["--format", "yaml", "a.Dockerfile"],      // does not validate
        ["--unsafe", "a.Dockerfile"],
        ["--no-fail=yes", "a.Dockerfile"],
        ["--no-fail", "--no-fail", "a.Dockerfile"], ["-f", "json", "-f", "tty", "a.Dockerfile"],
        ["--require-label", ":", "a.Dockerfile"],
        ["--experimental-dump-help"], ["--generate-completion-script", "bash"],
    ])
    func leavesEveryOtherLineToArgumentParser(line: [String]) {
        #expect(LintQuickStart.request(["dockerlings", "lint"] + line) == nil)
    }

    @Test func leavesOtherCommandsAlone() {
        #expect(LintQuickStart.request(["dockerlings", "check", "a.Dockerfile"]) == nil)
        #expect(LintQuickStart.request(["dockerlings", "a.Dockerfile", "lint"]) == nil)
        #expect(LintQuickStart.request(["dockerlings"]) == nil)
    }
}
