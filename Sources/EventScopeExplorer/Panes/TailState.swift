import EventScope
import Foundation
import EventScopeTerminalUI

/// The live events pane: a bounded tail of `$all`, followed, paused, stepped or filtered.
public struct TailState: Sendable {
    /// How the pane moves when events arrive.
    public enum Mode: Hashable, Sendable {
        /// Show new events as they arrive, selecting the newest.
        case follow
        /// Frozen; new events are counted in the `PAUSED +N new` badge.
        case paused
        /// Frozen; each step shows one more event.
        case step
    }

    /// The newest events received (at most the configured capacity), oldest first.
    public var buffer: [RecordedEvent] = []
    /// Events received but no longer kept in ``buffer``.
    public var olderCount = 0
    /// The events shown while paused or stepping (a snapshot, or a page loaded by "go to").
    public var frozen: [RecordedEvent] = [] { didSet { refilter() } }
    /// Events before ``frozen`` that are not shown.
    public var frozenOlderCount = 0
    /// Follow, paused or step.
    public var mode: Mode = .follow { didSet { if mode != oldValue { refilter() } } }
    /// Only events whose category or type contains this text (case-insensitive).
    public var filter: String? {
        didSet {
            guard filter != oldValue else { return }
            // A new filter (or none) cancels the store search of the old one.
            search = nil
            refilter()
        }
    }
    /// The filter run against the store below the events held, while it runs and after.
    public private(set) var search: EventSearch?
    /// The shown events when a filter is set, kept up to date as events arrive (filtering the
    /// whole tail on every frame would cost too much at thousands of events a second).
    private var filtered: [RecordedEvent] = []
    /// Selection and scroll over the shown (filtered) events.
    public var list = ListState()
    /// The newest position received.
    public var head = GlobalPosition.start
    /// Events skipped by the runner because the explorer fell behind.
    public var skipped = 0
    /// The token of a "go to" / step load in flight.
    public var pendingToken: Int?
    /// The position a "go to" load should select.
    var gotoTarget: GlobalPosition?
    /// The newest position the other panes (aggregates, inspector) have been shown: in step
    /// mode they wait for the step.
    public var appliedThrough = GlobalPosition.start
    /// Whether the subscription is connected.
    public var started = false
    /// Events after this position arrived live (before it: the replay at connection).
    public var liveAfter: GlobalPosition?

    /// The events the pane shows, oldest first, filtered.
    public var shown: [RecordedEvent] {
        guard let filter, !filter.isEmpty else { return mode == .follow ? buffer : frozen }
        return filtered
    }

    private mutating func refilter() {
        guard let filter, !filter.isEmpty else {
            filtered = []
            return
        }
        let needle = filter.lowercased()
        let held = (mode == .follow ? buffer : frozen).filter { TailState.matches($0, needle: needle) }
        filtered = (search?.matches ?? []) + held
    }

    /// Starts searching the store for the filter below the events held; `nil` when the events
    /// held reach the store's first event (nothing is left to search) or there is no filter.
    mutating func startSearch(token: Int, limit: Int) -> ExplorerEffect? {
        guard let filter, !filter.isEmpty, started else { return nil }
        let held = mode == .follow ? buffer : frozen
        let lowest = held.first?.position ?? head.next
        guard lowest.value > 1 else { return nil }
        if var resumed = search, resumed.needle == filter.lowercased(), !resumed.finished, !resumed.stoppedAtLimit {
            // Enter again on the same filter: go on from where it stopped (after a store error).
            resumed.failure = nil
            resumed.token = token
            search = resumed
            return resumed.nextPage
        }
        defer { refilter() }
        let search = EventSearch(token: token, needle: filter.lowercased(), through: max(head, held.last?.position ?? .start), lowest: lowest, limit: limit)
        self.search = search
        return search.nextPage
    }

    /// A store read failed while the search was reading: it stops and says so.
    mutating func searchFailed(_ message: String) {
        guard search?.running == true else { return }
        search?.failure = message
    }

    /// Takes a page of the store search with `token` (newest first); returns the next page to
    /// read, if the search goes on. Answers for a cancelled search are dropped.
    mutating func searchPageLoaded(token: Int, _ page: [RecordedEvent]) -> ExplorerEffect? {
        guard var search, search.token == token, !search.finished, !search.stoppedAtLimit else { return nil }
        search.failure = nil
        let before = search.matches.count
        let more = search.receive(page, requested: EventSearch.pageSize)
        let added = search.matches.count - before
        self.search = search
        if added > 0 {
            // Older matches go in front; the selection stays on the event it was on.
            filtered.insert(contentsOf: search.matches.prefix(added), at: 0)
            if mode != .follow, let selected = list.selected { list.selected = selected + added }
            if mode == .follow { selectNewest() }
        }
        return more ? search.nextPage : nil
    }

    /// Whether `event` passes the tail filter: its stream id (so its category) or its type
    /// contains `filter` (case-insensitive), or its correlation id starts with it (8
    /// characters or more: the X-ray's `f`).
    public static func matches(_ event: RecordedEvent, filter: String) -> Bool {
        matches(event, needle: filter.lowercased())
    }

    /// `matches` with the needle already lowercased (it runs over thousands of events a frame).
    static func matches(_ event: RecordedEvent, needle: String) -> Bool {
        contains(event.type.rawValue, needle) || contains(event.streamID.rawValue, needle)
            || (isIDPrefix(needle) && event.metadata.correlationID.map { $0.uuidString.lowercased().hasPrefix(needle) } == true)
    }

    /// Whether `needle` can start an id: 8 or more hex digits and dashes.
    private static func isIDPrefix(_ needle: String) -> Bool {
        needle.utf8.count >= 8 && needle.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || $0 == 45 }
    }

    private static func contains(_ haystack: String, _ needle: String) -> Bool {
        if haystack.contains(needle) { return true }
        // Tags are usually lowercase ASCII: only lowercase when there is something to fold.
        guard haystack.utf8.contains(where: { ($0 >= 65 && $0 <= 90) || $0 >= 128 }) else { return false }
        return haystack.lowercased().contains(needle)
    }

    /// The newest position the pane had shown when it stopped following: events up to it
    /// are not "new", even after a jump back to older positions.
    public var seenHead = GlobalPosition.start

    /// How many events arrived after the newest one shown (the badge's `+N`).
    public var newCount: Int {
        guard mode != .follow else { return 0 }
        let last = max(frozen.last?.position ?? .start, seenHead)
        return max(0, Int(head.value - last.value))
    }

    /// The positions a filter looked at: the events held in memory (the newest ones), not the
    /// whole store. `nil` when nothing is held.
    public var searchedRange: ClosedRange<GlobalPosition>? {
        let events = mode == .follow ? buffer : frozen
        if let search { return search.lowest...max(search.through, events.last?.position ?? .start) }
        guard let first = events.first, let last = events.last else { return nil }
        return first.position...last.position
    }

    /// The selected event.
    public var selected: RecordedEvent? {
        let events = shown
        guard let i = list.selected, events.indices.contains(i) else { return nil }
        return events[i]
    }

    /// Adds newly received events, trimming the buffer to `capacity`.
    mutating func receive(_ events: [RecordedEvent], capacity: Int) {
        guard !events.isEmpty else { return }
        let fresh = events.filter { $0.position > head }
        guard let last = fresh.last else { return }
        buffer.append(contentsOf: fresh)
        head = last.position
        let filtering = mode == .follow && filter.map { !$0.isEmpty } == true
        if filtering, let needle = filter?.lowercased() {
            filtered += fresh.filter { TailState.matches($0, needle: needle) }
        }
        // Trim in chunks so a stream of small batches does not copy the buffer every time.
        if buffer.count > capacity + capacity / 4 {
            let cut = buffer.count - capacity
            buffer.removeFirst(cut)
            olderCount += cut
            if filtering, search != nil {
                // Matches from the store search are kept, within the same bound.
                if filtered.count > capacity + capacity / 4 { filtered.removeFirst(filtered.count - capacity) }
            } else if filtering, let oldest = buffer.first?.position, let keep = filtered.firstIndex(where: { $0.position >= oldest }) {
                filtered.removeFirst(keep)
            }
        }
        if mode == .follow { selectNewest() }
    }

    /// Freezes the shown events (pause or step).
    mutating func freeze(as newMode: Mode) {
        if mode == .follow {
            frozen = buffer
            frozenOlderCount = olderCount
            seenHead = buffer.last?.position ?? .start
        }
        mode = newMode
    }

    /// Back to following the newest event.
    mutating func follow() {
        mode = .follow
        frozen = []
        frozenOlderCount = 0
        pendingToken = nil
        selectNewest()
    }

    /// Selects the newest shown event.
    mutating func selectNewest() {
        let count = shown.count
        list.selected = count > 0 ? count - 1 : nil
    }

    /// The next event after the last frozen one, if it is in the buffer.
    func nextAfterFrozen() -> RecordedEvent? {
        let after = frozen.last?.position ?? .start
        // The buffer is in position order: binary search for the first position > after.
        var low = 0, high = buffer.count
        while low < high {
            let mid = (low + high) / 2
            if buffer[mid].position <= after { low = mid + 1 } else { high = mid }
        }
        guard low < buffer.count else { return nil }
        if let filter, !filter.isEmpty {
            let needle = filter.lowercased()
            return buffer[low...].first { TailState.matches($0, needle: needle) }
        }
        return buffer[low]
    }
}
