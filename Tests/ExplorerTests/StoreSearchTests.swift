import EventScope
import Foundation
import EventScopeTerminalUI
import Testing
@testable import EventScopeExplorer
/// Issue 14, item 3: the event filter searches the whole store, page by page, cancellably,
/// and says "no event matches in all N events" only after reading all of them.
@Suite("The event filter searches the store")
struct StoreSearchTests {
    /// Events at `positions` of 10,000: creations at 1–5, increments after (as a 1M store's
    /// first counters would look).
    static func events(_ positions: ClosedRange<Int64>) -> [RecordedEvent] {
        positions.map { p in
            RecordedEvent(
                eventID: Fixtures.uuid(Int(p)), streamID: StreamID("counter-\(p % 5)"), version: StreamVersion(p / 5 + 1), position: GlobalPosition(p),
                type: EventType(p <= 5 ? "counter.created" : "counter.incremented"),
                data: Data("{}".utf8), metadata: EventMetadata(), recordedAt: Fixtures.date(Double(p)))
        }
    }

    /// A state whose tail holds #9,990–#10,000, with `filter` submitted.
    static func filtered(_ filter: String) -> (ExplorerState, [ExplorerEffect]) {
        var state = Fixtures.state(size: Size(width: 120, height: 40), tailCapacity: 10)
        _ = Explorer.update(&state, .tailEvents(events(9_990...10_000), dropped: 0))
        state.press(.char("2"), .char("/"))
        state.type(filter)
        let effects = state.press(.enter)
        return (state, effects)
    }

    @Test("a filter reads the store backwards below what is held, shows progress, and finds matches at #1–#5")
    func searchFindsTheOldestMatches() {
        var (state, effects) = Self.filtered("counter.created")
        guard case .searchEvents(let token, let before, let limit)? = effects.first else {
            Issue.record("no store search: \(effects)")
            return
        }
        #expect(before == 9_989, "held events are filtered already; the store is read below them")
        #expect(state.screenText.contains("searching… 11 of 10,000 scanned"))
        #expect(!state.screenText.contains("No event matches"), "nothing is said about the store before it was read")

        let next = Explorer.update(&state, .eventsSearched(token: token, events: Self.events((before.value - Int64(limit) + 1)...before.value).reversed()))
        guard case .searchEvents(token, let second, _)? = next.first else {
            Issue.record("the search stopped after one page: \(next)")
            return
        }
        #expect(second == 4_989)
        #expect(state.screenText.contains("searching… 5,011 of 10,000 scanned"))

        let last = Explorer.update(&state, .eventsSearched(token: token, events: Self.events(1...second.value).reversed()))
        #expect(last.isEmpty, "position 1 was read: the search is over")
        #expect(state.tail.shown.map(\.position.value) == [1, 2, 3, 4, 5])
        #expect(state.screenText.contains("all 10,000 searched"))
    }

    @Test("'no event matches' is said only once every event was read")
    func noMatchOnlyAfterTheWholeStore() {
        var (state, effects) = Self.filtered("account")
        guard case .searchEvents(let token, let before, _)? = effects.first else {
            Issue.record("no store search: \(effects)")
            return
        }
        #expect(state.screenText.contains("Searching the store for \"account\"… 11 of 10,000 scanned"))
        _ = Explorer.update(&state, .eventsSearched(token: token, events: Self.events(1...before.value).reversed()))
        #expect(state.screenText.contains("No event matches \"account\" in all 10,000 events"))
    }

    @Test("a new filter or Esc cancels the search: its pages are dropped and no more are read")
    func aNewFilterCancels() {
        var (state, effects) = Self.filtered("counter.created")
        guard case .searchEvents(let first, let before, _)? = effects.first else {
            Issue.record("no store search: \(effects)")
            return
        }
        state.press(.char("/"))
        state.type("x")
        guard case .searchEvents(let second, _, _)? = state.press(.enter).first else {
            Issue.record("the new filter did not search")
            return
        }
        #expect(second != first)
        let stale = Explorer.update(&state, .eventsSearched(token: first, events: Self.events(1...before.value).reversed()))
        #expect(stale.isEmpty)
        #expect(state.tail.shown.isEmpty, "the old search's matches are not shown under the new filter")
        state.press(.escape)
        #expect(state.tail.search == nil)
        #expect(Explorer.update(&state, .eventsSearched(token: second, events: Self.events(4_990...9_989).reversed())).isEmpty)
        #expect(state.tail.filter == nil)
    }

    @Test("the events held from position 1 need no store search")
    func nothingToSearchWhenEverythingIsHeld() {
        var state = Fixtures.loaded()
        state.press(.char("2"), .char("/"))
        state.type("account")
        #expect(state.press(.enter).isEmpty)
        #expect(state.tail.shown.count == 3)
    }
}

extension StoreSearchTests {
    @Test("a store error stops the search and says how far it got; Enter goes on from there")
    func aStoreErrorStopsTheSearch() {
        var (state, effects) = Self.filtered("counter.created")
        guard case .searchEvents(let token, let before, _)? = effects.first else {
            Issue.record("no store search: \(effects)")
            return
        }
        _ = Explorer.update(&state, .eventsSearched(token: token, events: Self.events((before.value - 4_999)...before.value).reversed()))
        _ = Explorer.update(&state, .storeFailed("database is locked"))
        #expect(state.screenText.contains("search stopped at 5,011 of"))
        #expect(state.screenText.contains("stopped after 5,011 of 10,000 events: database is"))
        #expect(!state.screenText.contains("No event matches"))
        state.press(.char("/"))
        guard case .searchEvents(_, let resumed, _)? = state.press(.enter).first else {
            Issue.record("Enter did not search again")
            return
        }
        #expect(resumed == 4_989, "it goes on below what it read")
    }
}
