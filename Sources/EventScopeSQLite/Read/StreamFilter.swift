import EventScope
import GRDB

/// Builds the `streams` listing query for a ``StreamQuery`` and a cursor.
enum StreamFilter {
    /// `eventscope_contains(haystack, needle)`: 1 when `haystack` contains `needle` ignoring
    /// case, with Swift's Unicode lowercasing (so it matches ``StreamQuery/matches(_:)``
    /// exactly; SQLite's `lower()` only folds ASCII).
    static let containsFunction = DatabaseFunction("eventscope_contains", argumentCount: 2, pure: true) { values in
        guard let haystack = String.fromDatabaseValue(values[0]), let needle = String.fromDatabaseValue(values[1]) else {
            return false
        }
        return haystack.lowercased().contains(needle)
    }

    /// The SQL and arguments listing streams after `cursor`.
    /// `anyEventTypeOf`: event types (as stored) any of which makes a stream match
    /// ``StreamQuery/contains`` too (``SQLiteEventStore/streamsWithAnyEventType(after:limit:query:)``).
    static func sql(after cursor: StreamCursor?, limit: Int, query: StreamQuery, anyEventTypeOf types: [String] = []) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let category = query.category {
            conditions.append("category = ?")
            arguments += [category]
        }
        if let contains = query.contains, !contains.isEmpty {
            let needle = contains.lowercased()
            if types.isEmpty {
                conditions.append("(eventscope_contains(stream_id, ?) OR eventscope_contains(last_event_type, ?))")
                arguments += [needle, needle]
            } else {
                let marks = Array(repeating: "?", count: types.count).joined(separator: ",")
                conditions.append("(eventscope_contains(stream_id, ?) OR stream_id IN (SELECT stream_id FROM events WHERE type IN (\(marks))))")
                arguments += [needle]
                arguments += StatementArguments(types)
            }
        }
        let order: String
        switch query.order {
        case .recent:
            order = "last_position DESC"
            if case .position(let p) = cursor {
                conditions.append("last_position < ?")
                arguments += [p.value]
            }
        case .name:
            order = "stream_id"
            if case .name(let id) = cursor {
                conditions.append("stream_id > ?")
                arguments += [id.rawValue]
            }
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [max(0, limit)]
        return ("SELECT \(StreamRow.columns) FROM streams \(whereClause) ORDER BY \(order) LIMIT ?", arguments)
    }
}
