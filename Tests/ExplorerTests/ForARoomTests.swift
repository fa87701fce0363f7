import EventScope
import Foundation
import EventScopeTerminalUI
import Testing
@testable import EventScopeExplorer
/// Issue 14, "for a room": what a presenter needs in front of people.
@Suite("The explorer in front of a room")
struct ForARoomTests {
    static func progress() -> TrafficProgress {
        TrafficProgress(clients: 8, streams: ["counter-demo-1"], acknowledged: 10, failed: 0, conflictsRetried: 1, resident: 1, perSecond: 5, elapsed: .seconds(2))
    }

    @Test("+ and - change the demo traffic's pace while it runs, and the pace is on screen")
    func trafficHasAPace() {
        var state = Fixtures.loaded(size: Size(width: 160, height: 48))
        state.press(.char("D"))
        _ = Explorer.update(&state, .trafficProgress(Self.progress()))
        #expect(state.screenText.contains("pace full speed"))
        #expect(state.press(.char("-")) == [.setTrafficPace(perSecond: 1_000)])
        state.press(.char("-"), .char("-"), .char("-"), .char("-"))
        #expect(state.press(.char("-")) == [.setTrafficPace(perSecond: 2)])
        #expect(state.screenText.contains("pace 2 commands/s"))
        #expect(state.press(.char("+")) == [.setTrafficPace(perSecond: 5)])
        // Stopped and started again: the pace is kept.
        state.press(.char("D"))
        _ = Explorer.update(&state, .trafficFinished(TrafficVerdict(check: LossCheck(rows: []), conflictsRetried: 0, elapsed: .seconds(1))))
        #expect(state.press(.char("D")) == [.startTraffic, .setTrafficPace(perSecond: 5)])
    }

    @Test("step mode freezes the aggregates list and the inspector until the next step")
    func stepFreezesEveryPane() {
        var state = Fixtures.loaded(size: Size(width: 120, height: 40))
        state.press(.char("2"), .char("n"))
        var b = EventBuilder()
        b.start = 8
        b.add("counter-9", "counter.created", "{}")
        b.add("counter-8", "counter.created", "{}")
        _ = Explorer.update(&state, .tailEvents(b.events, dropped: 0))
        #expect(!state.aggregates.rows.contains { $0.streamID == "counter-9" }, "the list does not run ahead of the stepped event")
        state.press(.char("n"))
        #expect(state.tail.selected?.streamID == "counter-9")
        #expect(state.aggregates.rows.first?.streamID == "counter-9", "the step shows its event in the list")
        #expect(!state.aggregates.rows.contains { $0.streamID == "counter-8" })
        state.press(.char("G"))
        #expect(state.aggregates.rows.first?.streamID == "counter-8", "following again catches the list up")
    }

    @Test("the no-loss box zooms to the whole screen, closes, and gives the command log its rows back")
    func verdictBoxZoomsAndCloses() {
        var state = Fixtures.loaded(size: Size(width: 160, height: 48))
        state.press(.char("D"))
        let row = LossCheck.Row(stream: "counter-demo-1", acknowledged: 10, stored: 10)
        _ = Explorer.update(&state, .trafficFinished(TrafficVerdict(check: LossCheck(rows: [row]), conflictsRetried: 3, elapsed: .seconds(5), failed: 1)))
        let logHeight = ScreenLayout.compute(state).commandLog.height
        state.press(.char("V"))
        let zoomed = ScreenLayout.compute(state)
        #expect(zoomed.traffic.height == 48 - 2, "the box fills the screen between header and status line")
        let text = state.screenText
        #expect(text.contains("✓ No update lost"))
        #expect(text.contains("10 acked = 10 stored + 0 lost · 1 failed"))
        #expect(text.contains("conflicts retried 3"))
        state.press(.escape)
        #expect(!state.traffic.isVisible)
        #expect(ScreenLayout.compute(state).commandLog.height > logHeight, "the log has its rows back")
        state.press(.char("V"))
        #expect(state.traffic.isVisible, "V shows it again")
    }

    @Test("the selection is reverse video, visible on light themes and projectors")
    func selectionIsReverseVideo() {
        var state = Fixtures.loaded(size: Size(width: 120, height: 40))
        state.press(.char("1"))
        let buffer = Explorer.view(state).buffer
        let row = buffer.lines.firstIndex { $0.contains("▶counter-1") }!
        let x = buffer.lines[row].distance(from: buffer.lines[row].startIndex, to: buffer.lines[row].firstIndex(of: "▶")!)
        #expect(buffer[x + 2, row].style.modifiers.contains(.reverse))
        #expect(buffer[x + 2, row].style.background == nil)
    }

    @Test("plain words: in memory, 1 changed, 3 of 5,000 streams")
    func plainWords() {
        var state = Fixtures.loaded(size: Size(width: 120, height: 40))
        #expect(state.screenText.contains("in memory"))
        #expect(!state.screenText.contains("resident"))
        _ = Explorer.update(&state, .statsLoaded(StoreStats(eventCount: 50_000, streamCount: 5_000, headPosition: 50_000)))
        state.aggregates.hasMore = true
        #expect(state.screenText.contains("Aggregates 3 of 5,000"))
        state.press(.char("1"), .enter)
        #expect(!state.screenText.contains("~"))
    }

    @Test("c opens on a command valid for the aggregate's state, on the command row")
    func formOpensOnAnApplicableCommand() {
        var state = Fixtures.loaded(size: Size(width: 120, height: 40))
        // counter-1 is listed first: it exists, so increment (create would be refused).
        state.press(.char("1"), .char("c"))
        guard case .form(let counter)? = state.overlay else { Issue.record("no form"); return }
        #expect(counter.command.name == "increment")
        #expect(counter.focus == 0)
        state.press(.escape)
        // Opened in the inspector with its state: account-7 (balance 30) gets deposit.
        let opened = state.press(.down, .enter)
        guard case .loadStreamEvents(let token, _, _)? = opened.first else { Issue.record("not opened: \(opened)"); return }
        let events = Fixtures.history().filter { $0.streamID == "account-7" }
        _ = Explorer.update(&state, .streamEventsLoaded(token: token, stream: "account-7", events: events, total: 3))
        #expect(state.inspector.aggregate?.folded?.known == true)
        state.press(.char("c"))
        guard case .form(let account)? = state.overlay else { Issue.record("no form"); return }
        #expect(account.command.name == "deposit")
        #expect(account.stream.text == "account-7")
    }
}

/// Columns give way in the right order (EventColumns).
@Suite("The live events' columns")
struct EventColumnsTests {
    /// Demo traffic as it looks on a big store: six-digit positions, demo counter ids.
    static func state(width: Int) -> ExplorerState {
        var state = Fixtures.state(size: Size(width: width, height: 30))
        var b = EventBuilder()
        b.start = 123_400
        for i in 0..<20 { b.add("counter-demo-\(80 + i % 4)", "counter.incremented", #"{"count":\#(1_000 + i)}"#) }
        _ = Explorer.update(&state, .tailEvents(b.events, dropped: 0))
        return state
    }

    static func newestRow(_ state: ExplorerState) -> String {
        state.screenLines.first { $0.contains("123420") } ?? ""
    }

    @Test("at 100 columns the time and the data stay visible, the type whole")
    func hundredColumns() {
        let row = Self.newestRow(Self.state(width: 100))
        #expect(row.contains("counter-demo-83"))
        #expect(row.contains("counter.incremented"))
        #expect(row.contains(Format.time(Fixtures.date(123_420))), "time: \(row)")
        #expect(row.contains(#"{"count"#), "data: \(row)")
    }

    @Test("at 160 columns nothing is cut: the stream column has no blank space to spare")
    func wide() {
        let row = Self.newestRow(Self.state(width: 160))
        #expect(row.contains("counter-demo-83 ") && row.contains("counter.incremented ") && row.contains(#"{"count":1019}"#), "\(row)")
        #expect(!row.contains("…"))
    }

    @Test("at 60 columns a row still reads: position, stream, version and type")
    func sixtyColumns() {
        let row = Self.newestRow(Self.state(width: 60))
        #expect(row.contains("123420"))
        #expect(row.contains("v5"))
        #expect(row.contains("counter."), "\(row)")
        #expect(row.contains("demo-83"), "the end of the stream id, which tells streams apart: \(row)")
    }

    @Test("the plan: data narrows, then time goes, then data, then the stream is cut, then the type")
    func order() {
        // position 6, version 6, stream 15, type 19: the core is 49 with its spacing, 50 with the marker.
        let full = EventColumns.plan(width: 100, position: 6, version: 6, stream: 15, type: 19)
        #expect(full.time == 8 && full.data == 100 - 50 - 9 - 1)
        let noTime = EventColumns.plan(width: 64, position: 6, version: 6, stream: 15, type: 19)
        #expect(noTime.time == 0 && noTime.data >= 6 && noTime.stream == 15 && noTime.type == 19)
        let noData = EventColumns.plan(width: 54, position: 6, version: 6, stream: 15, type: 19)
        #expect(noData.time == 0 && noData.data == 0 && noData.stream == 15 && noData.type == 19)
        let cut = EventColumns.plan(width: 40, position: 6, version: 6, stream: 15, type: 19)
        #expect(cut.stream == 8 && cut.type == 19 - (50 - 40 - 7))
    }
}

extension EventColumnsTests {
    @Test("a narrow aggregates list cuts long ids at the front, keeping what tells them apart")
    func narrowAggregatesKeepTheEndOfTheId() {
        var state = Self.state(width: 60)
        let rows = (1_540..<1_550).map { StreamInfo(streamID: StreamID("counter-demo-\($0)"), version: 1_000, lastPosition: GlobalPosition(Int64($0)), lastUpdated: Fixtures.date(0), lastEventType: "counter.incremented") }
        _ = Explorer.update(&state, .streamsLoaded(token: state.aggregates.pendingToken!, page: rows, hasMore: false))
        #expect(state.screenText.contains("▶…emo-1540"), "\(state.screenText)")
    }
}
