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
    static func json(_ e: RecordedEvent) -> [String: Any] {
        var object: [String: Any] = [
            "position": e.position.value,
            "stream": e.streamID.rawValue,
            "version": e.version.value,
            "type": e.type.rawValue,
            "event_id": e.eventID.uuidString,
            "recorded_at": timestamp(e.recordedAt),
            "data": embedded(e.data),
        ]
        let metadata = e.metadata.jsonData()
        if metadata != Data("{}".utf8) { object["metadata"] = embedded(metadata) }
        return object
    }

    /// A stream listing row as a JSON object.
    static func json(_ s: StreamInfo) -> [String: Any] {
        [
            "stream": s.streamID.rawValue, "category": s.category, "version": s.version.value,
            "last_position": s.lastPosition.value, "last_event_type": s.lastEventType.rawValue,
            "last_updated": timestamp(s.lastUpdated),
        ]
    }

    /// JSON bytes parsed for embedding; a string when they are not JSON.
    static func embedded(_ data: Data) -> Any {
        (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) ?? String(decoding: data, as: UTF8.self)
    }

    /// ISO-8601 UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
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
