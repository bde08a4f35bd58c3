import Testing
@testable import DockerEngine

/// The byte scanners that recognise builder output agree with the regular expressions that
/// state each shape (what the parser used before; they cost ~0.35 ms a line).
@Suite struct BuildLineShapesTests {
    static let lines = [
        "Step 2/5 : RUN make", "Step 12/12 : CMD [\"a\"]", "Step 1/3 : ", "Step x/3 : RUN", "Step 2/5: RUN", " Step 2/5 : RUN",
        " ---> 1a2b3c4d5e6f", "---> 1a2b3c4d5e6f0011", "---> 1a2b3c", "---> Using cache", "---> 1A2B3C4D5E6F",
        "The command '/bin/sh -c false' returned a non-zero code: 1",
        "x The command 'a' returned a non-zero code: 2' returned a non-zero code: 37 tail",
        "The command 'a' returned a non-zero code: x",
        "#5 [2/3] RUN echo hi", "#5 [builder 2/3] RUN echo [a 1/2] b", "#12 [linux/amd64 stage-1 3/4] COPY --from=builder /a /b",
        "#1 [internal] load build definition from Dockerfile", "#7 0.153 some output", "#7 12.5 ", "#7 DONE 0.2s", "#7 CACHED",
        "#x 0.1 out", "#7", "#7 ", "#7 [2/3]RUN", "#3 [auth] library/python:pull token", "plain output line", "",
    ]

    @Test func classicShapesMatchTheirPatterns() {
        for line in Self.lines {
            let step = BuildLineShapes.classicStep(line)
            let expected = line.wholeMatch(of: /Step (\d+)\/(\d+) : (.*)/)
            #expect(step?.step == expected.flatMap { Int($0.1) } && step?.total == expected.flatMap { Int($0.2) }
                    && step?.instruction == expected.map { String($0.3) }, "\(line)")
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            #expect(BuildLineShapes.isClassicImageID(trimmed) == (trimmed.wholeMatch(of: /---> [0-9a-f]{12,}/) != nil), "\(line)")
            let failure = BuildLineShapes.classicFailure(line)
            let expectedFailure = line.firstMatch(of: /The command '(.*)' returned a non-zero code: (\d+)/)
            #expect(failure?.command == expectedFailure.map { String($0.1) } && failure?.code == expectedFailure.flatMap { Int($0.2) }, "\(line)")
        }
    }

    @Test func buildKitShapesMatchTheirPatterns() {
        for line in Self.lines {
            let vertex = BuildLineShapes.buildKitVertex(line)
            let expected = line.wholeMatch(of: /#(\d+) (.*)/)
            #expect(vertex?.id == expected.map { String($0.1) } && vertex?.rest == expected.map { String($0.2) }, "\(line)")
            guard let rest = vertex?.rest else { continue }
            let step = BuildLineShapes.buildKitStep(rest)
            let expectedStep = rest.wholeMatch(of: /\[(?:(.+) )?(\d+)\/(\d+)\] (.*)/)
            if rest.contains("[a 1/2]") {
                // The pattern's greedy stage group reaches into the instruction; the scanner
                // stops at the first "] ", which is where BuildKit ends the step label.
                #expect(step?.stage == "builder" && step?.step == 2 && step?.instruction == "RUN echo [a 1/2] b")
            } else {
                #expect(step?.stage == expectedStep.flatMap { $0.1.map(String.init) } && step?.step == expectedStep.flatMap { Int($0.2) }
                        && step?.total == expectedStep.flatMap { Int($0.3) } && step?.instruction == expectedStep.map { String($0.4) }, "\(rest)")
            }
            let output = BuildLineShapes.buildKitOutput(rest)
            #expect(output == rest.wholeMatch(of: /\d+\.\d+ (.*)/).map { String($0.1) }, "\(rest)")
        }
    }
}
