import EventScopeDemo
import EventScope
import Foundation
import EventScopeTerminalUI
import Testing
@testable import EventScopeExplorer
@Suite("Explorer as a whole")
struct AppTests {
    @Test(arguments: [Key.char("q"), Key.ctrl("c")])
    func quitKeysQuit(key: Key) {
        var state = Fixtures.loaded()
        #expect(state.press(key) == [.quit])
        #expect(state.quitting)
    }

    @Test func ctrlCQuitsEvenFromTheCommandLine() {
        var state = Fixtures.loaded()
        state.press(.char(":"))
        state.type("incr")
        #expect(state.press(.ctrl("c")) == [.quit])
    }

    @Test func qInTheCommandLineIsJustALetter() {
        var state = Fixtures.loaded()
        state.press(.char(":"))
        #expect(state.press(.char("q")).isEmpty)
        #expect(state.commandInput.text == "q")
    }

    @Test func tabAndShiftTabMoveBetweenPanesAndZoomFillsTheScreen() {
        var state = Fixtures.loaded()
        #expect(state.focus == .events)
        state.press(.tab)
        #expect(state.focus == .inspector)
        state.press(.tab, .tab)
        #expect(state.focus == .aggregates)
        state.press(.backTab)
        #expect(state.focus == .commandLog)
        state.press(.char("1"), .char("z"))
        let zoomed = state.screenText
        #expect(zoomed.contains("Aggregates"))
        #expect(!zoomed.contains("Live events"))
        state.press(.char("z"))
        #expect(state.screenText.contains("Live events"))
    }

    @Test func viKeysAndArrowsMoveAlike() {
        var a = Fixtures.loaded()
        var b = Fixtures.loaded()
        a.press(.char("1"), .char("j"), .char("j"), .char("k"))
        b.press(.char("1"), .down, .down, .up)
        #expect(a.aggregates.list.selected == 1)
        #expect(b.aggregates.list.selected == 1)
    }

    @Test func resizeRelaysOutAndATinyTerminalGetsANotice() {
        var state = Fixtures.loaded()
        state.press(.resize(Size(width: 50, height: 12)))
        let tiny = state.screenText
        #expect(tiny.contains("Terminal too small"))
        #expect(tiny.contains("50×12, need 60×16"))
        state.press(.resize(Size(width: 100, height: 30)))
        let lines = state.screenLines
        #expect(lines.count == 30)
        #expect(lines[0].count == 100)
        #expect(state.screenText.contains("Live events"))
    }

    @Test(arguments: [(60, 16), (80, 24), (81, 25), (100, 30), (160, 48), (250, 70)])
    func everySizeDrawsEveryPane(width: Int, height: Int) {
        var state = Fixtures.loaded(size: Size(width: width, height: height))
        state.press(.char("1"), .enter)
        let text = state.screenText
        for title in ["Aggregates", "Live events", "counter-1", "Command log"] {
            #expect(text.contains(title), "\(title) at \(width)x\(height)")
        }
    }

    @Test func helpIsGeneratedFromTheKeyTable() {
        // Tall enough for the whole help, overlay keys included.
        var state = Fixtures.loaded(size: Size(width: 120, height: 120))
        state.press(.char("?"))
        let text = state.screenText
        for binding in state.keyMap.bindings {
            #expect(text.contains(binding.help), "help lists \(binding.help)")
        }
        state.press(.escape)
        #expect(state.overlay == nil)
    }

    @Test func readOnlyHidesEveryWayToWrite() {
        var state = Fixtures.loaded(size: Size(width: 160, height: 60), readOnly: true)
        #expect(state.press(.char(":")).isEmpty)
        #expect(state.overlay == nil)
        #expect(state.press(.char("c")).isEmpty)
        #expect(state.press(.char("D")).isEmpty)
        #expect(state.press(.char("S")).isEmpty)
        #expect(state.overlay == nil)
        #expect(!state.keyMap.bindings.contains { $0.writes })
        let text = state.screenText
        #expect(text.contains("READ-ONLY"))
        #expect(!text.contains("[:] cmd"))
        state.press(.char("?"))
        #expect(!state.screenText.contains("Command form"))
    }

    @Test func anEmptyStoreOffersSeeding() {
        var state = Fixtures.state()
        _ = Explorer.update(&state, .statsLoaded(StoreStats(eventCount: 0, streamCount: 0, headPosition: .start)))
        #expect(state.screenText.contains("This store has no events yet."))
        #expect(state.press(.char("y")) == [.seed])
        _ = Explorer.update(&state, .statsLoaded(StoreStats(eventCount: 0, streamCount: 0, headPosition: .start)))
        #expect(state.overlay == nil, "offered once")
        let effects = Explorer.update(&state, .seedFinished(.success("seeded 3 counters")))
        #expect(effects.contains(.refreshStats))
        #expect(state.notice?.text == "seeded 3 counters")
    }

    @Test func readOnlyDoesNotOfferSeeding() {
        var state = Fixtures.state(readOnly: true)
        _ = Explorer.update(&state, .statsLoaded(StoreStats(eventCount: 0, streamCount: 0, headPosition: .start)))
        #expect(state.overlay == nil)
    }

    @Test func storeErrorsShowInTheStatusBarUntilTheStoreIsBack() {
        var state = Fixtures.loaded()
        _ = Explorer.update(&state, .storeFailed("database is locked: /tmp/demo.sqlite"))
        let last = state.screenLines.last ?? ""
        #expect(last.contains("⚠ store: database is locked: /tmp/demo.sqlite"))
        #expect(state.press(.char("j")).isEmpty || true, "keys still work")
        let effects = Explorer.update(&state, .storeRecovered)
        #expect(state.storeError == nil)
        #expect(effects.contains(.refreshStats))
        #expect(!(state.screenLines.last ?? "").contains("⚠"))
    }

    @Test func mouseClicksSelectOnlyWhenEnabled() {
        var config = Fixtures.config()
        config.mouse = true
        var state = ExplorerState(config: config, size: Size(width: 80, height: 24), now: Fixtures.date(0))
        _ = Explorer.start(&state)
        _ = Explorer.update(&state, .streamsLoaded(token: state.aggregates.pendingToken!, page: Fixtures.streams(Fixtures.history()), hasMore: false))
        // Row 0 header, row 1 top border, row 2 table header, rows 3… the aggregates.
        state.press(.mouse(MouseEvent(kind: .click(.left), position: Position(x: 5, y: 5))))
        #expect(state.focus == .aggregates)
        #expect(state.aggregates.selected?.streamID == "counter-2")
        state.press(.mouse(MouseEvent(kind: .wheelUp, position: Position(x: 5, y: 5))))
        #expect(state.aggregates.list.selected == 0)

        var off = Fixtures.loaded()
        off.press(.mouse(MouseEvent(kind: .click(.left), position: Position(x: 5, y: 5))))
        #expect(off.focus == .events, "ignored without --mouse")
    }

    @Test func demoTrafficShowsThroughputConflictsAndTheFinalCheck() {
        var state = Fixtures.loaded(size: Size(width: 160, height: 48))
        #expect(state.press(.char("D")) == [.startTraffic])
        let counters: [StreamID] = ["counter-demo-0", "counter-demo-1"]
        _ = Explorer.update(&state, .trafficProgress(TrafficProgress(clients: 8, streams: counters, acknowledged: 1_200, failed: 0, conflictsRetried: 37, resident: 4, perSecond: 2_400, elapsed: .seconds(2))))
        var text = state.screenText
        #expect(text.contains("1,200 acked · 2.4k/s"))
        #expect(text.contains("conflicts retried 37"))
        #expect(text.contains("aggregates in memory 4"))
        #expect(text.contains("pace full speed · + faster · - slower"))
        #expect(state.press(.char("D")) == [.stopTraffic])
        #expect(state.press(.char("D")).isEmpty, "already stopping")
        let verdict = TrafficVerdict(check: LossCheck(rows: [.init(stream: counters[0], acknowledged: 600, stored: 600), .init(stream: counters[1], acknowledged: 600, stored: 600)]), conflictsRetried: 40, elapsed: .seconds(3))
        _ = Explorer.update(&state, .trafficFinished(verdict))
        text = state.screenText
        #expect(text.contains("✓ No update lost"))
        #expect(text.contains("1,200 acked = 1,200 stored"))
        #expect(!state.traffic.running)
    }

    @Test func aLostUpdateIsReportedLoudly() {
        var state = Fixtures.loaded(size: Size(width: 160, height: 48))
        state.press(.char("D"))
        let verdict = TrafficVerdict(check: LossCheck(rows: [.init(stream: "counter-demo-0", acknowledged: 10, stored: 9)]), conflictsRetried: 0, elapsed: .seconds(1))
        _ = Explorer.update(&state, .trafficFinished(verdict))
        #expect(state.screenText.contains("✗ 1 updates LOST"))
        #expect(state.notice?.level == .error)
    }
}

@Suite("Explorer: what shows without colours and where the cursor is")
struct StyleAndCursorTests {
    /// The style of the first cell of `text` on the screen.
    static func style(of text: String, in screen: Screen) -> Style? {
        for (y, line) in screen.buffer.lines.enumerated() {
            guard let range = line.range(of: text) else { continue }
            let x = line.distance(from: line.startIndex, to: range.lowerBound)
            return screen.buffer[x, y].style
        }
        return nil
    }

    @Test func badgeSelectionAndErrorsStayVisibleWithNoColor() throws {
        var state = Fixtures.loaded()
        state.press(.char("2"), .char("p"), .char("k"))
        let screen = Explorer.view(state)
        for text in ["PAUSED +0 new", "▶  7"] {
            let style = try #require(Self.style(of: text, in: screen), "\(text) on screen")
            #expect(style.downgraded(to: .none).modifiers.contains(.reverse), "\(text) is reversed without colours")
        }
        _ = Explorer.update(&state, .storeFailed("database is locked"))
        let error = try #require(Self.style(of: "⚠ store", in: Explorer.view(state)))
        #expect(error.downgraded(to: .none).modifiers.contains(.reverse))
    }

    @Test func theCursorSitsInTheCommandLineWhileTyping() {
        var state = Fixtures.loaded()
        #expect(Explorer.view(state).cursor == nil)
        state.press(.char(":"))
        state.type("incr")
        #expect(Explorer.view(state).cursor == Position(x: 5, y: 23))
        state.press(.left)
        #expect(Explorer.view(state).cursor == Position(x: 4, y: 23))
    }
}

@Suite("Explorer: Esc typed quickly before a key")
struct QuickEscapeTests {
    @Test func altKeyOutsideTextFieldsIsEscThenTheKey() {
        var state = Fixtures.loaded()
        state.press(.char("?"))
        state.press(.alt("1"))
        #expect(state.overlay == nil, "Esc closed the help")
        #expect(state.focus == .aggregates, "then 1 focused the aggregates")
    }
}

@Suite("Explorer: help lists every key in full")
struct HelpKeysTests {
    @Test func everyKeyOfEveryBindingIsShown() {
        let keyMap = KeyMap(readOnly: false, demo: DemoCatalog.demo)
        for binding in keyMap.bindings {
            let lines = Explorer.helpLines(keyMap).map(\.plainText)
            #expect(lines.contains { $0.contains(binding.keyLabel) && $0.contains(binding.help) }, "\(binding.keyLabel): \(binding.help)")
        }
    }
}
