import EventScope
import Foundation
import EventScopeTerminalUI
import Testing
@testable import EventScopeExplorer
/// Whole screens through the test backend, compared with `Golden/*.txt`
/// (`UPDATE_GOLDENS=1` rewrites them on purpose).
@Suite("Golden screens")
struct GoldenScreenTests {
    static let small = Size(width: 80, height: 24)
    static let large = Size(width: 160, height: 48)

    /// Draws `state` through a ``Terminal`` on a ``TestBackend`` and returns the flushed screen.
    static func drawn(_ state: ExplorerState) async -> String {
        let backend = TestBackend(size: state.size)
        var terminal = Terminal(backend: backend)
        await terminal.draw { frame in Explorer.draw(state, into: &frame) }
        return backend.lastFrame?.lines.joined(separator: "\n") ?? ""
    }

    static func withCommands(_ size: Size) -> ExplorerState {
        var state = Fixtures.loaded(size: size)
        state.press(.char(":"))
        state.type("increment counter-1")
        state.press(.enter)
        var b = EventBuilder(start: 8)
        b.versions["counter-1"] = 4
        b.add("counter-1", "counter.incremented", #"{"count":4}"#, at: 61)
        _ = Explorer.update(&state, .commandFinished(id: 1, outcome: .accepted(CommandResult(streamID: "counter-1", version: 5, events: b.events)), latency: .microseconds(1_840)))
        _ = Explorer.update(&state, .tailEvents(b.events, dropped: 0))
        state.press(.char(":"))
        state.type("withdraw account-7 amount=500")
        state.press(.enter)
        _ = Explorer.update(&state, .commandFinished(id: 2, outcome: .rejected(.refused("insufficient funds: balance is 30, cannot withdraw 500")), latency: .microseconds(420)))
        state.press(.char("3"), .escape, .char("2"))  // close the aggregate the first command opened
        return state
    }

    @Test func overview80x24() async throws {
        try Golden.check(await Self.drawn(Fixtures.loaded(size: Self.small)), named: "overview-80x24")
    }

    @Test func overview160x48() async throws {
        try Golden.check(await Self.drawn(Fixtures.loaded(size: Self.large)), named: "overview-160x48")
    }

    @Test func timeTravel80x24() async throws {
        var state = InspectorTests.withAccountOpen(size: Self.small)
        state.press(.char("h"), .char("h"))
        try Golden.check(await Self.drawn(state), named: "time-travel-80x24")
    }

    @Test func timeTravel160x48() async throws {
        var state = InspectorTests.withAccountOpen(size: Self.large)
        state.press(.char("h"))
        try Golden.check(await Self.drawn(state), named: "time-travel-160x48")
    }

    @Test func pausedWithCommandLog80x24() async throws {
        var state = Self.withCommands(Self.small)
        state.press(.char("2"), .char("p"))
        var b = EventBuilder(start: 9)
        b.add("counter-8", "counter.created", "{}", at: 62)
        b.add("counter-8", "counter.incremented", #"{"count":1}"#, at: 63)
        _ = Explorer.update(&state, .tailEvents(b.events, dropped: 0))
        try Golden.check(await Self.drawn(state), named: "paused-commands-80x24")
    }

    @Test func commandLineCompletion80x24() async throws {
        var state = Fixtures.loaded(size: Self.small)
        state.press(.char(":"))
        state.type("increment ")
        state.press(.tab)
        try Golden.check(await Self.drawn(state), named: "command-line-80x24")
    }

    @Test func form160x48() async throws {
        var state = Fixtures.loaded(size: Self.large)
        state.press(.char("1"), .down, .char("c"), .tab, .tab)  // opens on deposit (account-7 is open), on the command row
        state.type("ten")
        state.press(.enter)
        try Golden.check(await Self.drawn(state), named: "form-160x48")
    }

    @Test func help160x48() async throws {
        var state = Fixtures.loaded(size: Self.large)
        state.press(.char("?"))
        try Golden.check(await Self.drawn(state), named: "help-160x48")
    }

    @Test func demoTraffic160x48() async throws {
        var state = Self.withCommands(Self.large)
        state.press(.char("D"))
        let counters: [StreamID] = (0..<4).map { StreamID("counter-demo-\($0)") }
        for (i, rate) in [800.0, 1_900, 2_400, 2_350, 2_500].enumerated() {
            _ = Explorer.update(&state, .trafficProgress(TrafficProgress(clients: 8, streams: counters, acknowledged: 1_000 * (i + 1), failed: 0, conflictsRetried: 12 * i, resident: 4, perSecond: rate, elapsed: .seconds(i + 1))))
        }
        try Golden.check(await Self.drawn(state), named: "demo-running-160x48")
        state.press(.char("D"))
        let rows = counters.map { LossCheck.Row(stream: $0, acknowledged: 1_250, stored: 1_250) }
        _ = Explorer.update(&state, .trafficFinished(TrafficVerdict(check: LossCheck(rows: rows), conflictsRetried: 61, elapsed: .seconds(6))))
        try Golden.check(await Self.drawn(state), named: "demo-finished-160x48")
    }

    @Test func tooSmall() async throws {
        try Golden.check(await Self.drawn(Fixtures.loaded(size: Size(width: 50, height: 12))), named: "too-small-50x12")
    }

    @Test func storeDown80x24() async throws {
        var state = Fixtures.loaded(size: Self.small)
        _ = Explorer.update(&state, .storeFailed("Redis at localhost:6379 is not answering (connection refused); is redis-server running?"))
        try Golden.check(await Self.drawn(state), named: "store-down-80x24")
    }
}
