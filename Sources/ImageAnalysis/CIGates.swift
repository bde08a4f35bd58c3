import Foundation

/// dive's CI rules under dive's names. A threshold of nil is "disabled".
public struct CIGates: Sendable, Codable {
    /// Fails when efficiency is below this (dive default 0.9).
    public var lowestEfficiency: Double?
    /// Fails when wasted bytes exceed this (dive default: disabled).
    public var highestWastedBytes: Int64?
    /// Fails when wasted / user bytes exceeds this ratio (dive default 0.1).
    public var highestUserWastedPercent: Double?

    public init(lowestEfficiency: Double? = 0.9, highestWastedBytes: Int64? = nil, highestUserWastedPercent: Double? = 0.1) {
        self.lowestEfficiency = lowestEfficiency
        self.highestWastedBytes = highestWastedBytes
        self.highestUserWastedPercent = highestUserWastedPercent
    }

    public struct Result: Sendable, Codable {
        public var rule: String
        public var status: String  // pass, fail, disabled
        public var message: String
    }

    public func evaluate(_ report: ImageReport) -> [Result] {
        var out: [Result] = []
        if let t = lowestEfficiency {
            let ok = report.efficiency >= t
            out.append(Result(rule: "lowestEfficiency", status: ok ? "pass" : "fail",
                              message: String(format: "efficiency %.4f %@ %.4f", report.efficiency, ok ? ">=" : "<", t)))
        } else { out.append(Result(rule: "lowestEfficiency", status: "disabled", message: "")) }
        if let t = highestWastedBytes {
            let ok = report.wastedBytes <= t
            out.append(Result(rule: "highestWastedBytes", status: ok ? "pass" : "fail",
                              message: "wasted \(formatBytes(report.wastedBytes)) \(ok ? "<=" : ">") \(formatBytes(t))"))
        } else { out.append(Result(rule: "highestWastedBytes", status: "disabled", message: "")) }
        if let t = highestUserWastedPercent {
            let ok = report.userWastedPercent <= t
            out.append(Result(rule: "highestUserWastedPercent", status: ok ? "pass" : "fail",
                              message: String(format: "user wasted %.4f %@ %.4f", report.userWastedPercent, ok ? "<=" : ">", t)))
        } else { out.append(Result(rule: "highestUserWastedPercent", status: "disabled", message: "")) }
        return out
    }

    /// Parses a ratio ("0.9", "90%") or "disabled".
    public static func parseRatio(_ text: String) -> Double?? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "disabled" || t == "off" { return .some(nil) }
        if t.hasSuffix("%"), let v = Double(t.dropLast()) { return .some(v / 100) }
        if let v = Double(t) { return .some(v) }
        return nil
    }

    /// Parses a byte count as dive does ("20MB" = 20,000,000; "20MiB" = 20 × 2^20; "1234") or "disabled".
    public static func parseBytes(_ text: String) -> Int64?? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "")
        if t == "disabled" || t == "off" { return .some(nil) }
        let digits = t.prefix { $0.isNumber || $0 == "." }
        let unit = t.dropFirst(digits.count)
        guard let value = Double(digits) else { return nil }
        let scale: Double
        switch unit {
        case "", "b": scale = 1
        case "k", "kb": scale = 1e3
        case "m", "mb": scale = 1e6
        case "g", "gb": scale = 1e9
        case "t", "tb": scale = 1e12
        case "ki", "kib": scale = 1024
        case "mi", "mib": scale = 1_048_576
        case "gi", "gib": scale = Double(1 << 30)
        default: return nil
        }
        return .some(Int64(value * scale))
    }
}
