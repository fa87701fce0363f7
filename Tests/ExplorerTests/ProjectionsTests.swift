import EventScope
import Foundation
import EventScopeTerminalUI
import Testing
@testable import EventScopeExplorer
@Suite("Projections view")
struct ProjectionsTests {
    private func statuses(_ phase: HandlerStatus.Phase = .running) -> [HandlerStatus] {
        var counters = HandlerStatus(name: "counters", phase: phase, position: 40, head: 42)
        counters.keeper = HandlerKeeper(pid: 7, host: "here")
        return [counters, HandlerStatus(name: "accounts", phase: .running, position: 42, head: 42)]
    }

    @Test("P opens the view and loads the selected read model; p pauses it, and again resumes once paused")
    func openAndPause() {
        var state = Fixtures.loaded()
        _ = Explorer.update(&state, .handlersUpdated(statuses()))
        let opened = Explorer.update(&state, .key(.char("P")))
        #expect(state.projections.isOpen)
        #expect(opened == [.loadReadModel(token: state.nextToken - 1, name: "counters", limit: Explorer.readModelRowLimit)])
        #expect(Explorer.update(&state, .key(.char("p"))) == [.controlHandler(name: "counters", .pause)])
        _ = Explorer.update(&state, .handlersUpdated(statuses(.paused)))
        #expect(Explorer.update(&state, .key(.char("p"))) == [.controlHandler(name: "counters", .resume)])
        // j selects the next handler and loads its rows; skip on a handler that has not failed says so.
        _ = Explorer.update(&state, .key(.char("j")))
        #expect(state.projections.selected?.name == "accounts")
        #expect(Explorer.update(&state, .key(.char("s"))).isEmpty)
        #expect(state.notice?.text.contains("has not failed") == true)
        _ = Explorer.update(&state, .key(.escape))
        #expect(!state.projections.isOpen)
    }

    @Test("rows that changed since the last load are marked; the view shows the check and the failure")
    func changedRowsAndFailure() {
        var state = Fixtures.loaded()
        state.size = Size(width: 120, height: 36)
        var failed = statuses(.failed)
        failed[0].failure = HandlerFailure(position: 41, stream: "counter-7", eventType: "counter.incremented", message: "no such table: counters")
        _ = Explorer.update(&state, .handlersUpdated(failed))
        _ = Explorer.update(&state, .key(.char("P")))
        func table(_ count: String) -> ReadModelTable {
            ReadModelTable(
                name: "counters", summary: "one row per counter", columns: ["counter", "count", "version"],
                rows: [ReadModelRow(key: "7", cells: ["7", count, "9"]), ReadModelRow(key: "8", cells: ["8", "1", "2"])],
                checkpoint: 40, check: ReadModelCheck(passed: false, summary: "Σ count 9 ≠ 8 increments"), skipped: [])
        }
        _ = Explorer.update(&state, .readModelLoaded(token: state.projections.pendingToken!, table("8")))
        #expect(state.projections.changedAt.isEmpty)
        _ = Explorer.update(&state, .handlersUpdated(failed))
        state.projections.pendingToken = 99
        _ = Explorer.update(&state, .readModelLoaded(token: 99, table("9")))
        #expect(Set(state.projections.changedAt.keys) == ["7"])
        let text = Explorer.view(state).buffer.lines.joined(separator: "\n")
        #expect(text.contains("FAILED at #41"))
        #expect(text.contains("counters stopped at #41 counter.incremented on counter-7"))
        #expect(text.contains("no such table: counters"))
        #expect(text.contains("✗ Σ count 9 ≠ 8 increments"))
        #expect(text.contains("◀ changed"))
        #expect(Explorer.update(&state, .key(.char("t"))) == [.controlHandler(name: "counters", .retry)])
    }

    @Test("read-only, the view says the read models are kept in memory (the store is not written); otherwise where they are")
    func whereTheReadModelsAreKept() {
        for (readOnly, place) in [(true, "in memory: read-only (rebuilt from the store at each start; nothing is written)"), (false, "in sqlite:/tmp/demo.sqlite (the store's own file)")] {
            var config = Fixtures.config(readOnly: readOnly)
            config.readModelsWhere = place
            var state = ExplorerState(config: config, size: Size(width: 120, height: 36), now: Fixtures.date(0))
            _ = Explorer.start(&state)
            _ = Explorer.update(&state, .handlersUpdated(statuses()))
            _ = Explorer.update(&state, .key(.char("P")))
            let text = Explorer.view(state).buffer.lines.joined(separator: "\n")
            #expect(text.contains("read models kept " + place), "\(text)")
            #expect(text.contains("counters") && text.contains("accounts"))
        }
    }
}
