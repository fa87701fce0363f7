import EventScope
import Foundation

extension Explorer {
    static func streamsLoaded(_ state: inout ExplorerState, token: Int, page: [StreamInfo], hasMore: Bool) -> [ExplorerEffect] {
        guard state.aggregates.pendingToken == token else { return [] }
        state.aggregates.pendingToken = nil
        let selectedID = state.aggregates.selected?.streamID
        if state.aggregates.pendingReload {
            state.aggregates.pendingReload = false
            state.aggregates.rows = page
        } else {
            // Rows that moved while the page was loading may be on both sides: keep the first.
            let known = Set(state.aggregates.rows.map(\.streamID))
            state.aggregates.rows += page.filter { !known.contains($0.streamID) }
        }
        state.aggregates.hasMore = hasMore
        state.aggregates.reselect(selectedID)
        clearStoreError(&state)
        return loadMoreIfNeeded(&state)
    }

    static func streamEventsLoaded(_ state: inout ExplorerState, token: Int, stream: StreamID, events: [RecordedEvent], total: StreamVersion) -> [ExplorerEffect] {
        guard var view = state.inspector.aggregate, view.token == token else { return [] }
        view.loading = false
        view.windowLoading = false
        view.events = events
        view.head = max(total, events.last?.version ?? .none)
        view.cursor = nil
        view.foldInFlight = nil
        if let wanted = view.wantedVersion, let i = events.firstIndex(where: { $0.version == wanted }) {
            view.cursor = i == events.count - 1 && wanted >= view.head ? nil : i
        } else if let last = events.last?.version, last < view.head {
            // A window short of the head: its last version is selected, and not as "latest".
            view.cursor = events.count - 1
        }
        view.wantedVersion = nil
        let effects = view.refold(catalog: state.config.catalog)
        state.inspector.aggregate = view
        clearStoreError(&state)
        return effects
    }

    static func tailEvents(_ state: inout ExplorerState, _ events: [RecordedEvent], dropped: Int) -> [ExplorerEffect] {
        state.tail.started = true
        state.tail.skipped += dropped
        let before = state.tail.head
        state.tail.receive(events, capacity: state.config.tailCapacity)
        let fresh = events.filter { $0.position > before }
        let live = state.tail.liveAfter.map { after in fresh.filter { $0.position > after }.count } ?? fresh.count
        state.rateWindowCount += live + dropped
        if var stats = state.stats, let last = fresh.last, last.position > stats.headPosition {
            let newStreams = Set(fresh.filter { $0.version == 1 }.map(\.streamID)).count
            stats.eventCount += Int64(last.position.value - stats.headPosition.value)
            stats.streamCount += Int64(newStreams)
            stats.headPosition = last.position
            state.stats = stats
        }
        // Step mode freezes every pane: the list and the inspector move on with each step.
        var effects: [ExplorerEffect] = []
        if state.tail.mode != .step { effects = applyToPanes(&state, fresh) }
        if !fresh.isEmpty { clearStoreError(&state) }
        return effects
    }

    /// Shows the events of the buffer the other panes have not seen, up to `through` (all when
    /// `nil`): after a step, or when step mode ends. When some of them are no longer held,
    /// the listing is reloaded from the store instead.
    static func catchUpPanes(_ state: inout ExplorerState, through: GlobalPosition? = nil) -> [ExplorerEffect] {
        let after = state.tail.appliedThrough
        let limit = through ?? state.tail.head
        guard limit > after else { return [] }
        let missed = state.tail.buffer.first.map { $0.position.value > after.value + 1 } ?? true
        let events = state.tail.buffer.filter { $0.position > after && $0.position <= limit }
        var effects = applyToPanes(&state, events)
        state.tail.appliedThrough = max(state.tail.appliedThrough, limit)
        if missed && after > .start { effects.append(reloadAggregates(&state)) }
        return effects
    }

    /// Moves the aggregates list and the open aggregate on with `fresh` events.
    static func applyToPanes(_ state: inout ExplorerState, _ fresh: [RecordedEvent]) -> [ExplorerEffect] {
        guard let last = fresh.last else { return [] }
        state.tail.appliedThrough = max(state.tail.appliedThrough, last.position)
        state.aggregates.apply(fresh)
        var effects: [ExplorerEffect] = []
        if let stream = state.inspector.aggregate?.stream, state.inspector.aggregate?.loading == false,
           fresh.contains(where: { $0.streamID == stream }) {
            // Take the view out so appending does not copy its (possibly long) event list.
            var view = state.inspector.aggregate!
            state.inspector.aggregate = nil
            var grew = false
            let limit = state.config.maxStreamEvents
            for e in fresh where e.streamID == view.stream && e.version == view.head.next {
                // The window follows the head only when it holds it.
                if (view.events.last?.version ?? .none) == view.head {
                    view.events.append(e)
                    grew = true
                }
                view.head = e.version
            }
            if view.events.count > limit + limit / 4 {
                // Keep the window bounded: drop its oldest versions (the selection stays put).
                let cut = view.events.count - limit
                view.events.removeFirst(cut)
                view.cursor = view.cursor.map { max(0, $0 - cut) }
                view.list.offset = max(0, view.list.offset - cut)
            }
            if grew && view.cursor == nil { effects = view.refold(catalog: state.config.catalog) }
            state.inspector.aggregate = view
        }
        return effects
    }

    static func eventsLoaded(_ state: inout ExplorerState, token: Int, events: [RecordedEvent]) -> [ExplorerEffect] {
        guard state.tail.pendingToken == token else { return [] }
        state.tail.pendingToken = nil
        switch state.tail.mode {
        case .step:
            // A step past the buffer: show the first loaded event.
            guard let next = events.first else {
                setNotice(&state, "no newer event yet")
                return []
            }
            state.tail.frozen.append(next)
            state.tail.selectNewest()
            return applyToPanes(&state, [next])
        case .paused, .follow:
            guard let first = events.first else {
                setNotice(&state, "no event at that position", .error)
                return []
            }
            state.tail.freeze(as: .paused)
            state.tail.frozen = events
            state.tail.frozenOlderCount = Int(first.position.value - 1)
            let target = state.tail.gotoTarget ?? first.position
            let shown = state.tail.shown
            state.tail.list.selected = shown.firstIndex { $0.position >= target } ?? (shown.isEmpty ? nil : 0)
        }
        return []
    }

    static func commandFinished(_ state: inout ExplorerState, id: Int, outcome: CommandOutcome, latency: Duration) -> [ExplorerEffect] {
        guard let i = state.log.entries.firstIndex(where: { $0.id == id }) else { return [] }
        state.log.entries[i].latency = latency
        let text = state.log.entries[i].text
        switch outcome {
        case .accepted(let result):
            state.log.entries[i].status = .accepted(version: result.version, events: result.events.map(\.type))
            let what = result.events.isEmpty ? "no events" : result.events.map(\.type.rawValue).joined(separator: ", ")
            setNotice(&state, "✓ \(text) → \(result.streamID) v\(result.version): \(what)", .success)
            // The inspector follows the command just sent: its aggregate, at the new version.
            return followCommand(&state, result.streamID) + [.refreshStats]
        case .rejected(let error):
            state.log.entries[i].status = .rejected(kind: error.kind, reason: error.description)
            setNotice(&state, "✗ \(text): \(error.description)", .error)
            // A refusal is explained by the state that caused it (balance 300, cannot withdraw
            // 1,000): show the aggregate as it is now.
            if case .refused = error, let stream = state.log.entries[i].stream {
                return followCommand(&state, stream) + [.refreshStats]
            }
        }
        return [.refreshStats]
    }

    /// Shows `stream` at its newest version in the inspector: opened (or reopened when it shows
    /// another stream); when it is open already, back to its newest version, following.
    static func followCommand(_ state: inout ExplorerState, _ stream: StreamID) -> [ExplorerEffect] {
        if var view = state.inspector.aggregate, view.stream == stream, !view.loading,
           view.events.last.map({ $0.version >= view.head }) == true {
            guard view.cursor != nil else { return [] }
            view.cursor = nil
            let effects = view.refold(catalog: state.config.catalog)
            state.inspector.aggregate = view
            return effects
        }
        return openAggregate(&state, stream)
    }

    static func statsLoaded(_ state: inout ExplorerState, _ stats: StoreStats) -> [ExplorerEffect] {
        // The store's answer wins (the tail may have counted a few newer events meanwhile;
        // they are counted again by the next batch).
        state.stats = stats
        clearStoreError(&state)
        if stats.eventCount == 0 && !state.seedOffered && state.keyMap.binds(.seed) && state.overlay == nil {
            state.seedOffered = true
            state.overlay = .offerSeed
        }
        return []
    }

    static func clearStoreError(_ state: inout ExplorerState) {
        if state.storeError != nil { state.storeError = nil }
    }
}
