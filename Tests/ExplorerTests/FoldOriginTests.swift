import EventScope
import Foundation
import EventScopeTerminalUI
import Testing
@testable import EventScopeExplorer

/// The inspector says how the state it shows was loaded, and what it does not know.
@Suite("Inspector: how a state was loaded")
struct FoldOriginTests {
    /// counter-big with versions 999,001…1,000,000 held and its head folded as `origin` says.
    static func longOpen(origin: FoldOrigin, before: Bool = true) -> ExplorerState {
        var state = Fixtures.state(size: Size(width: 220, height: 40))
        let token = state.takeToken()
        state.inspector.aggregate = AggregateView(stream: "counter-big", token: token)
        state.focus = .inspector
        let events = TruthTests.counterWindow(999_001...1_000_000)
        _ = Explorer.update(&state, .streamEventsLoaded(token: token, stream: "counter-big", events: events, total: 1_000_000))
        // A counter's state is its last event's count: folding the window's tail gives it.
        let now = LongStreamFoldTests.fold(events[...])
        let was = LongStreamFoldTests.fold(events.dropLast())
        _ = Explorer.update(&state, .aggregateFolded(token: token, version: 1_000_000, now: now, before: before ? was : nil, origin: origin))
        return state
    }

    @Test("a state from the store's snapshot says so, with the events folded after it")
    func snapshotOrigin() {
        let screen = Self.longOpen(origin: .snapshot(at: 999_500, events: 500)).screenText
        #expect(screen.contains("State at v1000000 · snapshot at v999,500 + 500 events"))
        #expect(screen.contains("was 999998"))
    }

    @Test("a fold from v1 says so, and names a snapshot it could not use")
    func fromStartOrigin() {
        let screen = Self.longOpen(origin: .fromStart(events: 1_000_000, ignoredSnapshot: "snapshot at v999500 not used: stale")).screenText
        // (It may wrap, as any long line of the pane.)
        #expect(screen.contains("folded from v1 (1,000,000 events);"))
        #expect(screen.contains("snapshot at v999500 not used: stale"))
        #expect(Self.longOpen(origin: .checkpoint(at: 995_000, events: 5_000)).screenText.contains("explorer checkpoint at v995,000 + 5,000 events"))
    }

    @Test("a state loaded from a snapshot at its own version does not invent the change")
    func unknownChange() {
        let state = Self.longOpen(origin: .snapshot(at: 1_000_000, events: 0), before: false)
        let screen = state.screenText
        #expect(screen.contains("snapshot at v1,000,000 + 0 events"))
        #expect(screen.contains("what v1000000 changed is not known here"))
        #expect(!screen.contains("was 999998") && !screen.contains("1 added") && !screen.contains("no field changed"))
        #expect(state.inspector.aggregate?.folded?.changedFields == [:])
    }

    @Test("the background index of a long stream shows how far it got, and goes when done")
    func indexProgress() {
        var state = Self.longOpen(origin: .snapshot(at: 999_500, events: 500))
        _ = Explorer.update(&state, .timeTravelIndexed(stream: "counter-big", through: 350_000))
        #expect(state.screenText.contains("indexing for time travel: v350,000"))
        _ = Explorer.update(&state, .timeTravelIndexed(stream: "other-1", through: 400_000))
        #expect(state.inspector.aggregate?.indexedThrough == 350_000, "another stream's index is not this one's")
        _ = Explorer.update(&state, .timeTravelIndexed(stream: "counter-big", through: 1_000_000))
        #expect(!state.screenText.contains("indexing"))
        _ = Explorer.update(&state, .timeTravelIndexed(stream: "counter-big", through: nil))
        #expect(!state.screenText.contains("indexing"))
    }
}

/// The aggregate filter says what it matches: any event's type on a store that can search
/// them, the newest event's type on one that cannot.
@Suite("Aggregate filter: what it matches")
struct AggregateFilterWordingTests {
    static func filtered(anyEventType: Bool) -> (ExplorerState, [ExplorerEffect]) {
        var config = Fixtures.config()
        config.filterMatchesAnyEventType = anyEventType
        var state = ExplorerState(config: config, size: Size(width: 200, height: 40), now: Fixtures.date(0))
        _ = Explorer.start(&state)
        state.press(.char("1"), .char("/"))
        return (state, [])
    }

    @Test func anyEventTypeWhereTheStoreSearchesThem() {
        var (state, _) = Self.filtered(anyEventType: true)
        #expect(state.screenText.contains("type of any event"))
        state.type("opened")
        let effects = state.press(.enter)
        guard case .loadStreams(let token, _, _, let query)? = effects.first else {
            Issue.record("no listing asked for: \(effects)")
            return
        }
        #expect(query.contains == "opened")
        state.press(.char("z"))  // the pane full width: its sentence on one line
        #expect(state.screenText.contains("searching the type of every event in the store…"))
        _ = Explorer.update(&state, .streamsLoaded(token: token, page: [], hasMore: false))
        #expect(state.screenText.contains("nor the type of any of its events, contains \"opened\""))
    }

    @Test func rowsShownWhileTheSearchRunsAreSaidToBeUnfiltered() {
        var config = Fixtures.config()
        config.filterMatchesAnyEventType = true
        var state = ExplorerState(config: config, size: Size(width: 200, height: 40), now: Fixtures.date(0))
        _ = Explorer.start(&state)
        let token = state.aggregates.pendingToken!
        _ = Explorer.update(&state, .streamsLoaded(token: token, page: Fixtures.streams(Fixtures.history()), hasMore: false))
        #expect(!state.aggregates.rows.isEmpty)
        state.press(.char("1"), .char("/"))
        state.type("opened")
        state.press(.enter)
        state.press(.char("z"))
        #expect(state.screenText.contains("searching every event's type… (rows not yet filtered)"))
    }

    @Test func lastEventTypeWhereItCannot() {
        var (state, _) = Self.filtered(anyEventType: false)
        #expect(state.screenText.contains("type of last event"))
        state.type("opened")
        guard case .loadStreams(let token, _, _, _)? = state.press(.enter).first else {
            Issue.record("no listing asked for")
            return
        }
        state.press(.char("z"))
        _ = Explorer.update(&state, .streamsLoaded(token: token, page: [], hasMore: false))
        #expect(state.screenText.contains("lists aggregates by their newest event only"))
    }
}
