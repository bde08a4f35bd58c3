import Foundation
import ProgressStore

/// The progress database: where it is, whether it opens and its schema, SQLite's integrity
/// check, and the attempts' hash chain. Looked at read-only: the doctor changes nothing.
extension Doctor {
    func databaseChecks() async -> [DoctorCheck] {
        let location = database
        let limit = timeout
        let checks = await Deadline.runBlocking(timeout) { Self.examineDatabase(location) }
        return checks ?? ["database", "database-integrity", "database-chain"].map {
            DoctorCheck(id: $0, title: Self.databaseTitles[$0] ?? $0, status: .problem,
                        found: "\(location.url.path) did not answer within \(limit.wholeSeconds) s (locked by a stuck process, or a hung file system)",
                        fix: "Close other dockerlings processes (`ps aux | grep dockerlings`), then run the doctor again.")
        }
    }

    static let databaseTitles = ["database": "progress database", "database-integrity": "database integrity", "database-chain": "attempt history (hash chain)"]

    static func examineDatabase(_ location: LocatedPath) -> [DoctorCheck] {
        let path = location.url.path
        let place = "\(path) (\(location.origin))"
        func check(_ id: String, _ status: DoctorCheck.Status, _ found: String, fix: String? = nil) -> DoctorCheck {
            DoctorCheck(id: id, title: databaseTitles[id] ?? id, status: status, found: found, fix: fix)
        }
        let elsewhere = "Choose a location you can write with --db PATH or DOCKERLINGS_DB."

        guard FileManager.default.fileExists(atPath: path) else {
            let nothingYet = "nothing recorded yet"
            guard let folder = nearestExistingFolder(of: location.url), access(folder.path, W_OK) == 0 else {
                return [check("database", .problem, "\(place) does not exist and cannot be created: no folder on its path is writable", fix: elsewhere),
                        check("database-integrity", .ok, nothingYet), check("database-chain", .ok, nothingYet)]
            }
            return [check("database", .ok, "\(place) does not exist yet; the first graded attempt or lesson read creates it"),
                    check("database-integrity", .ok, nothingYet), check("database-chain", .ok, nothingYet)]
        }

        let store: ProgressStore
        do { store = try ProgressStore.openForInspection(at: location.url) } catch {
            let notChecked = "not checked: the database does not open"
            return [check("database", .problem, "\(place): \(firstSentence(describe(error)))", fix: repair(error, path: path)),
                    check("database-integrity", .warning, notChecked, fix: "Fix the database first (see above)."),
                    check("database-chain", .warning, notChecked, fix: "Fix the database first (see above).")]
        }

        var checks: [DoctorCheck] = []
        do {
            let version = try store.schemaVersion()
            let writable = access(path, W_OK) == 0 && access(location.url.deletingLastPathComponent().path, W_OK) == 0
            if version.isNewer {
                checks.append(check("database", .problem, "\(place): written by a newer dockerlings (schema \(version))",
                                    fix: "Update dockerlings to the version that wrote it; the file was left untouched."))
            } else if !writable {
                checks.append(check("database", .problem, "\(place): schema \(version), but it or its folder is read-only, so attempts cannot be recorded",
                                    fix: "Make it writable (`chmod u+w`), or " + elsewhere.lowercasedFirst))
            } else if version.isCurrent {
                checks.append(check("database", .ok, "\(place), schema \(version)"))
            } else {
                checks.append(check("database", .ok, "\(place), schema \(version): brought up to date the next time dockerlings records"))
            }
        } catch {
            checks.append(check("database", .problem, "\(place): \(firstSentence(describe(error)))", fix: repair(error, path: path)))
        }

        do {
            let verdict = try store.integrityCheck()
            if verdict == "ok" {
                checks.append(check("database-integrity", .ok, "SQLite's integrity check: ok"))
            } else {
                let lines = verdict.split(separator: "\n")
                checks.append(check("database-integrity", .problem,
                                    "SQLite's integrity check found \(lines.count) fault\(lines.count == 1 ? "" : "s"): " + lines.prefix(3).joined(separator: "; "),
                                    fix: recoverFix(path)))
            }
        } catch {
            checks.append(check("database-integrity", .problem, "the integrity check could not run: \(firstSentence(describe(error)))", fix: recoverFix(path)))
        }

        do {
            let report = try store.verify()
            let counted = "\(report.attemptsChecked) attempt\(report.attemptsChecked == 1 ? "" : "s") of \(report.learnersChecked) learner\(report.learnersChecked == 1 ? "" : "s")"
            if report.isIntact {
                checks.append(check("database-chain", .ok, "\(counted), every attempt's hash links to the one before"))
            } else {
                let shown = report.problems.prefix(3).map(\.description).joined(separator: "; ")
                let more = report.problems.count > 3 ? " and \(report.problems.count - 3) more" : ""
                checks.append(check("database-chain", .problem, "\(counted): the history was changed outside dockerlings: \(shown)\(more)",
                                    fix: "Restore \(path) from a backup, or start afresh with --db NEWPATH; changed attempts cannot be trusted again."))
            }
        } catch {
            checks.append(check("database-chain", .problem, "the chain could not be read: \(firstSentence(describe(error)))", fix: recoverFix(path)))
        }
        return checks
    }

    static func describe(_ error: any Error) -> String {
        (error as? ProgressStoreError)?.description ?? "\(error)"
    }

    static func recoverFix(_ path: String) -> String {
        "Keep a copy, then `sqlite3 \(path) .recover | sqlite3 fixed.sqlite` and use --db fixed.sqlite, or start afresh with --db NEWPATH."
    }

    /// What to do about a database that does not open, by why.
    static func repair(_ error: any Error, path: String) -> String {
        switch error as? ProgressStoreError {
        case .notADatabase?, .foreignDatabase?:
            return "Move \(path) aside (it was left untouched), or point --db / DOCKERLINGS_DB at another file."
        case .corrupt?:
            return recoverFix(path)
        case .newerSchema?:
            return "Update dockerlings to the version that wrote it; the file was left untouched."
        case .notWritable?:
            return "Make it readable and writable (`chmod u+rw \(path)`), or point --db / DOCKERLINGS_DB at another file."
        default:
            return "Point --db / DOCKERLINGS_DB at another file and keep this one for inspection."
        }
    }

    static func nearestExistingFolder(of file: URL) -> URL? {
        var folder = file.deletingLastPathComponent().standardizedFileURL
        while !FileManager.default.fileExists(atPath: folder.path) {
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
        return folder
    }
}
