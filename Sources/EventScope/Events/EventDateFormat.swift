import Foundation

/// How an event's `Date`s are written in its JSON: ISO-8601 UTC with as many fractional
/// digits as it takes to read back the very same `Date` (`2026-11-27T17:50:07.123456001Z`).
///
/// `JSONEncoder`'s `.iso8601` strategy drops fractional seconds, so an instance that folded
/// the event it decided and an instance that reloaded it from the store held different
/// states. A `Date` is a `Double` of seconds since 2001: this writes its whole seconds as
/// calendar fields and the exact remainder as its shortest round-tripping decimal, so
/// decoding adds the same two numbers back. Dates written before (whole seconds, `Z` or an
/// offset) read as they always did.
enum EventDateFormat {
    /// Seconds from 1970-01-01 to 2001-01-01, Foundation's reference date.
    private static let referenceOffset: Int64 = 978_307_200

    // MARK: - Writing

    static func string(from date: Date) -> String {
        let t = date.timeIntervalSinceReferenceDate
        guard t.isFinite, abs(t) < 1e15 else { return ISO8601DateFormatter().string(from: date) }
        let whole = t.rounded(.down)
        let fraction = t - whole  // exact: both are doubles of the same binade or smaller
        let seconds = Int64(whole) + referenceOffset
        let (days, secondOfDay) = seconds.floorDivided(by: 86_400)
        let (year, month, day) = civil(fromDays: days)
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
        text += "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if fraction > 0 { text += "." + digits(of: fraction) }
        return text + "Z"
    }

    /// The digits after "0." of the shortest decimal that reads back as `fraction` (0 < f < 1).
    private static func digits(of fraction: Double) -> String {
        let text = fraction.description  // shortest round-trip form: "0.125" or "1.5e-07"
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
            return String(text.drop(while: { $0 != "." }).dropFirst())
        }
        let mantissa = text[..<e].filter(\.isNumber)  // "1.5" → "15"
        let exponent = Int(text[text.index(after: e)...]) ?? 0  // -7
        return String(repeating: "0", count: max(0, -exponent - 1)) + mantissa
    }

    private static func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    // MARK: - Reading

    static func date(from text: String) -> Date? {
        if let date = parse(Array(text.utf8)) { return date }
        // Anything else ISO-8601 that Foundation reads (the strategy used before).
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions.insert(.withFractionalSeconds)
        return formatter.date(from: text)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    private static func parse(_ b: [UInt8]) -> Date? {
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= b.count else { return nil }
            var n: Int64 = 0
            for i in range {
                guard (48...57).contains(b[i]) else { return nil }
                n = n * 10 + Int64(b[i] - 48)
            }
            return n
        }
        guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116, b[13] == 58, b[16] == 58,
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var fraction = 0.0
        if b[i] == 46 {  // "."
            let start = i + 1
            i = start
            while i < b.count, (48...57).contains(b[i]) { i += 1 }
            guard i > start, let f = Double("0." + String(decoding: b[start..<i], as: UTF8.self)) else { return nil }
            fraction = f
        }
        guard i < b.count else { return nil }
        var offset: Int64 = 0
        switch b[i] {
        case 90, 122:  // "Z"
            guard i + 1 == b.count else { return nil }
        case 43, 45:  // "+" / "-"
            guard i + 6 == b.count, b[i + 3] == 58, let h = number(i + 1..<i + 3), let m = number(i + 4..<i + 6) else { return nil }
            offset = (h * 3600 + m * 60) * (b[i] == 43 ? 1 : -1)
        default:
            return nil
        }
        let seconds = days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSinceReferenceDate: Double(seconds - referenceOffset) + fraction)
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, UTC; Howard Hinnant's algorithms)

    private static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension Int64 {
    /// Quotient rounded down and the non-negative remainder.
    fileprivate func floorDivided(by d: Int64) -> (Int64, Int64) {
        let r = ((self % d) + d) % d
        return ((self - r) / d, r)
    }
}
