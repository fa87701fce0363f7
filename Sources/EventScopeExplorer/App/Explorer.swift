import EventScope
import Foundation
import EventScopeTerminalUI

/// The explorer application, Elm style: ``start(_:)`` gives the first effects, ``update(_:_:)``
/// turns a message into a new state and effects, and ``view(_:)`` draws a state.
///
/// Everything here is pure: no store, no terminal, no clock. The executable's runner performs
/// the effects and feeds their results back as messages.
public enum Explorer {
    /// The effects that load the first screen: a page of aggregates, the tail, the counts.
    public static func start(_ state: inout ExplorerState) -> [ExplorerEffect] {
        [reloadAggregates(&state), .subscribeTail(last: state.config.initialTail), .refreshStats]
    }

    /// Applies `message` to `state`; returns the work to do next.
    public static func update(_ state: inout ExplorerState, _ message: ExplorerMessage) -> [ExplorerEffect] {
        let stepping = state.tail.mode == .step
        var effects = dispatch(&state, message)
        // Out of step mode, the panes it held back catch up with the tail.
        if stepping && state.tail.mode != .step { effects += catchUpPanes(&state) }
        scrollIntoView(&state)
        return effects
    }

    static func dispatch(_ state: inout ExplorerState, _ message: ExplorerMessage) -> [ExplorerEffect] {
        switch message {
        case .key(let key): return handleKey(&state, key)
        case .tick(let now):
            let effects = tick(&state, now)
            return effects + refreshXRay(&state)
        case .streamsLoaded(let token, let page, let hasMore): return streamsLoaded(&state, token: token, page: page, hasMore: hasMore)
        case .streamEventsLoaded(let token, let stream, let events, let total):
            return streamEventsLoaded(&state, token: token, stream: stream, events: events, total: total)
        case .aggregateFolded(let token, let version, let now, let before, let origin):
            guard var view = state.inspector.aggregate, view.token == token else { return [] }
            let effects = view.folded(version: version, now: now, before: before, origin: origin, catalog: state.config.catalog)
            state.inspector.aggregate = view
            return effects
        case .timeTravelIndexed(let stream, let through):
            guard state.inspector.aggregate?.stream == stream else { return [] }
            state.inspector.aggregate?.indexedThrough = through
            return []
        case .tailConnected(let after):
            state.tail.started = true
            state.tail.liveAfter = after
            return []
        case .tailEvents(let events, let dropped): return tailEvents(&state, events, dropped: dropped)
        case .eventsLoaded(let token, let events): return eventsLoaded(&state, token: token, events: events)
        case .eventsSearched(let token, let events):
            return state.tail.searchPageLoaded(token: token, events).map { [$0] } ?? []
        case .commandFinished(let id, let outcome, let latency): return commandFinished(&state, id: id, outcome: outcome, latency: latency)
        case .statsLoaded(let stats): return statsLoaded(&state, stats)
        case .metricsLoaded(let metrics):
            state.metrics = metrics
            return []
        case .storeFailed(let message):
            state.tail.searchFailed(message)
            state.storeError = message
            state.storeErrorAt = state.now
            return []
        case .storeRecovered:
            guard state.storeError != nil else { return [] }
            state.storeError = nil
            state.notice = Notice(text: "store is back", level: .success, at: state.now)
            return [reloadAggregates(&state), .refreshStats]
        case .storeReset(let previous, let head): return storeReset(&state, previousHead: previous, head: head)
        case .seedFinished(let result):
            state.seeding = false
            switch result {
            case .success(let summary): state.notice = Notice(text: summary, level: .success, at: state.now)
            case .failure(let error): state.notice = Notice(text: "seeding failed: \(error.message)", level: .error, at: state.now)
            }
            return [reloadAggregates(&state), .refreshStats]
        case .trafficProgress(let progress):
            guard state.traffic.running else { return [] }
            state.traffic.progress = progress
            state.traffic.throughput.append(progress.perSecond)
            if state.traffic.throughput.count > 240 { state.traffic.throughput.removeFirst(state.traffic.throughput.count - 240) }
            return []
        case .handlersUpdated(let statuses): return handlersUpdated(&state, statuses)
        case .readModelLoaded(let token, let table): return readModelLoaded(&state, token: token, table)
        case .readModelEntriesLoaded(let entries): return readModelEntriesLoaded(&state, entries)
        case .traceLoaded(let token, let result): return traceLoaded(&state, token: token, result)
        case .eventFound(let token, let id, let result): return causeFound(&state, token: token, id: id, result)
        case .trafficFinished(let verdict):
            state.traffic.running = false
            state.traffic.stopping = false
            state.traffic.verdict = verdict
            let noun = state.config.catalog.demo?.traffic?.eventsNoun ?? "events"
            if let reset = state.traffic.storeReset {
                state.notice = Notice(text: "demo traffic stopped: the store was reset (\(reset)); the check counts what it still holds", level: .error, at: state.now)
            } else if let error = verdict.error {
                state.notice = Notice(text: "demo traffic check failed: \(error)", level: .error, at: state.now)
            } else if verdict.lost == 0 {
                state.notice = Notice(text: "demo traffic stopped: \(Format.count(verdict.acknowledged)) \(noun), none lost", level: .success, at: state.now)
            } else {
                state.notice = Notice(text: "demo traffic stopped: \(Format.count(verdict.lost)) \(noun) LOST", level: .error, at: state.now)
            }
            return [.refreshStats]
        }
    }

    // MARK: - Clock

    static func tick(_ state: inout ExplorerState, _ now: Date) -> [ExplorerEffect] {
        state.now = now
        let elapsed = now.timeIntervalSince(state.rateWindowStart)
        if elapsed >= 1 {
            state.eventsPerSecond = Double(state.rateWindowCount) / elapsed
            state.rateSamples.append(state.eventsPerSecond)
            if state.rateSamples.count > 240 { state.rateSamples.removeFirst(state.rateSamples.count - 240) }
            state.rateWindowStart = now
            state.rateWindowCount = 0
        }
        // Notices fade; errors stay longer but fade too: the command log keeps the history,
        // and a status line that still says "failed" after the store recovered is untrue.
        if let notice = state.notice, now.timeIntervalSince(notice.at) > (notice.level == .error ? 20 : 8) { state.notice = nil }
        // A failing store is reported again every second or so (stats poll, tail retries):
        // a failure no longer reported is over, whichever read noticed it.
        if state.storeError != nil, let at = state.storeErrorAt, now.timeIntervalSince(at) > ExplorerState.storeErrorLifetime {
            state.storeError = nil
        }
        return []
    }

    // MARK: - Helpers shared by the update files

    /// Starts the listing over (after a filter or order change, or a refresh).
    static func reloadAggregates(_ state: inout ExplorerState) -> ExplorerEffect {
        let token = state.takeToken()
        state.aggregates.pendingToken = token
        state.aggregates.pendingReload = true
        return .loadStreams(token: token, after: nil, limit: state.config.pageSize, query: state.aggregates.query)
    }

    /// The next page of the listing, when the selection nears the end of what is loaded.
    static func loadMoreIfNeeded(_ state: inout ExplorerState) -> [ExplorerEffect] {
        let a = state.aggregates
        guard a.hasMore, a.pendingToken == nil, let last = a.rows.last else { return [] }
        let selected = a.list.selected ?? 0
        guard selected >= a.rows.count - max(20, ScreenLayout.compute(state).listHeight(of: .aggregates)) else { return [] }
        let token = state.takeToken()
        state.aggregates.pendingToken = token
        state.aggregates.pendingReload = false
        return [.loadStreams(token: token, after: .after(last, order: a.query.order), limit: state.config.pageSize, query: a.query)]
    }

    /// Opens `stream` in the inspector (at `version`, or following the newest).
    static func openAggregate(_ state: inout ExplorerState, _ stream: StreamID, version: StreamVersion? = nil) -> [ExplorerEffect] {
        let token = state.takeToken()
        state.inspector.aggregate = AggregateView(stream: stream, token: token, version: version)
        state.inspector.scroll = 0
        return [.loadStreamEvents(token: token, stream: stream, window: AggregateView.window(around: version, limit: state.config.maxStreamEvents))]
    }

    static func setNotice(_ state: inout ExplorerState, _ text: String, _ level: Notice.Level = .info) {
        state.notice = Notice(text: text, level: level, at: state.now)
    }

    /// Keeps each list's scroll offset so its selection is visible at the current size.
    static func scrollIntoView(_ state: inout ExplorerState) {
        let layout = ScreenLayout.compute(state)
        state.aggregates.list.scrollIntoView(height: layout.listHeight(of: .aggregates), count: state.aggregates.rows.count)
        state.tail.list.scrollIntoView(height: layout.listHeight(of: .events), count: state.tail.shown.count)
        state.log.list.scrollIntoView(height: layout.listHeight(of: .commandLog), count: state.log.entries.count)
        if var view = state.inspector.aggregate {
            view.list.scrollIntoView(height: layout.listHeight(of: .inspector), count: view.events.count)
            state.inspector.aggregate = view
        }
    }
}
