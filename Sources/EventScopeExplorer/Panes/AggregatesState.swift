import EventScope
import EventScopeTerminalUI

/// The aggregates pane: pages of the stream listing, loaded on demand and kept current
/// by the live tail.
public struct AggregatesState: Sendable {
    /// The rows loaded so far, in the query's order.
    public var rows: [StreamInfo] = []
    /// The filter and order in effect.
    public var query = StreamQuery(order: .recent)
    /// Whether more rows exist after the last one loaded.
    public var hasMore = true
    /// The token of the page request in flight (answers for older tokens are dropped).
    public var pendingToken: Int?
    /// Whether the request in flight starts the listing over.
    var pendingReload = false
    /// Selection and scroll.
    public var list = ListState(selected: 0)

    /// The selected row.
    public var selected: StreamInfo? {
        guard let i = list.selected, rows.indices.contains(i) else { return nil }
        return rows[i]
    }

    /// Folds new events into the loaded rows: versions move on, changed streams move to the top
    /// in "last change" order, and streams the listing has not seen appear when they match.
    mutating func apply(_ events: [RecordedEvent]) {
        guard !events.isEmpty else { return }
        var latest: [StreamID: StreamInfo] = [:]
        for e in events {
            latest[e.streamID] = StreamInfo(streamID: e.streamID, version: e.version, lastPosition: e.position, lastUpdated: e.recordedAt, lastEventType: e.type)
        }
        let selectedID = selected?.streamID
        var changed: [StreamInfo] = []
        var index: [StreamID: Int] = [:]
        for (i, row) in rows.enumerated() { index[row.streamID] = i }
        var removals = Set<Int>()
        for (id, info) in latest {
            if let i = index[id] {
                guard info.lastPosition > rows[i].lastPosition else { continue }
                // The newest event's type may no longer match a type filter: keep the row anyway.
                switch query.order {
                case .recent:
                    removals.insert(i)
                    changed.append(info)
                case .name:
                    rows[i] = info
                }
            } else if query.matches(info) {
                switch query.order {
                case .recent:
                    // A stream older than the last row loaded belongs to a later page (the tail's
                    // replay of recent events reaches far below the first page): leave it to that
                    // page, or the list would be out of order and the next page's cursor wrong.
                    if hasMore, let last = rows.last, info.lastPosition < last.lastPosition { continue }
                    changed.append(info)
                case .name:
                    // Only insert inside the loaded range, or the page after would repeat it.
                    if !hasMore || rows.last.map({ id < $0.streamID }) == true {
                        let at = rows.firstIndex { id < $0.streamID } ?? rows.count
                        rows.insert(info, at: at)
                        index = [:]
                        for (j, row) in rows.enumerated() { index[row.streamID] = j }
                    }
                }
            }
        }
        if query.order == .recent && !changed.isEmpty {
            // Merge, newest change first: live changes go on top; replayed ones take their place.
            let kept = rows.enumerated().filter { !removals.contains($0.offset) }.map(\.element)
            let moved = changed.sorted { $0.lastPosition > $1.lastPosition }
            var merged: [StreamInfo] = []
            merged.reserveCapacity(kept.count + moved.count)
            var i = 0, j = 0
            while i < moved.count || j < kept.count {
                if j == kept.count || (i < moved.count && moved[i].lastPosition > kept[j].lastPosition) {
                    merged.append(moved[i]); i += 1
                } else {
                    merged.append(kept[j]); j += 1
                }
            }
            rows = merged
        }
        reselect(selectedID)
    }

    /// Keeps the same stream selected after rows moved.
    mutating func reselect(_ id: StreamID?) {
        guard let id, let i = rows.firstIndex(where: { $0.streamID == id }) else {
            list.clamp(count: rows.count)
            if list.selected == nil && !rows.isEmpty { list.selected = 0 }
            return
        }
        list.selected = i
    }
}
