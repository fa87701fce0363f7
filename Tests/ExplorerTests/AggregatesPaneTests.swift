import EventScope
import Foundation
import EventScopeTerminalUI
import Testing
@testable import EventScopeExplorer
@Suite("Aggregates pane")
struct AggregatesPaneTests {
    @Test func startLoadsOnePageTheTailAndTheCounts() {
        var state = ExplorerState(config: Fixtures.config(), size: Size(width: 80, height: 24), now: Fixtures.date(0))
        let effects = Explorer.start(&state)
        #expect(effects.count == 3)
        guard case .loadStreams(_, let after, let limit, let query) = effects[0] else {
            Issue.record("first effect is \(effects[0])")
            return
        }
        #expect(after == nil)
        #expect(limit == 200)
        #expect(query == StreamQuery(order: .recent))
        #expect(effects[1] == .subscribeTail(last: 500))
        #expect(effects[2] == .refreshStats)
    }

    @Test func pagesOnlyWhenTheSelectionNearsTheEndOfWhatIsLoaded() {
        var state = Fixtures.state()
        let token = state.aggregates.pendingToken!
        let page = (0..<200).map { i in
            StreamInfo(streamID: StreamID("counter-\(i)"), version: 1, lastPosition: GlobalPosition(Int64(1_000 - i)), lastUpdated: Fixtures.date(0), lastEventType: "counter.created")
        }
        let afterFirst = Explorer.update(&state, .streamsLoaded(token: token, page: page, hasMore: true))
        #expect(afterFirst.isEmpty, "the first screen needs no second page")
        #expect(state.aggregates.rows.count == 200)
        // Jump to the bottom of the loaded rows: the next page is asked for, after the last row.
        let effects = state.press(.char("1"), .char("G"))
        guard case .loadStreams(let next, let after, _, _)? = effects.first else {
            Issue.record("no page load: \(effects)")
            return
        }
        #expect(after == .position(GlobalPosition(801)))
        let more = (200..<250).map { i in
            StreamInfo(streamID: StreamID("counter-\(i)"), version: 1, lastPosition: GlobalPosition(Int64(1_000 - i)), lastUpdated: Fixtures.date(0), lastEventType: "counter.created")
        }
        _ = Explorer.update(&state, .streamsLoaded(token: next, page: more, hasMore: false))
        #expect(state.aggregates.rows.count == 250)
        #expect(state.aggregates.selected?.streamID == "counter-199", "the selection stays on the same stream")
        #expect(state.press(.char("G")).isEmpty, "nothing more to load")
    }

    @Test func answersToAnOlderRequestAreDropped() {
        var state = Fixtures.state()
        let old = state.aggregates.pendingToken!
        state.press(.char("1"), .char("s"))  // a new request supersedes the first
        _ = Explorer.update(&state, .streamsLoaded(token: old, page: Fixtures.streams(Fixtures.history()), hasMore: false))
        #expect(state.aggregates.rows.isEmpty)
    }

    @Test func slashFiltersThroughTheStoreQuery() {
        var state = Fixtures.loaded()
        state.press(.char("1"), .char("/"))
        state.type("acc")
        let effects = state.press(.enter)
        guard case .loadStreams(let token, nil, _, let query)? = effects.first else {
            Issue.record("no reload: \(effects)")
            return
        }
        #expect(query.contains == "acc")
        let matching = Fixtures.streams(Fixtures.history()).filter(query.matches)
        _ = Explorer.update(&state, .streamsLoaded(token: token, page: matching, hasMore: false))
        #expect(state.aggregates.rows.map(\.streamID) == ["account-7"])
        #expect(state.screenText.contains("/acc"))
        // Esc clears the filter and reloads everything.
        let cleared = state.press(.escape)
        guard case .loadStreams(_, nil, _, let all)? = cleared.first else {
            Issue.record("no reload after Esc: \(cleared)")
            return
        }
        #expect(all.contains == nil)
    }

    @Test func sKeySwitchesBetweenLastChangeAndNameOrder() {
        var state = Fixtures.loaded()
        let effects = state.press(.char("1"), .char("s"))
        guard case .loadStreams(_, nil, _, let query)? = effects.first else {
            Issue.record("no reload: \(effects)")
            return
        }
        #expect(query.order == .name)
        #expect(state.screenText.contains("↓name"))
    }

    @Test func newEventsMoveTheirStreamToTheTopAndAddNewStreams() {
        var state = Fixtures.loaded()
        #expect(state.aggregates.rows.map(\.streamID.rawValue) == ["counter-1", "account-7", "counter-2"])
        var b = EventBuilder(start: 8)
        b.versions["counter-2"] = 1
        b.add("counter-2", "counter.incremented", #"{"count":1}"#)
        b.add("counter-5", "counter.created", "{}")
        _ = Explorer.update(&state, .tailEvents(b.events, dropped: 0))
        #expect(state.aggregates.rows.map(\.streamID.rawValue) == ["counter-5", "counter-2", "counter-1", "account-7"])
        #expect(state.aggregates.rows[1].version == 2)
        #expect(state.stats?.eventCount == 10)
        #expect(state.stats?.streamCount == 4)
    }

    @Test func enterOpensTheSelectedAggregate() {
        var state = Fixtures.loaded()
        let effects = state.press(.char("1"), .down, .enter)
        guard case .loadStreamEvents(_, let stream, _)? = effects.first else {
            Issue.record("no load: \(effects)")
            return
        }
        #expect(stream == "account-7")
        #expect(state.focus == .inspector)
    }
}
