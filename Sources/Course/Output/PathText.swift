import Foundation
import ImageAnalysis

/// The learner's screens: the home screen (where you stand and the one next step) and
/// `list` (every exercise with its status). Plain text with optional colour.
public struct PathText: Sendable {
    public var colour: Bool
    /// Columns available; the progress bar and titles fit in them.
    public var width: Int

    public init(colour: Bool, width: Int) {
        self.colour = colour
        self.width = max(40, width)
    }

    private var paint: Paint { Paint(colour: colour) }

    /// What the home screen needs beyond the path.
    public struct Place: Sendable {
        public var workspace: String
        public var database: String
        /// nil when it is not known from here (a remote engine).
        public var engineAnswers: Bool?
        public var workspaceNotes: [String]

        public init(workspace: String, database: String, engineAnswers: Bool?, workspaceNotes: [String] = []) {
            self.workspace = workspace
            self.database = database
            self.engineAnswers = engineAnswers
            self.workspaceNotes = workspaceNotes
        }
    }

    public func home(_ path: LearnerPath, place: Place) -> String {
        var out: [String] = []
        out.append(paint("dockerlings", "1") + " — Docker images and containers, in your terminal")
        out.append("")
        let done = path.exercisesPassed, total = path.steps.count
        let standing = "\(done)/\(total) exercises passed · \(path.lessonsRead)/\(path.lessons.count) lessons read · "
            + "\(ReportText.number(path.pointsEarned))/\(ReportText.number(path.pointsPossible)) points"
        // The bar takes what the figures leave of the line (at least 10 cells; the figures
        // wrap below it on a narrow terminal).
        let cells = min(30, max(10, width - 3 - standing.count))
        out.append("  " + bar(fraction: total == 0 ? 0 : Double(done) / Double(total), cells: cells) + " " + standing)
        out.append("")
        switch path.next {
        case let .read(lesson, then):
            out.append("  " + paint("Next:", "1;36") + " read lesson \(lesson.reference), “\(lesson.title)”")
            out.append("        " + command("dockerlings read \(lesson.reference)"))
            if let then { out += exerciseLines(then, label: "Then:", place: place, status: path.steps.first { $0.exercise.id == then.id }?.status) }
        case let .exercise(exercise, status):
            out += exerciseLines(exercise, label: "Next:", place: place, status: status)
        case .finished:
            out.append("  " + paint("Done:", "1;32") + " every exercise passed and every lesson read. Well done.")
            out.append("        " + command("dockerlings progress") + " shows how your images shrank; "
                       + command("dockerlings solution ID") + " compares yours with the reference.")
        }
        out.append("")
        for note in place.workspaceNotes { out.append("  " + note) }
        if place.engineAnswers == false {
            out.append("  " + paint("No Docker engine answers here.", "33") + " Lessons and the static checks (parse, lint,")
            out.append("  structure) work without one; to build and run your images, start one:")
            out.append("  " + command("sudo systemctl start docker") + " (to install it: " + command("sudo apt install docker.io") + ").")
            out.append("  " + command("dockerlings doctor") + " says what else is missing.")
            out.append("")
        }
        out.append("  " + paint("More:", "2") + " dockerlings list · watch · hint · progress · doctor · --help")
        out.append("  " + paint("Workspace \(place.workspace) · progress \(place.database)", "2"))
        return LineWrap.fit(out.joined(separator: "\n"), width: width)
    }

    private func exerciseLines(_ exercise: Exercise, label: String, place: Place, status: LearnerPath.Status?) -> [String] {
        let state = status == .failing ? " (not passed yet)" : ""
        return [
            "  " + paint(label, "1;36") + " exercise \(exercise.id) — \(exercise.title)\(state)",
            "        edit \(place.workspace)/\(exercise.id)/\(exercise.learnersFile), then " + command("dockerlings check \(exercise.id)"),
            "        or keep " + command("dockerlings watch") + " open: it checks each time you save; "
                + command("dockerlings hint") + " helps",
        ]
    }

    /// Every exercise in course order: status, points, best size where size is graded,
    /// and whether its lesson has been read.
    public func list(_ path: LearnerPath) -> String {
        let idWidth = max(8, path.steps.map(\.exercise.id.count).max() ?? 8)
        var out = [paint("  #  " + "exercise".padding(toLength: idWidth + 2, withPad: " ", startingAt: 0)
                         + "status        points     best size  lesson", "2")]
        for (index, step) in path.steps.enumerated() {
            let mark = switch step.status {
            case .passed: paint("✓ passed     ", "32")
            case .failing: paint("✗ failing    ", "31")
            case .notStarted: paint("· not started", "2")
            }
            let points = "\(ReportText.number(step.standing?.points ?? 0))/\(ReportText.number(step.exercise.manifest.points))"
            let gradesSize = step.exercise.manifest.checks.contains { $0.kind == "size" }
            let size = gradesSize ? (step.standing?.bestImageBytes.map(formatBytes) ?? "–") : ""
            let lesson = step.lesson.map { (step.lessonRead ? paint("✓ ", "32") : paint("· ", "2")) + $0.reference } ?? ""
            out.append(String(format: "%3d  ", index + 1) + step.exercise.id.padding(toLength: idWidth + 2, withPad: " ", startingAt: 0)
                       + mark + " " + points.leftPadded(to: 9) + "  " + size.leftPadded(to: 10) + "  " + lesson)
        }
        out.append("")
        out.append("\(path.exercisesPassed)/\(path.steps.count) passed · \(path.lessonsRead)/\(path.lessons.count) lessons read · "
                   + "\(ReportText.number(path.pointsEarned))/\(ReportText.number(path.pointsPossible)) points")
        if let current = path.currentExercise {
            out.append("Next: " + command("dockerlings check \(current.id)") + " (or " + command("dockerlings watch") + ")")
        }
        return LineWrap.fit(out.joined(separator: "\n"), width: width)
    }

    private func command(_ text: String) -> String { paint(text, "1") }

    private func bar(fraction: Double, cells: Int) -> String {
        let count = max(10, cells)
        let filled = Int((fraction * Double(count)).rounded())
        return paint(String(repeating: "█", count: filled), "32") + paint(String(repeating: "░", count: count - filled), "2")
    }
}

private extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: " ", count: length - count) + self
    }
}
