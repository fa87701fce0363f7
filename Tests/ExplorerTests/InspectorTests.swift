import EventScope
import Foundation
import EventScopeTerminalUI
import Testing
@testable import EventScopeExplorer
@Suite("Inspector: events and aggregates")
struct InspectorTests {
    /// A state with account-7 opened in the inspector.
    static func withAccountOpen(size: Size = Size(width: 120, height: 40)) -> ExplorerState {
        var state = Fixtures.loaded(size: size)
        let effects = state.press(.char("1"), .down, .enter)
        guard case .loadStreamEvents(let token, let stream, _)? = effects.first else { return state }
        let events = Fixtures.history().filter { $0.streamID == stream }
        _ = Explorer.update(&state, .streamEventsLoaded(token: token, stream: stream, events: events, total: 3))
        return state
    }

    @Test("/ in the inspector opens the aggregates filter, so what is typed after it is the filter, not keys")
    func slashInTheInspectorFilters() {
        var state = Self.withAccountOpen()
        state.press(.char("3"))
        #expect(state.focus == .inspector)
        state.press(.char("/"))
        guard case .prompt(let prompt)? = state.overlay else {
            Issue.record("no prompt after /: \(String(describing: state.overlay))")
            return
        }
        #expect(prompt.purpose == .filterAggregates)
        state.press(.char("c"))  // typed into the prompt: the command form does not open
        guard case .prompt(let typed)? = state.overlay else {
            Issue.record("the prompt closed: \(String(describing: state.overlay))")
            return
        }
        #expect(typed.input.text == "c")
    }

    @Test("a key that does nothing in a pane says so")
    func unboundKeysSaySo() {
        var state = Self.withAccountOpen()
        state.press(.char("3"), .char("w"))
        #expect(state.notice?.text == "w does nothing in the inspector; ? lists the keys")
        #expect(state.overlay == nil)
    }

    @Test func anOpenedAggregateShowsItsFoldedStateAtTheNewestVersion() {
        let state = Self.withAccountOpen()
        let view = state.inspector.aggregate
        #expect(view?.selectedEvent?.version == 3)
        #expect(view?.folded?.changedFields == ["balance": "changed"])
        let screen = state.screenText
        #expect(screen.contains("account-7 · v3 of 3 · latest"))
        #expect(screen.contains("~   \"balance\": 30,  was 50"))
    }

    @Test("the inspector says what each read model holds for the aggregate, and how far behind it is")
    func readModelLineSaysBehindBy() {
        var state = Self.withAccountOpen(size: Size(width: 220, height: 40))
        let stream = state.inspector.aggregate!.stream
        func entries(_ version: Int64) -> ReadModelEntries {
            ReadModelEntries(stream: stream, entries: [.init(name: "accounts", columns: ["account", "owner", "balance"],
                rows: [ReadModelRow(key: stream.id, cells: [stream.id, "Ada", "50"], stream: stream, version: StreamVersion(version))])])
        }
        _ = Explorer.update(&state, .readModelEntriesLoaded(entries(2)))
        #expect(state.screenText.contains("read model accounts: owner Ada, balance 50 — behind by 1"), "\(state.screenText)")
        _ = Explorer.update(&state, .readModelEntriesLoaded(entries(3)))
        #expect(state.screenText.contains("read model accounts: owner Ada, balance 50 — up to date"))
    }

    @Test func timeTravelShowsTheStateAtEachVersionWithItsChange() {
        var state = Self.withAccountOpen()
        state.press(.char("h"))
        #expect(state.inspector.aggregate?.folded?.version == 2)
        #expect(state.inspector.aggregate?.folded?.changedFields == ["balance": "changed"])
        #expect(state.screenText.contains("time travel"))
        state.press(.char("h"))
        let opened = state.inspector.aggregate?.folded
        #expect(opened?.version == 1)
        #expect(opened?.changedFields == ["owner": "added", "status": "added"])
        #expect(state.screenText.contains("+   \"owner\": \"Ada\","))
        state.press(.char("h"))
        #expect(state.inspector.aggregate?.folded?.version == 1, "stops at the first version")
        state.press(.char("l"), .char("l"))
        #expect(state.inspector.aggregate?.cursor == nil, "back at the newest, following")
    }

    @Test func goToVersion() {
        var state = Self.withAccountOpen()
        state.press(.char("#"))
        state.type("2")
        state.press(.enter)
        #expect(state.inspector.aggregate?.selectedEvent?.version == 2)
        state.press(.char("#"))
        state.type("9")
        state.press(.enter)
        guard case .prompt(let prompt)? = state.overlay else {
            Issue.record("prompt closed on a bad version")
            return
        }
        #expect(prompt.error == "no such version (1…3)")
    }

    @Test func removedFieldsAreListed() {
        let old = JSONValue.parse(Data(#"{"a":1,"b":{"c":2}}"#.utf8))
        let new = JSONValue.parse(Data(#"{"a":2,"d":true}"#.utf8))!
        let changes = JSONDiff.changes(from: old, to: new)
        #expect(changes[["a"]] == .changed(old: .number("1")))
        #expect(changes[["b", "c"]] == .removed(old: .number("2")))
        #expect(changes[["d"]] == .added)
        let text = JSONLines.render(new, changes: changes, gutter: true).map(\.plainText)
        #expect(text.contains("- b.c removed (was 2)"))
    }

    @Test func newEventsOfTheOpenAggregateAppearLive() {
        var state = Self.withAccountOpen()
        var b = EventBuilder(start: 8)
        b.versions["account-7"] = 3
        b.add("account-7", "account.deposited", #"{"amount":5,"balance":35}"#)
        _ = Explorer.update(&state, .tailEvents(b.events, dropped: 0))
        #expect(state.inspector.aggregate?.selectedEvent?.version == 4)
        #expect(state.screenText.contains("\"balance\": 35,  was 30"))
    }

    @Test func openingAnEventOpensItsAggregateAtThatVersion() {
        var state = Fixtures.loaded()
        state.press(.char("2"), .char("k"), .char("k"))  // position 6: counter-1 v3
        let effects = state.press(.enter)
        guard case .loadStreamEvents(let token, "counter-1", _)? = effects.first else {
            Issue.record("no load: \(effects)")
            return
        }
        let events = Fixtures.history().filter { $0.streamID == "counter-1" }
        _ = Explorer.update(&state, .streamEventsLoaded(token: token, stream: "counter-1", events: events, total: 4))
        #expect(state.inspector.aggregate?.selectedEvent?.version == 3)
        #expect(state.screenText.contains("\"count\": 2  was 1"))
        state.press(.escape)
        #expect(state.inspector.aggregate == nil)
    }

    @Test func eventDetailShowsMetadataAndMarksUnknownAndUndecodableEvents() {
        var state = Fixtures.state(size: Size(width: 120, height: 40))
        var b = EventBuilder()
        let correlation = Fixtures.uuid(77)
        b.add("counter-1", "counter.created", "{}", metadata: EventMetadata(correlationID: correlation, causationID: Fixtures.uuid(78), custom: ["user": "ada"]))
        b.add("counter-1", "counter.exploded", #"{"boom":true}"#)
        b.add("counter-1", "counter.incremented", #"{"count":"many"}"#)
        _ = Explorer.update(&state, .tailEvents(b.events, dropped: 0))
        state.press(.char("2"), .char("g"))
        var screen = state.screenText
        #expect(screen.contains("✓ decoded"))
        #expect(screen.contains("00000000-0000-4000-8000-000000000077"))
        #expect(screen.contains("00000000-0000-4000-8000-000000000078"))
        #expect(screen.contains("user        ada"))
        #expect(screen.contains("recorded at 2026-01-02 03:04:06.000Z"))
        state.press(.char("j"))
        screen = state.screenText
        #expect(screen.contains("UNKNOWN TYPE — shown raw"))
        #expect(screen.contains("\"boom\": true"))
        state.press(.char("j"))
        #expect(state.screenText.contains("UNDECODABLE"))
    }

    @Test func escapeSequencesInEventDataAreShownEscapedNeverRaw() {
        var state = Fixtures.state(size: Size(width: 120, height: 40))
        var b = EventBuilder()
        b.add("account-1", "account.opened", "{\"owner\":\"\\u001b[31mred\\u001b]0;pwned\\u0007\"}")
        b.add("account-1", "weird.bytes", "not json \u{1B}[2J\u{9B}31m")
        _ = Explorer.update(&state, .tailEvents(b.events, dropped: 0))
        state.press(.char("2"), .char("g"))
        let screen = Explorer.view(state).buffer
        let text = screen.lines.joined(separator: "\n")
        #expect(text.contains(#""owner": "\u001b[31mred\u001b]0;pwned\u0007""#))
        state.press(.char("j"))
        let raw = Explorer.view(state).buffer.lines.joined(separator: "\n")
        #expect(raw.contains("not json ␛[2J␛[31m"))
        for line in screen.lines + Explorer.view(state).buffer.lines {
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) })
        }
    }
}

@Suite("Inspector: long streams fold in the background")
struct LongStreamFoldTests {
    static func longCounter(_ count: Int) -> [RecordedEvent] {
        var b = EventBuilder()
        b.add("counter-big", "counter.created", "{}")
        for i in 1..<count { b.add("counter-big", "counter.incremented", "{\"count\":\(i)}") }
        return b.events
    }

    static func fold(_ events: ArraySlice<RecordedEvent>) -> FoldedState {
        let catalog = Fixtures.config().catalog
        return catalog.aggregates["counter"]!.fold(Array(events), codec: catalog.codec)
    }

    @Test func timeTravelOnALongStreamNeverFoldsInTheUpdate() {
        let events = Self.longCounter(1_500)
        var state = Fixtures.state(size: Size(width: 120, height: 40))
        let token = state.takeToken()
        state.inspector.aggregate = AggregateView(stream: "counter-big", token: token)
        state.focus = .inspector
        let first = Explorer.update(&state, .streamEventsLoaded(token: token, stream: "counter-big", events: events, total: 1_500))
        #expect(first == [.foldAggregate(token: token, stream: "counter-big", version: 1_500)])
        #expect(state.screenText.contains("folding the state at v1500…"))

        // Moving while a fold runs asks for nothing more…
        #expect(state.press(.char("h"), .char("h")).isEmpty)
        // …and when it returns for a version no longer selected, the selected one is asked for.
        let next = Explorer.update(&state, .aggregateFolded(token: token, version: 1_500, now: Self.fold(events[...]), before: Self.fold(events[..<1_499])))
        #expect(next == [.foldAggregate(token: token, stream: "counter-big", version: 1_498)])
        _ = Explorer.update(&state, .aggregateFolded(token: token, version: 1_498, now: Self.fold(events[...1_497]), before: Self.fold(events[..<1_497])))
        #expect(state.inspector.aggregate?.folded?.version == 1_498)
        #expect(state.screenText.contains("\"count\": 1497"))
        #expect(state.screenText.contains("was 1496"))
    }
}

@Suite("Inspector: scrolling an event")
struct EventScrollTests {
    @Test func scrollingStopsAtTheEndOfTheText() {
        var state = Fixtures.state()
        var b = EventBuilder()
        let fields = (0..<30).map { "\"field\($0)\":\($0)" }.joined(separator: ",")
        b.add("account-1", "account.opened", "{\(fields)}")
        _ = Explorer.update(&state, .tailEvents(b.events, dropped: 0))
        state.press(.char("3"), .char("G"))
        let bottom = state.inspector.scroll
        #expect(bottom > 0)
        #expect(state.screenText.contains("\"field29\": 29"), "the last field shows at the bottom")
        state.press(.char("k"))
        #expect(state.inspector.scroll == bottom - 1)
        state.press(.char("g"))
        #expect(state.inspector.scroll == 0)
        #expect(state.screenText.contains("account.opened  ⚠ UNDECODABLE"))
    }
}

@Suite("Inspector: scrolling versions")
struct VersionScrollTests {
    @Test func theVersionListScrollsLikeAList() {
        let events = LongStreamFoldTests.longCounter(300)
        var state = Fixtures.state()
        let token = state.takeToken()
        state.inspector.aggregate = AggregateView(stream: "counter-big", token: token)
        state.focus = .inspector
        _ = Explorer.update(&state, .streamEventsLoaded(token: token, stream: "counter-big", events: events, total: 300))
        #expect(state.screenText.contains("▶v300"))
        // Going up within the visible window does not scroll; going past its top does.
        let offset = state.inspector.aggregate!.list.offset
        state.press(.char("k"), .char("k"))
        #expect(state.inspector.aggregate!.list.offset == offset)
        #expect(state.screenText.contains("▶v298"))
        #expect(state.screenText.contains(" v300"))
        state.press(.char("g"))
        #expect(state.inspector.aggregate!.list.offset == 0)
        #expect(state.screenText.contains("▶v1   created"))
    }
}
