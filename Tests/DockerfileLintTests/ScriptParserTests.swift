import DockerfileLint
import Testing

/// The one shell splitter: what the rules and the course's structure checks read of a RUN.
@Suite struct ScriptParserTests {
    @Test func splitsOnOperatorsAndNewlines() {
        let script = RunScript.parse("apt-get update && apt-get install -y --no-install-recommends curl=7.88* \\\n  || true; echo done | tee log\nrm -rf /var/lib/apt/lists/* & wait")
        #expect(script.commands.map(\.name) == ["apt-get", "apt-get", "true", "echo", "tee", "rm", "wait"])
        #expect(script.commands.map(\.precededBy) == [.start, .and, .or, .sequence, .pipe, .newline, .background])
        #expect(script.hasPipe && script.topLevelCount == 7)
        let install = script.commands[1]
        #expect(install.hasFlag("y") && install.hasFlag("no-install-recommends"))
        #expect(install.operands == ["install", "curl=7.88*"])
        #expect(!RunScript.parse("a || b").hasPipe)
    }

    @Test func quotesAndEscapesAreRemovedFromWords() {
        let script = RunScript.parse(#"echo "a b" 'c $d' e\ f "x\"y" $(date +%s) "${HOME}/bin" $USER"#)
        #expect(script.commands.first?.arguments == ["a b", "c $d", "e f", "x\"y", "$(date +%s)", "${HOME}/bin", "${USER}"])
        // A command substitution's commands are commands too.
        #expect(script.commands.map(\.name) == ["echo", "date"])
    }

    @Test func backquotesAndProcessSubstitutionsHoldCommandsToo() {
        let script = RunScript.parse("echo `uname -m` \"v`cat VERSION`\"; diff <(sort a) >(tee b)")
        #expect(script.commands.first?.arguments == ["`uname -m`", "v`cat VERSION`"])
        #expect(script.commands.map(\.name).sorted() == ["cat", "diff", "echo", "sort", "tee", "uname"])
    }

    @Test func combinedShortOptionsAndValues() throws {
        let command = try #require(RunScript.parse("pip install -qU --target=/opt -r req.txt flask").commands.first)
        #expect(command.hasFlag("q") && command.hasFlag("U"))
        #expect(!command.hasFlag("y"))
        #expect(command.optionValue("--target") == "/opt")
        #expect(command.optionValue("-r") == "req.txt")
        #expect(command.operands(droppingValuesOf: ["r"]) == ["install", "flask"])
    }

    @Test func assignmentsRedirectionsSubshellsAndComments() throws {
        let script = RunScript.parse("DEBIAN_FRONTEND=noninteractive apt-get -qq install x >/dev/null 2>&1 # quiet\n(cd /src && make) ; { echo a; } 2> err.log")
        let first = try #require(script.commands.first)
        #expect(first.name == "apt-get")
        #expect(first.redirections == [">/dev/null", "2>&1"])
        #expect(first.arguments == ["-qq", "install", "x"])
        #expect(script.commands.map(\.name) == ["apt-get", "cd", "make", "echo"])
        #expect(script.commands.map(\.precededBy) == [.start, .newline, .and, .sequence])
        let path = try #require(RunScript.parse("/usr/bin/pip install x").commands.first)
        #expect(path.name == "/usr/bin/pip" && path.program == "pip")
    }

    @Test func heredocBodiesAreNotCommands() {
        let script = RunScript.parse("cat <<-'EOF' > /etc/app.conf\n\tlisten 80\n\tEOF\necho done")
        #expect(script.commands.map(\.name) == ["cat", "echo"])
        #expect(script.commands.first?.redirections == ["<<-EOF", ">/etc/app.conf"])
    }

    @Test func compoundCommandsYieldTheCommandsInside() {
        let script = RunScript.parse("for f in a b; do rm $f; done && if [ -x x ]; then ./x; fi; case $1 in a) echo a ;; esac")
        #expect(script.commands.map(\.name) == ["rm", "./x", "echo"])
        #expect(script.topLevelCount == 3)
    }

    /// Like ShellCheck, text that is not shell gives no commands (and no findings).
    @Test func invalidShellGivesNoCommands() {
        for text in ["echo 'unclosed", "echo \"unclosed", "echo $(date", "foo( bar", "[word] x"] {
            #expect(RunScript.parse(text).commands.isEmpty, "\(text)")
        }
    }
}
