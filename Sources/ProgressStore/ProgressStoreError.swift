/// Everything that can go wrong with the store, each saying what to do next.
public enum ProgressStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file exists but is not an SQLite database at all.
    case notADatabase(path: String)
    /// An SQLite database, but some other program's.
    case foreignDatabase(path: String)
    /// SQLite reports the file as damaged.
    case corrupt(path: String, detail: String)
    /// Written by a newer dockerlings whose schema this one does not know.
    case newerSchema(path: String)
    /// The file or its folder cannot be written.
    case notWritable(path: String, detail: String)
    /// Another program held the database locked for longer than the store waits.
    case locked(path: String)
    /// Any other SQLite failure, with SQLite's own words.
    case database(path: String, detail: String)
    case invalidLearner(String)
    /// A command that only reads was pointed at a file that is not there.
    case noSuchFile(path: String)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            return "\(path) is not a dockerlings progress database (it is not SQLite at all). It was left untouched: move it aside, or point --db / DOCKERLINGS_DB at another file."
        case .foreignDatabase(let path):
            return "\(path) is an SQLite database that belongs to another program. It was left untouched: point --db / DOCKERLINGS_DB at another file."
        case .corrupt(let path, let detail):
            return "\(path) is damaged (\(detail)). It was left untouched: keep a copy, then try `sqlite3 \(path) .recover` or point --db at a fresh file."
        case .newerSchema(let path):
            return "\(path) was written by a newer dockerlings. Update dockerlings to read it; it was left untouched."
        case .notWritable(let path, let detail):
            return "cannot write the progress database at \(path) (\(detail)). Make the folder writable, or choose another location with --db or DOCKERLINGS_DB."
        case .locked(let path):
            return "the progress database at \(path) stayed locked by another program longer than dockerlings waits (another dockerlings still recording, or a sqlite3 shell with a transaction open). Nothing was lost: finish or close the other one and run this again."
        case .database(let path, let detail):
            return "the progress database at \(path) failed: \(detail)"
        case .noSuchFile(let path):
            return "there is no database at \(path), and none was made there. Check the path (`dockerlings doctor` shows where your progress is kept); a progress database is made by your first `dockerlings check`, a gradebook by `dockerlings gradebook import`."
        case .invalidLearner(let detail):
            return "invalid learner: \(detail)"
        }
    }
}
