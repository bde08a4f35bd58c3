import Foundation

/// What `init` did to a workspace, file by file.
public struct WorkspaceSyncReport: Sendable {
    /// Exercises copied for the first time.
    public var addedExercises: [String] = []
    /// Starter files the learner had not touched, replaced by the course's newer version.
    public var updated: [String] = []
    /// Starter files missing from the workspace, copied again.
    public var restored: [String] = []
    /// Files the learner changed whose starter also changed upstream: the learner's kept.
    public var changedUpstream: [String] = []
    /// Files that were there before the course and differ from its starter: kept.
    public var keptExisting: [String] = []
    /// The course version this workspace was last set up with, when it differs from now.
    public var previousCourseVersion: String?
    public var createdWorkspace = false

    public var changedAnything: Bool {
        createdWorkspace || !addedExercises.isEmpty || !updated.isEmpty || !restored.isEmpty
    }
}

extension Workspace {
    /// Brings the workspace up to the course: copies exercises it lacks, refreshes starters
    /// the learner never touched, and never overwrites a file the learner changed. Each file
    /// is written to a temporary name and renamed, and the record is written last, so an
    /// interrupted run leaves whole files and a record that the next run completes.
    public func synchronise(with catalogue: Catalogue, courseVersion: String) throws(WorkspaceError) -> WorkspaceSyncReport {
        let fm = FileManager.default
        var report = WorkspaceSyncReport()
        report.createdWorkspace = !isInitialised
        var record: WorkspaceRecord
        if let existing = try WorkspaceRecord.read(from: self) {
            record = existing
            if existing.courseVersion != courseVersion { report.previousCourseVersion = existing.courseVersion }
        } else {
            record = WorkspaceRecord(courseVersion: courseVersion)
        }
        do {
            try fm.createDirectory(at: root.appendingPathComponent(".dockerlings"), withIntermediateDirectories: true)
        } catch {
            throw WorkspaceError.cannotWrite(root.path, error)
        }

        for exercise in catalogue.exercises {
            let known = record.exercises[exercise.id]
            if known == nil && !fm.fileExists(atPath: folder(for: exercise.id).path) { report.addedExercises.append(exercise.id) }
            var files = known ?? [:]
            for relative in StarterFiles.list(of: exercise) {
                let source = exercise.folder.appendingPathComponent(relative)
                let target = folder(for: exercise.id).appendingPathComponent(relative)
                let label = exercise.id + "/" + relative
                guard let upstream = StarterFiles.digest(of: source) else { continue }
                let recorded = files[relative]
                guard let mine = StarterFiles.digest(of: target) else {
                    if fm.fileExists(atPath: target.path) { report.keptExisting.append(label); continue }  // there, but unreadable
                    try copy(source, to: target)
                    files[relative] = upstream
                    if recorded != nil { report.restored.append(label) }
                    continue
                }
                if mine == upstream { files[relative] = upstream; continue }
                guard let recorded else { report.keptExisting.append(label); continue }
                if recorded == upstream { continue }           // the learner's edit; nothing new upstream
                if mine == recorded {                          // untouched, and the course has a newer starter
                    try copy(source, to: target)
                    files[relative] = upstream
                    report.updated.append(label)
                } else {
                    report.changedUpstream.append(label)
                }
            }
            record.exercises[exercise.id] = files
        }
        record.courseVersion = courseVersion
        try record.write(to: self)
        return report
    }

    /// Puts the exercise's starter files back, keeping each changed file in
    /// `.dockerlings/backups/ID-TIME/`. Returns the backup folder (nil when nothing differed).
    public func reset(_ exercise: Exercise, at date: Date = Date()) throws(WorkspaceError) -> (restored: [String], backup: URL?) {
        let fm = FileManager.default
        let stamp = Self.stampFormatter.string(from: date)
        let backup = root.appendingPathComponent(Self.backupsPath).appendingPathComponent("\(exercise.id)-\(stamp)")
        var restored: [String] = []
        var backedUp = false
        var record = (try WorkspaceRecord.read(from: self)) ?? WorkspaceRecord(courseVersion: "unknown")
        var files = record.exercises[exercise.id] ?? [:]
        for relative in StarterFiles.list(of: exercise) {
            let source = exercise.folder.appendingPathComponent(relative)
            let target = folder(for: exercise.id).appendingPathComponent(relative)
            let upstream = StarterFiles.digest(of: source)
            let mine = StarterFiles.digest(of: target)
            files[relative] = upstream
            if mine != nil && mine == upstream { continue }
            if fm.fileExists(atPath: target.path) {
                let saved = backup.appendingPathComponent(relative)
                do {
                    try fm.createDirectory(at: saved.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try fm.copyItem(at: target, to: saved)
                } catch {
                    throw WorkspaceError.cannotWrite(saved.path, error)
                }
                backedUp = true
            }
            try copy(source, to: target)
            restored.append(relative)
        }
        record.exercises[exercise.id] = files
        try record.write(to: self)
        return (restored, backedUp ? backup : nil)
    }

    private static let stampFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter
    }()

    /// Copies through a temporary file in the same folder, then renames: the target is
    /// either the old file or the whole new one, never half of it.
    private func copy(_ source: URL, to target: URL) throws(WorkspaceError) {
        let fm = FileManager.default
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).dockerlings-tmp")
        do {
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? fm.removeItem(at: temporary)
            try fm.copyItem(at: source, to: temporary)
            guard rename(temporary.path, target.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            try? fm.removeItem(at: temporary)
            throw WorkspaceError.cannotWrite(target.path, error)
        }
    }
}
