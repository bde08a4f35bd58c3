import Foundation
import Yams

/// `kind: quiz` — answers the learner writes in a file of the workspace (`file`, default
/// `answers.yaml`, as `question-id: answer`), checked against the manifest's key. Each
/// wrong or missing answer names the lesson section that explains it.
///
///     file: answers.yaml
///     questions:
///       - id: pid1
///         answer: [sigterm, "SIGTERM"]     # any of these, compared ignoring case and spaces
///         see: "Lesson 12, “PID 1”"
struct QuizCheck: GradingCheck {
    static let kind = "quiz"
    static let phase = GradingPhase.source
    static let defaultTitle = "The quiz answers are right"
    static let parameterKeys = ["file", "questions"]

    struct Question: Sendable {
        var id: String
        var accepted: [String]
        var see: String?
    }

    var file = "answers.yaml"
    var questions: [Question] = []

    init(_ r: ManifestReader, folder: URL) throws(ManifestError) {
        file = try r.string("file") ?? file
        guard let items = try r.mappings("questions"), !items.isEmpty else {
            throw r.fail("questions", "is required: a list of {id, answer, see}")
        }
        for item in items {
            let question = Question(id: try item.requiredString("id"),
                                    accepted: try item.strings("answer") ?? [],
                                    see: try item.string("see"))
            if question.accepted.isEmpty { throw item.fail("answer", "is required: the right answer, or a list of accepted ones") }
            try item.rejectUnknownKeys(expected: "id, answer, see")
            questions.append(question)
        }
    }

    static func normalize(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    func evaluate(_ context: GradingContext) async -> CheckResult {
        let url = context.workspaceFolder.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            return .fail("no answers yet: write them in \(file) in the exercise folder, one `question-id: answer` per line")
        }
        let answers: [String: String]
        do {
            guard case .mapping(let mapping)? = try Yams.compose(yaml: text) else {
                return .fail("\(file) should hold `question-id: answer` lines")
            }
            var read: [String: String] = [:]
            for (key, value) in mapping {
                if let k = key.scalar?.string { read[k] = value.scalar?.string ?? "" }
            }
            answers = read
        } catch {
            return .fail("\(file) is not valid YAML: \(error)")
        }
        var wrong: [String] = []
        for question in questions {
            let given = answers[question.id].map(Self.normalize) ?? ""
            let see = question.see.map { " — see \($0)" } ?? ""
            if given.isEmpty {
                wrong.append("\(question.id): no answer\(see)")
            } else if !question.accepted.map(Self.normalize).contains(given) {
                wrong.append("\(question.id): \"\(answers[question.id] ?? "")\" is not right\(see)")
            }
        }
        if wrong.isEmpty { return .pass("\(questions.count) of \(questions.count) right") }
        return .fail("\(questions.count - wrong.count) of \(questions.count) right\n" + wrong.joined(separator: "\n"))
    }
}
