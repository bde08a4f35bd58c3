/// What `progress --verify` found wrong with a learner's history.
public struct ChainProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The row's content no longer matches its hash.
        case edited
        /// An attempt the chain links to is missing.
        case deleted
        /// Attempts are present but out of the order they were recorded in.
        case reordered
        /// The Dockerfile text does not match its recorded SHA-256.
        case dockerfileChanged
    }

    public var learnerID: String
    /// The position (1-based) in the learner's history the problem is at.
    public var seq: Int
    public var kind: Kind
    public var message: String

    public var description: String { "\(learnerID) attempt #\(seq): \(message)" }
}

public struct ChainReport: Sendable {
    public var learnersChecked: Int
    public var attemptsChecked: Int
    public var problems: [ChainProblem]
    public var isIntact: Bool { problems.isEmpty }
}

/// Walks one learner's attempts (in stored `seq` order) and says precisely what is wrong.
enum ChainVerifier {
    static func verify(learnerID: String, attempts: [Attempt], expectedCount: Int?, expectedHead: String?) -> [ChainProblem] {
        var problems: [ChainProblem] = []
        let byHash = Dictionary(attempts.map { ($0.hash, $0) }, uniquingKeysWith: { first, _ in first })
        var previousHash = AttemptHash.genesis
        var expectedSeq = 1

        for attempt in attempts {
            // Content: does the row still hash to what it says?
            let recomputed = AttemptHash.compute(attempt)
            if recomputed != attempt.hash {
                if let originalSeq = (1...max(attempts.count, attempt.seq + 1)).first(where: {
                    $0 != attempt.seq && AttemptHash.compute(attempt, seq: $0) == attempt.hash
                }) {
                    problems.append(ChainProblem(learnerID: learnerID, seq: attempt.seq, kind: .reordered,
                        message: "reordered: this attempt was recorded as #\(originalSeq) but now sits at #\(attempt.seq)"))
                } else {
                    problems.append(ChainProblem(learnerID: learnerID, seq: attempt.seq, kind: .edited,
                        message: "edited: its content (exercise \(attempt.exerciseID)) no longer matches its hash"))
                }
            } else if AttemptHash.sha256Hex(attempt.dockerfile) != attempt.dockerfileSHA256,
                      !KeptDockerfile.isNote(attempt.dockerfile) {
                // (A note in place of an oversized Dockerfile keeps the original's SHA-256.)
                problems.append(ChainProblem(learnerID: learnerID, seq: attempt.seq, kind: .dockerfileChanged,
                    message: "edited: the stored Dockerfile no longer matches its SHA-256"))
            }

            // Links: does it follow the attempt before it?
            if attempt.seq > expectedSeq {
                let missing = expectedSeq == attempt.seq - 1 ? "#\(expectedSeq) is" : "#\(expectedSeq)–#\(attempt.seq - 1) are"
                problems.append(ChainProblem(learnerID: learnerID, seq: expectedSeq, kind: .deleted,
                    message: "deleted: attempt \(missing) missing (the chain jumps to #\(attempt.seq))"))
            } else if attempt.prevHash != previousHash {
                if let other = byHash[attempt.prevHash] {
                    problems.append(ChainProblem(learnerID: learnerID, seq: attempt.seq, kind: .reordered,
                        message: "reordered: this attempt was recorded after #\(other.seq), not after #\(attempt.seq - 1)"))
                } else if attempt.hash == recomputed {
                    problems.append(ChainProblem(learnerID: learnerID, seq: attempt.seq, kind: .deleted,
                        message: "deleted: the attempt it was recorded after is missing"))
                }
            }
            previousHash = attempt.hash
            expectedSeq = attempt.seq + 1
        }

        if let expectedCount, expectedCount > attempts.count, (attempts.last?.seq ?? 0) < expectedCount {
            let last = attempts.last?.seq ?? 0
            problems.append(ChainProblem(learnerID: learnerID, seq: last + 1, kind: .deleted,
                message: "deleted: the history held \(expectedCount) attempts; #\(last + 1)–#\(expectedCount) are missing"))
        } else if let expectedHead, problems.isEmpty, previousHash != expectedHead {
            problems.append(ChainProblem(learnerID: learnerID, seq: attempts.last?.seq ?? 0, kind: .edited,
                message: "edited: the last attempt is not the one the learner's history ends with"))
        }
        return problems
    }
}
