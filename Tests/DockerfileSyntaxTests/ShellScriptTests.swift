import DockerfileSyntax
import Testing

@Suite struct ShellScriptTests {
    @Test func splitsOnOperatorsAndNewlines() {
        let script = ShellScript.parse("apt-get update && apt-get install -y --no-install-recommends curl=7.88* \\\n  || true; echo done | tee log\nrm -rf /var/lib/apt/lists/*")
        #expect(script.commands.map(\.name) == ["apt-get", "apt-get", "true", "echo", "tee", "rm"])
        #expect(script.commands.map(\.precededBy) == [.start, .and, .or, .sequence, .pipe, .newline])
        let install = script.commands[1]
        #expect(install.subcommand == "install")
        #expect(install.hasOption("-y"))
        #expect(install.hasOption("--no-install-recommends"))
        #expect(install.positionalArguments == ["install", "curl=7.88*"])
    }

    @Test func quotesAndEscapesAreRemovedFromWords() {
        let script = ShellScript.parse(#"echo "a b" 'c $d' e\ f "x\"y" $(date +%s) "${HOME}/bin""#)
        #expect(script.commands.count == 1)
        #expect(script.commands[0].arguments == ["a b", "c $d", "e f", "x\"y", "$(date +%s)", "${HOME}/bin"])
        #expect(script.commands[0].words[1].isQuoted)
    }

    @Test func combinedShortOptionsAndValues() {
        let command = ShellScript.parse("pip install -qU --target=/opt -r req.txt flask").commands[0]
        #expect(command.hasOption("-q") && command.hasOption("-U"))
        #expect(!command.hasOption("-y"))
        #expect(command.optionValue("--target") == "/opt")
        #expect(command.optionValue("-r") == "req.txt")
    }

    @Test func assignmentsRedirectionsSubshellsAndComments() {
        let script = ShellScript.parse("DEBIAN_FRONTEND=noninteractive apt-get -qq install x >/dev/null 2>&1 # quiet\n(cd /src && make) ; { echo a; }")
        let first = script.commands[0]
        #expect(first.assignments.map(\.text) == ["DEBIAN_FRONTEND=noninteractive"])
        #expect(first.name == "apt-get")
        #expect(first.redirections == [">/dev/null", "2>&1"])
        #expect(first.arguments == ["-qq", "install", "x"])
        #expect(script.commands.map(\.name) == ["apt-get", "cd", "make", "echo"])
        #expect(ShellScript.parse("/usr/bin/pip install x").commands[0].name == "pip")
    }
}
