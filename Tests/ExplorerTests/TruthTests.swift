import EventScope
import Foundation
import EventScopeTerminalUI
import Testing
@testable import EventScopeExplorer
/// Issue 14: the explorer never shows something false with confidence. One test per item;
/// each failed on the code before the fix.
@Suite("The explorer tells the truth")
struct TruthTests {
    /// Events `first…last` of a counter stream, positions equal to versions.
    static func counterWindow(_ versions: ClosedRange<Int64>, stream: StreamID = "counter-big") -> [RecordedEvent] {
        versions.map { v in
            RecordedEvent(
                eventID: Fixtures.uuid(Int(v)), streamID: stream, version: StreamVersion(v), position: GlobalPosition(v),
                type: EventType(v == 1 ? "counter.created" : "counter.incremented"),
                data: Data((v == 1 ? "{}" : "{\"count\":\(v - 1)}").utf8), metadata: EventMetadata(), recordedAt: Fixtures.date(Double(v)))
        }
    }

    // MARK: - 1. Long aggregates

    @Test("1. a 100,202-version aggregate shows its real head, travels to any version and follows new events")
    func longAggregatesAreNeitherCutNorCalledLatestWhenPartial() {
        var state = Fixtures.state(size: Size(width: 120, height: 40))
        state.focus = .inspector
        let open = Explorer.openAggregate(&state, "counter-big")
        guard case .loadStreamEvents(let token, "counter-big", let window)? = open.first else {
            Issue.record("no load: \(open)")
            return
        }
        #expect(window.from == nil, "the newest versions are loaded first, never from version 1 only")
        let limit = state.config.maxStreamEvents
        _ = Explorer.update(&state, .streamEventsLoaded(token: token, stream: "counter-big", events: Self.counterWindow(100_202 - Int64(limit) + 1...100_202), total: 100_202))
        #expect(state.screenText.contains("v100202 of 100202 · latest"))

        // Any version, not only the ones held: the window around it is loaded from the store.
        state.press(.char("#"))
        state.type("5")
        let travel = state.press(.enter)
        guard case .loadStreamEvents(let t2, "counter-big", let w2)? = travel.first else {
            Issue.record("no window load: \(travel)")
            return
        }
        #expect(w2.from == 1)
        #expect(state.screenText.contains("loading v5 of 100202"))
        let folds = Explorer.update(&state, .streamEventsLoaded(token: t2, stream: "counter-big", events: Self.counterWindow(1...Int64(limit)), total: 100_202))
        #expect(state.inspector.aggregate?.selectedEvent?.version == 5)
        #expect(folds == [.foldAggregate(token: t2, stream: "counter-big", version: 5)], "folded by the runner from a checkpoint")
        #expect(state.screenText.contains("v5 of 100202 · time travel"))
        #expect(!state.screenText.contains("latest"))

        // A new event extends the head even while travelling in an old window.
        _ = Explorer.update(&state, .tailEvents(Self.counterWindow(100_203...100_203), dropped: 0))
        #expect(state.screenText.contains("v5 of 100203 · time travel"))
        // G goes to the real head (loading its window), never to the end of the window held.
        let newest = state.press(.char("G"))
        guard case .loadStreamEvents(_, "counter-big", let w3)? = newest.first else {
            Issue.record("no load of the head's window: \(newest)")
            return
        }
        #expect(w3.from.map { $0 <= 100_203 && $0.value + Int64(limit) > 100_203 } == true)
    }

    @Test("1. a window short of the head is never labelled latest")
    func aWindowShortOfTheHeadIsTimeTravel() {
        var state = Fixtures.state(size: Size(width: 120, height: 40))
        let open = Explorer.openAggregate(&state, "counter-big")
        guard case .loadStreamEvents(let token, _, _)? = open.first else { return }
        // The store moved on between reading the head and the page.
        _ = Explorer.update(&state, .streamEventsLoaded(token: token, stream: "counter-big", events: Self.counterWindow(1...300), total: 302))
        #expect(state.screenText.contains("v300 of 302 · time travel"))
        #expect(state.press(.char("3"), .char("#")).isEmpty)
        state.type("302")
        #expect(!state.press(.enter).isEmpty, "version 302 exists in the store: it is loaded, not refused")
    }

    // MARK: - 2. The aggregate list in order

    @Test("2. the tail's replay never puts old streams above the first page, and paging goes on after it")
    func theReplayKeepsTheListingInOrder() {
        var state = Fixtures.state(size: Size(width: 120, height: 40))
        // 2,000 streams created in order, then 600 more events on some of them.
        var b = EventBuilder()
        for i in 1...2_000 { b.add("counter-demo-\(i)", "counter.created", "{}") }
        for i in 0..<600 { b.add("counter-demo-\((i * 7) % 2_000 + 1)", "counter.incremented", "{\"count\":1}") }
        let all = Fixtures.streams(b.events)
        let page = Array(all.prefix(state.config.pageSize))
        _ = Explorer.update(&state, .streamsLoaded(token: state.aggregates.pendingToken!, page: page, hasMore: true))
        // The tail connects with a replay of the newest 500 events (older than its live edge).
        _ = Explorer.update(&state, .tailConnected(after: b.events.last!.position))
        _ = Explorer.update(&state, .tailEvents(Array(b.events.suffix(500)), dropped: 0))
        let rows = state.aggregates.rows
        #expect(rows.first?.streamID == all.first?.streamID, "the newest stream is at the top")
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.lastPosition > $1.lastPosition }, "newest change first, all the way down")
        // End pages on from the last row: the next page starts where the store's order does.
        let more = state.press(.char("1"), .end)
        guard case .loadStreams(_, let after?, _, _)? = more.first else {
            Issue.record("no next page: \(more)")
            return
        }
        #expect(after == .after(rows.last!, order: .recent))
        #expect(rows.last?.streamID == page.last?.streamID)
    }

    // MARK: - 3. Filters say what they searched

    @Test("3. an event filter says it looked at the events held, accepts a stream id, and g goes to the store's first event")
    func filtersSayWhatTheySearched() {
        var state = Fixtures.state(size: Size(width: 120, height: 40), tailCapacity: 10)
        // The store holds 5,000 creations then 5,000 increments; the tail holds the newest few.
        _ = Explorer.update(&state, .tailEvents(Self.counterWindow(9_990...10_000), dropped: 0))
        state.press(.char("2"), .char("/"))
        state.type("counter.created")
        state.press(.enter)
        let screen = state.screenText
        #expect(!screen.contains("No event matches \"counter.created\" yet"))
        #expect(screen.contains("searching… 11 of 10,000 scanned"), "the rest of the store is searched (StoreSearchTests)")
        state.press(.escape)
        state.press(.char("/"))
        state.type("counter-big")
        state.press(.enter)
        #expect(state.tail.shown.count == 11, "the stream id matches")
        state.press(.escape)
        let top = state.press(.char("g"))
        guard case .loadEvents(_, let from, _)? = top.first else {
            Issue.record("g did not go to the store's oldest event: \(top)")
            return
        }
        #expect(from == 1)
    }

    @Test("3. the aggregate filter says it matches the type of the last event")
    func aggregateFilterSaysWhatItMatches() {
        var state = Fixtures.loaded(size: Size(width: 120, height: 40))
        state.press(.char("1"), .char("/"))
        #expect(state.screenText.contains("type of last event"))
    }

    // MARK: - 4. Nothing happens behind "terminal too small"

    @Test("4. keys typed on the too-small screen do nothing (but q quits)")
    func keysDoNothingBehindTheTooSmallScreen() {
        var state = Fixtures.loaded()
        _ = Explorer.update(&state, .key(.resize(Size(width: 40, height: 10))))
        var effects: [ExplorerEffect] = []
        effects += state.press(.char(":"))
        state.type("increment counter-1")
        effects += state.press(.enter, .char("D"), .char("S"), .char("c"))
        #expect(effects.isEmpty)
        #expect(state.overlay == nil)
        #expect(state.log.entries.isEmpty)
        #expect(state.press(.char("q")) == [.quit])
    }

    // MARK: - 5. Read-only says why

    @Test("5. in read-only mode every key that would write says so, and what it would have done")
    func readOnlyKeysSaySo() {
        var state = Fixtures.loaded(readOnly: true)
        #expect(state.press(.char(":")).isEmpty)
        #expect(state.overlay == nil)
        #expect(state.screenText.contains("read-only: : opens the command line"))
        let expected: [(Key, String)] = [
            (.char(":"), "opens the command line, which sends commands"),
            (.char("c"), "opens the command form, which sends commands"),
            (.char("D"), "starts demo traffic, which sends commands"),
            (.char("+"), "paces demo traffic, which sends commands"),
            (.char("="), "paces demo traffic, which sends commands"),
            (.char("-"), "paces demo traffic, which sends commands"),
            (.char("S"), "seeds demo data, which sends commands"),
        ]
        for (key, words) in expected {
            state.notice = nil
            #expect(state.press(key).isEmpty, "\(key.displayName) sent nothing")
            #expect(state.overlay == nil)
            #expect(state.notice?.text == "read-only: \(key.displayName) \(words); the explorer was opened with --read-only and writes nothing", "\(state.notice?.text ?? "no notice")")
        }
        // Showing the traffic box writes nothing, but there is none to show: say why.
        state.notice = nil
        #expect(state.press(.char("V")).isEmpty)
        #expect(state.notice?.text.contains("the explorer is read-only") == true, "\(state.notice?.text ?? "no notice")")
        // Read models write their tables: none runs.
        state.notice = nil
        state.press(.char("P"))
        #expect(state.notice?.text.contains("the explorer is read-only") == true, "\(state.notice?.text ?? "no notice")")
    }

    // MARK: - 6. Numbers and ids as stored

    @Test("6. event ids as stored (upper case), six-digit versions whole")
    func idsAndVersionsAsStored() {
        var state = Fixtures.state(size: Size(width: 120, height: 40))
        var event = Self.counterWindow(100_202...100_202, stream: "counter-1")[0]
        event = RecordedEvent(eventID: UUID(uuidString: "6BA7B810-9DAD-41D1-80B4-00C04FD430C8")!, streamID: event.streamID, version: event.version,
                              position: event.position, type: event.type, data: event.data, metadata: event.metadata, recordedAt: event.recordedAt)
        _ = Explorer.update(&state, .tailEvents([event], dropped: 0))
        _ = Explorer.update(&state, .streamsLoaded(token: state.aggregates.pendingToken!, page: Fixtures.streams([event]), hasMore: false))
        let screen = state.screenText
        #expect(screen.contains(event.eventID.uuidString))
        #expect(!screen.contains(event.eventID.uuidString.lowercased()))
        #expect(!screen.contains("v1002…"))
        #expect(screen.components(separatedBy: "v100202").count - 1 >= 2, "in the aggregates and the events pane")
    }

    @Test("6. PAUSED +N counts only events newer than what was shown, not the older ones a jump loaded")
    func pausedCountsOnlyNewerEvents() {
        var state = Fixtures.state(tailCapacity: 10)
        _ = Explorer.update(&state, .tailEvents(Self.counterWindow(1...200), dropped: 0))
        state.press(.char("2"), .char("#"))
        state.type("20")
        guard case .loadEvents(let token, _, _)? = state.press(.enter).first else { return }
        _ = Explorer.update(&state, .eventsLoaded(token: token, events: Array(Self.counterWindow(1...100))))
        #expect(state.screenText.contains("PAUSED +0 new"))
        _ = Explorer.update(&state, .tailEvents(Self.counterWindow(201...203), dropped: 0))
        #expect(state.screenText.contains("PAUSED +3 new"))
    }

    // MARK: - 7. A store reset is said, and the verdict adds up

    @Test("7. a store that went back to zero is said in a banner and everything is reloaded")
    func aStoreResetShowsABannerAndReloads() {
        var state = Fixtures.loaded(size: Size(width: 160, height: 48))
        state.press(.char("D"))
        #expect(state.traffic.running)
        let effects = Explorer.update(&state, .storeReset(previousHead: 17_164, head: 0))
        #expect(state.screenText.contains("Store reset: the store went back from #17,164 to #0"))
        #expect(state.tail.shown.isEmpty, "the tail no longer lists events the store lost")
        #expect(effects.contains(.refreshStats))
        #expect(effects.contains(.stopTraffic), "traffic against a store that lost its streams stops")
        #expect(effects.contains { if case .loadStreams = $0 { return true } else { return false } })
        // The check then says what the store still holds, and adds up.
        let check = LossCheck(rows: [LossCheck.Row(stream: "counter-1", acknowledged: 17_157, stored: 0)])
        _ = Explorer.update(&state, .trafficFinished(TrafficVerdict(check: check, conflictsRetried: 3, elapsed: .seconds(9), failed: 2)))
        let screen = state.screenText
        #expect(screen.contains("17,157 acked = 0 stored + 17,157 lost · 2 failed"))
        #expect(screen.contains("store reset during the run (#17,164 → #0)"))
        state.press(.escape)
        #expect(state.banner == nil)
    }

    // MARK: - 8. Errors leave the status line

    @Test("8. a store error leaves the status line once it is no longer reported; error notices fade too")
    func errorsDoNotStayInTheStatusLine() {
        var state = Fixtures.loaded()
        _ = Explorer.update(&state, .storeFailed("redis down"))
        _ = Explorer.update(&state, .tick(Fixtures.date(65)))
        #expect(state.storeError != nil)
        _ = Explorer.update(&state, .tick(Fixtures.date(200)))
        #expect(state.storeError == nil)
        state.notice = Notice(text: "✗ increment counter-1: store error: redis down", level: .error, at: Fixtures.date(200))
        _ = Explorer.update(&state, .tick(Fixtures.date(260)))
        #expect(state.notice == nil, "the command log keeps the history")
    }

    // MARK: - 9. The inspector follows the command

    @Test("9. after a command the inspector opens its aggregate; after a refusal it shows the state that caused it")
    func theInspectorFollowsTheCommandJustSent() {
        var state = Fixtures.loaded(size: Size(width: 120, height: 40))
        // Something else is open.
        state.press(.char("1"), .enter)
        #expect(state.inspector.aggregate?.stream == "counter-1")
        state.press(.char(":"))
        state.type("withdraw account-7 amount=1000")
        guard case .sendCommand(let id, _)? = state.press(.enter).first else {
            Issue.record("not sent")
            return
        }
        let effects = Explorer.update(&state, .commandFinished(id: id, outcome: .rejected(.refused("insufficient funds: balance 30, cannot withdraw 1000")), latency: .milliseconds(2)))
        #expect(state.inspector.aggregate?.stream == "account-7")
        #expect(effects.contains { if case .loadStreamEvents(_, "account-7", _) = $0 { return true } else { return false } })
    }
}
