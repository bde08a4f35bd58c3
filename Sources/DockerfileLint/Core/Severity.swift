/// How serious a finding is. The order is hadolint's: error > warning > info > style > ignore.
/// `ignore` findings are never printed; a rule defaulting to it is invisible until overridden.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case error, warning, info, style, ignore

    var rank: Int {
        switch self {
        case .error: 4
        case .warning: 3
        case .info: 2
        case .style: 1
        case .ignore: 0
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}
