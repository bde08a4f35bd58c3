import Testing
@testable import ImageAnalysis

@Suite struct AttributionTests {
    static let dockerfile: [SourceInstruction] = [
        .init(line: 1, text: "FROM base:1 AS builder"),
        .init(line: 2, text: "RUN make all"),
        .init(line: 4, text: "FROM base:1"),
        .init(line: 5, text: "WORKDIR /app"),
        .init(line: 6, text: "COPY --from=builder /out/app /app/app"),
        .init(line: 7, text: "RUN apt-get update &&   apt-get install -y curl"),
        .init(line: 9, text: "ENV MODE=prod"),
        .init(line: 10, text: "CMD [\"/app/app\"]"),
    ]

    @Test func classicBuilderHistoryMapsToLines() {
        let history = [
            "/bin/sh -c #(nop) ADD file:abc in / ",   // base image
            "/bin/sh -c #(nop)  CMD [\"sh\"]",         // base image
            "/bin/sh -c #(nop) WORKDIR /app",
            "/bin/sh -c #(nop) COPY file:0123 in /app/app ",
            "/bin/sh -c apt-get update &&   apt-get install -y curl",
            "/bin/sh -c #(nop)  ENV MODE=prod",
            "/bin/sh -c #(nop)  CMD [\"/app/app\"]",
        ]
        let lines = InstructionAttribution.match(history: history, instructions: Self.dockerfile).map { $0?.line }
        #expect(lines == [nil, nil, 5, 6, 7, 9, 10])
    }

    @Test func buildKitHistoryMapsToLines() {
        let history = [
            "/bin/sh -c #(nop) ADD file:abc in / ",
            "WORKDIR /app",
            "COPY /out/app /app/app # buildkit",
            "RUN /bin/sh -c apt-get update &&   apt-get install -y curl # buildkit",
            "ENV MODE=prod",
            "CMD [\"/app/app\"]",
        ]
        let lines = InstructionAttribution.match(history: history, instructions: Self.dockerfile).map { $0?.line }
        #expect(lines == [nil, 5, 6, 7, 9, 10])
    }

    @Test func stagesBuiltFromEarlierStagesKeepTheirInstructions() {
        let file: [SourceInstruction] = [
            .init(line: 1, text: "FROM base AS deps"), .init(line: 2, text: "RUN install deps"),
            .init(line: 3, text: "FROM other AS unrelated"), .init(line: 4, text: "RUN install deps"),
            .init(line: 5, text: "FROM deps"), .init(line: 6, text: "RUN build"),
        ]
        #expect(InstructionAttribution.finalStageChain(file).map(\.line) == [2, 6])
        let lines = InstructionAttribution.match(history: ["", "|1 X=1 /bin/sh -c install deps", "/bin/sh -c build"], instructions: file)
        #expect(lines.map { $0?.line } == [nil, 2, 6])
    }

    @Test func historyTextIsReadBackIntoInstructions() {
        #expect(HistoryStep("|2 A=1 B=2 /bin/sh -c echo $A").keyword == "RUN")
        #expect(HistoryStep("|2 A=1 B=2 /bin/sh -c echo $A").arguments == "echo $A")
        #expect(HistoryStep("RUN |1 A=1 /bin/sh -c echo hi # buildkit").arguments == "echo hi")
        #expect(HistoryStep("/bin/sh -c #(nop)  EXPOSE 80/tcp").keyword == "EXPOSE")
        #expect(HistoryStep("").keyword == "")
    }

    @Test func gatesParseDiveValuesAndJudge() throws {
        #expect(CIGates.parseBytes("20MB") == .some(20_000_000))
        #expect(CIGates.parseBytes("1MiB") == .some(1_048_576))
        #expect(CIGates.parseBytes("disabled") == .some(nil))
        #expect(CIGates.parseBytes("lots") == nil)
        #expect(CIGates.parseRatio("0.95") == .some(0.95))
        #expect(CIGates.parseRatio("95%") == .some(0.95))
        #expect(formatBytes(34_200_000) == "34.2 MB")
    }
}
