import Foundation

/// One row of the stream listing: an aggregate's stream and where it stands.
public struct StreamInfo: Hashable, Sendable {
    /// The stream.
    public var streamID: StreamID
    /// The stream's version: the number of its events.
    public var version: StreamVersion
    /// Position of the stream's newest event in `$all`.
    public var lastPosition: GlobalPosition
    /// When the stream's newest event was recorded.
    public var lastUpdated: Date
    /// The type of the stream's newest event.
    public var lastEventType: EventType

    /// The stream's category: the aggregate type.
    public var category: String { streamID.category }

    /// Creates a listing row (stores make them).
    public init(streamID: StreamID, version: StreamVersion, lastPosition: GlobalPosition, lastUpdated: Date, lastEventType: EventType) {
        self.streamID = streamID
        self.version = version
        self.lastPosition = lastPosition
        self.lastUpdated = lastUpdated
        self.lastEventType = lastEventType
    }
}

/// Which streams to list, in which order.
public struct StreamQuery: Hashable, Sendable {
    /// The order of a stream listing.
    public enum Order: Hashable, Sendable {
        /// Most recently changed first (descending last position).
        case recent
        /// By stream name, ascending.
        case name
    }

    /// Only streams of this category.
    public var category: String?
    /// Only streams whose name or newest event type contains this text (case-insensitive).
    public var contains: String?
    /// The order of the rows.
    public var order: Order

    /// Creates a query; by default every stream, most recently changed first.
    public init(category: String? = nil, contains: String? = nil, order: Order = .recent) {
        self.category = category
        self.contains = contains
        self.order = order
    }

    /// Whether a stream matches the category and text filters.
    public func matches(_ info: StreamInfo) -> Bool {
        if let category, info.category != category { return false }
        if let contains, !contains.isEmpty {
            let needle = contains.lowercased()
            if !info.streamID.rawValue.lowercased().contains(needle)
                && !info.lastEventType.rawValue.lowercased().contains(needle)
            {
                return false
            }
        }
        return true
    }

    /// The page of `rows` this query lists after `cursor`: the matching rows in the query's
    /// order, past the cursor, at most `limit` — for stores that list from memory.
    public func page(of rows: [StreamInfo], after cursor: StreamCursor?, limit: Int) -> [StreamInfo] {
        var rows = rows.filter(matches)
        switch order {
        case .name:
            rows.sort { $0.streamID < $1.streamID }
            if case .name(let after) = cursor { rows.removeAll { $0.streamID <= after } }
        case .recent:
            rows.sort { $0.lastPosition > $1.lastPosition }
            if case .position(let after) = cursor { rows.removeAll { $0.lastPosition >= after } }
        }
        return Array(rows.prefix(max(0, limit)))
    }
}

/// Where a stream listing page ends, to fetch the next page.
public enum StreamCursor: Hashable, Sendable {
    /// After this stream name (for ``StreamQuery/Order/name``).
    case name(StreamID)
    /// After this last position, i.e. streams changed before it (for ``StreamQuery/Order/recent``).
    case position(GlobalPosition)

    /// The cursor that continues a listing after `info` in `order`.
    public static func after(_ info: StreamInfo, order: StreamQuery.Order) -> StreamCursor {
        switch order {
        case .name: return .name(info.streamID)
        case .recent: return .position(info.lastPosition)
        }
    }
}

/// Counts describing a whole store.
public struct StoreStats: Hashable, Sendable {
    /// How many events the store holds.
    public var eventCount: Int64
    /// How many streams have at least one event.
    public var streamCount: Int64
    /// The newest event's position (`.start` when empty).
    public var headPosition: GlobalPosition

    /// Creates stats (stores make them).
    public init(eventCount: Int64, streamCount: Int64, headPosition: GlobalPosition) {
        self.eventCount = eventCount
        self.streamCount = streamCount
        self.headPosition = headPosition
    }
}
