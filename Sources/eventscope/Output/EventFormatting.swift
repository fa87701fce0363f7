import EventSourcing
import Foundation

/// How the CLI shows events and streams: one line per event for people, JSON objects for tools.
enum EventFormatting {
    /// `#12  counter-1  v3  counter.incremented  {"count":3}` (control characters escaped).
    static func line(_ e: RecordedEvent) -> String {
        "#\(e.position)  \(Console.visible(e.streamID.rawValue))  v\(e.version)  \(Console.visible(e.type.rawValue))  "
            + Console.visible(String(decoding: e.data, as: UTF8.self))
    }

    /// An event as a JSON object: the data and metadata embedded as JSON (or as a string
    /// when the stored bytes are not JSON).
    static func json(_ e: RecordedEvent) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("position", .int(e.position.value)),
            ("stream", .string(e.streamID.rawValue)),
            ("version", .int(e.version.value)),
            ("type", .string(e.type.rawValue)),
            ("event_id", .string(e.eventID.uuidString)),
            ("recorded_at", .string(timestamp(e.recordedAt))),
            ("data", .embedding([UInt8](e.data))),
        ]
        let metadata = e.metadata.jsonData()
        if metadata != emptyObject { members.append(("metadata", .embedding([UInt8](metadata)))) }
        return .object(members)
    }

    /// A stream listing row as a JSON object.
    static func json(_ s: StreamInfo) -> JSONValue {
        .object([
            ("stream", .string(s.streamID.rawValue)), ("category", .string(s.category)), ("version", .int(s.version.value)),
            ("last_position", .int(s.lastPosition.value)), ("last_event_type", .string(s.lastEventType.rawValue)),
            ("last_updated", .string(timestamp(s.lastUpdated))),
        ])
    }

    private static let emptyObject = Data("{}".utf8)

    /// JSON bytes parsed for embedding; a string when they are not JSON.
    static func embedded(_ data: Data) -> Any {
        (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) ?? String(decoding: data, as: UTF8.self)
    }

    /// ISO-8601 UTC with milliseconds (`2026-11-27T17:50:07.123Z`), formatted by hand: long
    /// outputs format one per event.
    static func timestamp(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(ms / 1000)
        var t = tm()
        gmtime_r(&seconds, &t)
        func pad(_ n: Int32, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(t.tm_year + 1900, 4))-\(pad(t.tm_mon + 1, 2))-\(pad(t.tm_mday, 2))T\(pad(t.tm_hour, 2)):\(pad(t.tm_min, 2)):\(pad(t.tm_sec, 2)).\(pad(Int32(ms % 1000), 3))Z"
    }

    /// Compact JSON text with sorted keys.
    static func jsonText(_ object: Any, pretty: Bool = false) -> String {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { options.insert(.prettyPrinted) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Writing to the terminal safely.
enum Console {
    /// The text with control characters (ESC, BEL, CR, …) shown as `\u{1B}` escapes, so text
    /// read from a store is displayed, never executed by the terminal.
    /// With `keepingNewlines`, line feeds stay (for multi-line text such as pretty JSON).
    static func visible(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar), !(keepingNewlines && scalar == "\n") {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value)
    }

    /// Prints a line and flushes, so a pipe sees it at once (`tail --follow`, `demo` progress).
    static func line(_ text: String) {
        print(text)
        fflush(nil)
    }

    /// Prints a one-line message on standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
