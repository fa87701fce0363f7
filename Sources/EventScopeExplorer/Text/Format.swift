import Foundation

/// Numbers, times and durations as the explorer shows them. Times are UTC so screens are the
/// same everywhere (and in golden tests).
enum Format {
    /// `1234567` → `1,234,567`.
    static func count<I: BinaryInteger>(_ n: I) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A rate: `0`, `12`, `950`, `1.2k`, `10k`.
    static func rate(_ value: Double) -> String {
        if value < 1 && value > 0 { return String(format: "%.1f", value) }
        if value < 1_000 { return String(Int(value.rounded())) }
        if value < 10_000 { return String(format: "%.1fk", value / 1_000) }
        return "\(Int((value / 1_000).rounded()))k"
    }

    /// How long ago: `now`, `5s`, `3m`, `2h`, `4d`.
    static func age(_ date: Date, now: Date) -> String {
        let s = Int(now.timeIntervalSince(date))
        if s < 1 { return "now" }
        if s < 60 { return "\(s)s" }
        if s < 3_600 { return "\(s / 60)m" }
        if s < 86_400 { return "\(s / 3_600)h" }
        return "\(s / 86_400)d"
    }

    /// `17:50:27`.
    static func time(_ date: Date) -> String {
        let c = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// `2026-11-27 17:50:27.123Z`.
    static func timestamp(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        let ms = (c.nanosecond ?? 0) / 1_000_000
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d.%03dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0, ms)
    }

    /// `850µs`, `1.2ms`, `35ms`, `1.3s`.
    /// A traffic pace: `5 commands/s`, or `full speed`.
    static func pace(_ perSecond: Double?) -> String {
        guard let perSecond else { return "full speed" }
        return "\(Format.count(Int(perSecond))) command\(perSecond == 1 ? "" : "s")/s"
    }

    static func latency(_ d: Duration) -> String {
        let (seconds, attos) = d.components
        let micros = Double(seconds) * 1_000_000 + Double(attos) / 1e12
        if micros < 1_000 { return "\(Int(micros.rounded()))µs" }
        if micros < 10_000 { return String(format: "%.1fms", micros / 1_000) }
        if micros < 1_000_000 { return "\(Int((micros / 1_000).rounded()))ms" }
        return String(format: "%.1fs", micros / 1_000_000)
    }

    /// `12s`, `3m05s`.
    static func elapsed(_ d: Duration) -> String {
        let s = Int(d.components.seconds)
        return s < 60 ? "\(s)s" : String(format: "%dm%02ds", s / 60, s % 60)
    }

    private static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()
}
