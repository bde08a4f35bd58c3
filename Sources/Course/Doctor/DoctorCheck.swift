import Foundation

/// One thing the doctor looked at: what it found and, when that is not fine, the fix in one line.
public struct DoctorCheck: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, Comparable {
        /// Works.
        case ok
        /// Works, or is not needed yet, but deserves a look (the course still runs).
        case warning
        /// Something the course needs is broken: the doctor exits 1.
        case problem

        private var rank: Int { self == .ok ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
    }

    /// Stable, for scripts: `docker-cli`, `engine`, `base-image:python:3.12-slim`, ...
    public var id: String
    public var title: String
    public var status: Status
    public var found: String
    /// What to do, in one line; nil when the status is ok.
    public var fix: String?

    public init(id: String, title: String, status: Status, found: String, fix: String? = nil) {
        self.id = id
        self.title = title
        self.status = status
        self.found = found
        self.fix = status == .ok ? nil : fix
    }

    /// `fix` is written as null when there is none, so every check has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(status, forKey: .status)
        try container.encode(found, forKey: .found)
        try container.encode(fix, forKey: .fix)
    }
}

/// Everything the doctor found, in the order it reports it.
public struct DoctorReport: Sendable, Equatable {
    public var checks: [DoctorCheck]

    public init(checks: [DoctorCheck]) { self.checks = checks }

    /// Everything the course needs works (warnings allowed).
    public var healthy: Bool { !checks.contains { $0.status == .problem } }
    public func count(_ status: DoctorCheck.Status) -> Int { checks.filter { $0.status == status }.count }
}

/// A place the doctor was told about, and what named it ("--db", "DOCKERLINGS_DB", "the default").
public struct LocatedPath: Sendable, Equatable {
    public var url: URL
    public var origin: String
    public init(url: URL, origin: String) {
        self.url = url
        self.origin = origin
    }
}
