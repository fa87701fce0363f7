import EventScope
import EventScopeExplorer
import Foundation
import EventScopeSQLite
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
        var members: [(key: String, value: JSONValue)] = [
            ("position", .integer(e.position.value)),
            ("stream", .string(e.streamID.rawValue)),
            ("version", .integer(e.version.value)),
            ("type", .string(e.type.rawValue)),
            ("event_id", .string(e.eventID.uuidString)),
            ("recorded_at", .string(timestamp(e.recordedAt))),
            ("data", embedded(e.data)),
        ]
        let metadata = e.metadata.jsonData()
        if metadata != emptyObject { members.append(("metadata", embedded(metadata))) }
        return .object(members)
    }

    /// A stream listing row as a JSON object.
    static func json(_ s: StreamInfo) -> JSONValue {
        .object([
            ("stream", .string(s.streamID.rawValue)), ("category", .string(s.category)), ("version", .integer(s.version.value)),
            ("last_position", .integer(s.lastPosition.value)), ("last_event_type", .string(s.lastEventType.rawValue)),
            ("last_updated", .string(timestamp(s.lastUpdated))),
        ])
    }

    private static let emptyObject = Data("{}".utf8)

    /// Stored bytes as a value: valid JSON embedded as it is (written back on one line, with
    /// every control character escaped so a terminal never acts on it); anything else as a string.
    static func embedded(_ data: Data) -> JSONValue {
        JSONValue.parse(data) ?? .string(String(decoding: data, as: UTF8.self))
    }

    /// ISO-8601 UTC with milliseconds (`2026-11-27T17:50:07.123Z`): the form the SQLite store
    /// writes, from its one formatter.
    static func timestamp(_ date: Date) -> String {
        SQLiteEventStore.timestampText(date)
    }

    /// Foundation objects (`[String: Any]` reports) as compact JSON text with sorted keys.
    static func jsonText(_ object: Any, pretty: Bool = false) -> String {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { options.insert(.prettyPrinted) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
