import EventScope
import EventScopeExplorer
import EventScopeTerminalUI
import Foundation
import Testing

/// The causality X-ray (`x`): what it asks the runner for, what it draws, where it leads.
@Suite("Causality X-ray")
struct XRayTests {
    static let correlation = UUID(uuidString: "11111111-2222-4333-8444-555555555555")!

    /// A counter event, then a transfer: requested (cli) → sent (process) → received (process).
    static func chain() -> [RecordedEvent] {
        var b = EventBuilder()
        b.add("counter-1", "counter.created", "{}", metadata: CommandOrigin.started(by: "cli", text: "create counter-1"))
        b.add("account-ada", "account.transfer-requested", #"{"amount":30,"to":"account-alan"}"#, at: 10,
              metadata: CommandOrigin.started(by: "cli", text: "transfer account-ada to=account-alan amount=30", commandID: correlation))
        let requested = b.events[1]
        b.add("account-ada", "account.transfer-sent", #"{"amount":30,"balance":90}"#, at: 10.012,
              metadata: EventMetadata(correlationID: correlation, causationID: requested.eventID, commandID: UUID(),
                                      custom: ["source": "process:transfers", "command": "send transfer from account-ada"]))
        let sent = b.events[2]
        b.add("account-alan", "account.transfer-received", #"{"amount":30,"balance":30}"#, at: 10.020,
              metadata: EventMetadata(correlationID: correlation, causationID: sent.eventID, commandID: UUID(),
                                      custom: ["source": "process:transfers", "command": "receive transfer into account-alan"]))
        return b.events
    }

    static func opened(size: Size = Size(width: 120, height: 30)) -> (ExplorerState, Int, [RecordedEvent]) {
        var state = Fixtures.state(size: size)
        let events = chain()
        _ = Explorer.update(&state, .tailEvents(events, dropped: 0))
        state.focus = .events
        state.press(.char("k"))  // the sent event (the newest is selected while following)
        let effects = state.press(.char("x"))
        guard case .traceEvent(let token, let id)? = effects.first else { Issue.record("no trace effect: \(effects)"); return (state, 0, events) }
        #expect(id == events[2].eventID)
        return (state, token, events)
    }

    @Test("x on an event asks for its trace and draws every hop in order, the times in ms, the opened event selected")
    func drawsTheTree() throws {
        var (state, token, events) = Self.opened()
        #expect(state.screenText.contains("reading the store"))
        let trace = CausalityTrace.assemble(Array(events[1...]), handlers: [TraceHandler(name: "transfers", checkpoint: 4, reactsTo: ["account.transfer-requested"])])
        _ = Explorer.update(&state, .traceLoaded(token: token, .success(trace)))
        let lines = state.screenLines
        let order = ["▶ cli: transfer account-ada to=account-alan amount=30", "#2 account-ada v1 account.transfer-requested",
                     "↳ process:transfers: send transfer from account-ada  +12 ms", "#3 account-ada v2 account.transfer-sent",
                     "↳ process:transfers: receive transfer into account-alan  +8.0 ms", "#4 account-alan v1 account.transfer-received"]
        let rows = order.map { needle in lines.firstIndex { $0.contains(needle) } }
        #expect(!rows.contains(nil), "\(state.screenText)")
        #expect(rows.compactMap { $0 } == rows.compactMap { $0 }.sorted())
        guard case .xray(let xray)? = state.overlay else { Issue.record("closed"); return }
        #expect(xray.selectedEvent?.eventID == events[2].eventID)
        #expect(!state.screenText.contains("pending"))
    }

    @Test("a pending step is drawn and reloaded every second until it is not; an answer to an older request is ignored")
    func pendingReloads() throws {
        var (state, token, events) = Self.opened()
        let behind = CausalityTrace.assemble(Array(events[1...2]), handlers: [TraceHandler(name: "transfers", checkpoint: 2, reactsTo: ["account.transfer-sent"])])
        _ = Explorer.update(&state, .traceLoaded(token: token, .success(behind)))
        #expect(state.screenText.contains("… pending: transfers has not reacted yet (its checkpoint is #2)"))
        #expect(Explorer.update(&state, .tick(Fixtures.date(0.5))).allSatisfy { if case .traceEvent = $0 { false } else { true } })
        let reload = Explorer.update(&state, .tick(Fixtures.date(1.2))).compactMap { effect -> Int? in
            if case .traceEvent(let t, _) = effect { return t } else { return nil }
        }
        #expect(reload.count == 1)
        // The old request's answer is stale; the new one replaces the tree.
        _ = Explorer.update(&state, .traceLoaded(token: token, .failure(ExplorerFailure("stale"))))
        #expect(!state.screenText.contains("stale"))
        let done = CausalityTrace.assemble(Array(events[1...]), handlers: [TraceHandler(name: "transfers", checkpoint: 4, reactsTo: ["account.transfer-sent"])])
        _ = Explorer.update(&state, .traceLoaded(token: reload[0], .success(done)))
        #expect(!state.screenText.contains("pending"))
        #expect(state.screenText.contains("account.transfer-received"))
        #expect(Explorer.update(&state, .tick(Fixtures.date(5))).allSatisfy { if case .traceEvent = $0 { false } else { true } })
    }

    @Test("Enter follows the selected event into the inspector; f filters the live events to the correlation; Esc closes")
    func followAndFilter() throws {
        var (state, token, events) = Self.opened()
        let trace = CausalityTrace.assemble(Array(events[1...]), handlers: nil)
        var full = trace
        full.correlationID = Self.correlation
        _ = Explorer.update(&state, .traceLoaded(token: token, .success(full)))
        state.press(.char("j"), .char("j"))
        guard case .xray(let xray)? = state.overlay else { Issue.record("closed"); return }
        #expect(xray.selectedEvent?.eventID == events[3].eventID)
        let effects = state.press(.enter)
        #expect(state.overlay == nil)
        #expect(state.focus == .inspector)
        #expect(effects.contains { if case .loadStreamEvents(_, let stream, _) = $0 { stream == "account-alan" } else { false } })

        state.press(.tab, .tab, .tab, .char("2"))
        state.press(.char("x"))
        guard case .xray(let again)? = state.overlay else { Issue.record("not open"); return }
        _ = Explorer.update(&state, .traceLoaded(token: again.token, .success(full)))
        state.press(.char("f"))
        #expect(state.overlay == nil)
        #expect(state.tail.shown.map(\.position) == [2, 3, 4])
        #expect(state.screenText.contains("correlation 11111111"))
        state.press(.char("x"), .escape)
        #expect(state.overlay == nil)
    }

    @Test("a store failure is said in the popup; x with no event selected says what to do")
    func failures() {
        var (state, token, _) = Self.opened()
        _ = Explorer.update(&state, .traceLoaded(token: token, .failure(ExplorerFailure("store down: connection refused"))))
        #expect(state.screenText.contains("⚠ store down: connection refused"))
        state.press(.escape)
        var empty = Fixtures.state(size: Size(width: 120, height: 30))
        #expect(empty.press(.char("x")).isEmpty)
        #expect(empty.overlay == nil)
        #expect(empty.screenText.contains("x: select an event first"))
    }

    @Test("the inspector shows correlation and causation as links; C follows the causation to the causing event, or says it dangles")
    func followCausation() throws {
        var state = Fixtures.state(size: Size(width: 150, height: 40))
        let events = Self.chain()
        _ = Explorer.update(&state, .tailEvents(events, dropped: 0))
        state.focus = .events
        // The received event (selected, the newest): caused by the sent one.
        let text = state.screenText
        #expect(text.contains("correlation \(Self.correlation.uuidString)  x X-ray"), "\(text)")
        #expect(text.contains("causation   \(events[2].eventID.uuidString)  C follows"), "\(text)")
        let effects = state.press(.char("C"))
        guard case .findEvent(let token, let id)? = effects.first else { Issue.record("no lookup: \(effects)"); return }
        #expect(id == events[2].eventID)
        let opened = Explorer.update(&state, .eventFound(token: token, id: id, .success(events[2])))
        #expect(state.focus == .inspector)
        #expect(opened.contains { if case .loadStreamEvents(_, let stream, _) = $0 { stream == "account-ada" } else { false } })
        #expect(state.notice?.text.contains("followed the causation to #3") == true)

        // A root event: caused by its command, not an event.
        state.press(.escape)
        #expect(state.inspector.aggregate == nil)
        state.focus = .events
        state.press(.char("g"), .char("j"))
        #expect(state.tail.selected?.position == 2)
        #expect(state.screenText.contains("its command, sent from cli"))
        #expect(state.press(.char("C")).isEmpty)
        #expect(state.notice?.text.contains("caused by its command (cli)") == true)

        // A causation id the store does not hold.
        state.press(.char("j"))
        let lookup = state.press(.char("C"))
        guard case .findEvent(let t, let missing)? = lookup.first else { Issue.record("no lookup"); return }
        _ = Explorer.update(&state, .eventFound(token: t, id: missing, .success(nil)))
        #expect(state.notice?.text == "dangling causation: no event \(missing.uuidString) in the store")
        #expect(state.notice?.level == .error)
    }
}
