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
    static func sql(after cursor: StreamCursor?, limit: Int, query: StreamQuery) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let category = query.category {
            conditions.append("category = ?")
            arguments += [category]
        }
        if let contains = query.contains, !contains.isEmpty {
            conditions.append("(eventscope_contains(stream_id, ?) OR eventscope_contains(last_event_type, ?))")
            let needle = contains.lowercased()
            arguments += [needle, needle]
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
