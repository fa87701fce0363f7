import EventScope
import Foundation
import EventScopeTerminalUI

extension Explorer {
    static func handleKey(_ state: inout ExplorerState, _ key: Key) -> [ExplorerEffect] {
        switch key {
        case .resize(let size):
            state.size = size
            return []
        case .mouse(let event):
            return state.config.mouse ? handleMouse(&state, event) : []
        case .ctrl("c"):
            return perform(&state, .quit)
        case .alt(let c) where !isTyping(state):
            // Nothing is bound to Alt: it was Esc typed quickly before a key (terminals send
            // both as ESC + key), so handle it as the two keys.
            return handleKey(&state, .escape) + handleKey(&state, .char(c))
        default:
            break
        }
        if ScreenLayout.isTooSmall(state.size) {
            // Nothing can be seen: a key typed blind must not send, filter or move anything.
            // Only quitting works, as the screen says.
            return key == .char("q") ? perform(&state, .quit) : []
        }
        if state.overlay != nil { return handleOverlayKey(&state, key) }
        if state.projections.isOpen { return handleProjectionsKey(&state, key) }
        guard let action = state.keyMap.action(for: key, in: state.focus.context) else {
            if state.config.readOnly, let refused = KeyMap.writingBinding(for: key, in: state.focus.context) {
                setNotice(&state, readOnlyRefusal(key, refused.action), .error)
            } else if case .char(let c) = key, c != " " {
                // Say so, rather than let a key typed in the wrong pane pass unnoticed (the
                // next ones may well be bound to something).
                setNotice(&state, "\(c) does nothing in the \(paneName(state.focus)); ? lists the keys")
            }
            return []
        }
        return perform(&state, action)
    }

    /// The pane's name in plain words, for notices.
    static func paneName(_ pane: Pane) -> String {
        switch pane {
        case .aggregates: return "aggregates list"
        case .events: return "live events"
        case .inspector: return "inspector"
        case .commandLog: return "command log"
        }
    }

    /// Whether keys go into a text field (where Alt combinations edit text).
    static func isTyping(_ state: ExplorerState) -> Bool {
        switch state.overlay {
        case .commandLine?, .prompt?, .form?: return true
        default: return false
        }
    }

    /// Does what a key-table action says.
    static func perform(_ state: inout ExplorerState, _ action: Action) -> [ExplorerEffect] {
        switch action {
        case .quit:
            state.quitting = true
            return [.quit]
        case .help:
            state.overlay = .help(scroll: 0)
        case .nextPane:
            state.focus = Pane(rawValue: (state.focus.rawValue + 1) % Pane.allCases.count)!
        case .previousPane:
            state.focus = Pane(rawValue: (state.focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!
        case .focus(let pane):
            state.focus = pane
        case .zoom:
            state.zoomed.toggle()
        case .up: return move(&state, by: -1)
        case .down: return move(&state, by: 1)
        case .pageUp: return move(&state, by: -max(1, ScreenLayout.compute(state).listHeight(of: state.focus) - 1))
        case .pageDown: return move(&state, by: max(1, ScreenLayout.compute(state).listHeight(of: state.focus) - 1))
        case .top: return move(&state, by: Int.min / 2)
        case .bottom: return move(&state, by: Int.max / 2)
        case .open: return open(&state)
        case .back: return back(&state)
        case .filter:
            switch state.focus {
            case .events:
                state.overlay = .prompt(PromptState(purpose: .filterEvents, input: TextInputState(text: state.tail.filter ?? "")))
            default:
                state.focus = .aggregates
                state.overlay = .prompt(PromptState(purpose: .filterAggregates, input: TextInputState(text: state.aggregates.query.contains ?? "")))
            }
        case .toggleSort:
            state.aggregates.query.order = state.aggregates.query.order == .recent ? .name : .recent
            state.aggregates.list = ListState(selected: 0)
            setNotice(&state, state.aggregates.query.order == .recent ? "sorted by last change" : "sorted by name")
            return [reloadAggregates(&state)]
        case .togglePause:
            if state.tail.mode == .follow {
                state.tail.freeze(as: .paused)
            } else {
                state.tail.follow()
            }
        case .jumpNewest:
            state.tail.follow()
        case .step:
            return step(&state)
        case .goTo:
            if state.focus == .inspector, state.inspector.aggregate != nil {
                state.overlay = .prompt(PromptState(purpose: .goToVersion, input: TextInputState()))
            } else {
                state.focus = .events
                state.overlay = .prompt(PromptState(purpose: .goToPosition, input: TextInputState()))
            }
        case .olderVersion: return timeTravel(&state, by: -1)
        case .newerVersion: return timeTravel(&state, by: 1)
        case .commandLine:
            guard !state.config.readOnly else { return [] }
            state.completion = nil
            state.overlay = .commandLine
        case .commandForm:
            guard !state.config.readOnly else { return [] }
            let stream = contextStream(state)
            let form = FormState(catalog: state.config.catalog, stream: stream, applies: commandApplies(state, to: stream))
            guard !form.commands.isEmpty else {
                setNotice(&state, "the catalog has no commands", .error)
                return []
            }
            state.overlay = .form(form)
        case .toggleTraffic:
            guard !state.config.readOnly else { return [] }
            guard state.keyMap.binds(.toggleTraffic) else {
                setNotice(&state, "this catalog offers no demo traffic (CommandCatalog.demo.traffic)", .error)
                return []
            }
            if state.traffic.running {
                guard !state.traffic.stopping else { return [] }
                state.traffic.stopping = true
                return [.stopTraffic]
            }
            let pace = state.traffic.pace
            state.traffic = TrafficState(running: true, pace: pace)
            state.traffic.box = .shown
            setNotice(&state, "demo traffic started: D stops it and checks nothing was lost; + - pace")
            return [.startTraffic] + (pace == nil ? [] : [.setTrafficPace(perSecond: pace)])
        case .trafficBox:
            guard state.traffic.exists else {
                if state.config.readOnly {
                    setNotice(&state, "no demo traffic box: demo traffic sends commands, and the explorer is read-only (--read-only)", .error)
                    return []
                }
                setNotice(&state, "no demo traffic box: D starts the traffic")
                return []
            }
            switch state.traffic.box {
            case .shown: state.traffic.box = .zoomed
            case .zoomed: state.traffic.box = .closed
            case .closed: state.traffic.box = .shown
            }
        case .fasterTraffic, .slowerTraffic:
            guard !state.config.readOnly, state.keyMap.binds(.toggleTraffic) else { return [] }
            let pace = TrafficState.pace(after: state.traffic.pace, faster: action == .fasterTraffic)
            state.traffic.pace = pace
            let when = state.traffic.running ? "" : " (when it runs: D starts it)"
            setNotice(&state, "demo traffic pace: \(Format.pace(pace))\(when)")
            return [.setTrafficPace(perSecond: pace)]
        case .seed:
            guard !state.config.readOnly, !state.seeding else { return [] }
            guard let seed = state.config.catalog.demo?.seed, state.keyMap.binds(.seed) else {
                setNotice(&state, "this catalog offers no demo data to seed (CommandCatalog.demo.seed)", .error)
                return []
            }
            state.seeding = true
            setNotice(&state, "seeding \(seed.summary)…")
            return [.seed]
        case .refresh:
            return [reloadAggregates(&state), .refreshStats]
        case .projections, .handlerPause, .handlerStep, .handlerRebuild, .handlerRetry, .handlerSkip:
            return performProjections(&state, action)
        case .redraw:
            return [.redraw]
        case .xray:
            return openXRay(&state)
        case .followCausation:
            return followCausation(&state)
        case .filterCorrelation, .cancel, .accept, .submit, .complete, .nextField, .previousField, .nextOrSubmit, .previousChoice, .nextChoice:
            break  // overlay actions: handled by the overlay's keys
        }
        return []
    }

    /// The stream the user is looking at: the open aggregate, else the selection of the focused list.
    static func contextStream(_ state: ExplorerState) -> StreamID? {
        switch state.focus {
        case .aggregates: return state.aggregates.selected?.streamID ?? state.inspector.aggregate?.stream
        case .events: return state.tail.selected?.streamID ?? state.inspector.aggregate?.stream
        default: return state.inspector.aggregate?.stream ?? state.aggregates.selected?.streamID
        }
    }

    /// Which commands make sense for `stream` now, for the form to open on: those its decision
    /// accepts in the state the inspector shows at the head; for a stream known to exist whose
    /// state is not at hand, those that do not start a stream; for a new one, those that do.
    static func commandApplies(_ state: ExplorerState, to stream: StreamID?) -> (CommandDescriptor) -> Bool {
        guard let stream else { return { $0.applies(to: nil) } }
        let view = state.inspector.aggregate.flatMap { $0.stream == stream ? $0 : nil }
        if let view, let folded = view.folded, folded.known, folded.version == view.head, view.head.value > 0, let json = folded.state {
            let data = Data(json.compact.utf8)
            return { $0.applies(to: data) }
        }
        let exists = (view?.head.value ?? 0) > 0
            || state.aggregates.rows.contains { $0.streamID == stream }
            || state.tail.buffer.contains { $0.streamID == stream }
        return exists ? { !$0.applies(to: nil) } : { $0.applies(to: nil) }
    }

    // MARK: - Moving

    static func move(_ state: inout ExplorerState, by delta: Int) -> [ExplorerEffect] {
        switch state.focus {
        case .aggregates:
            state.aggregates.list.move(by: delta, count: state.aggregates.rows.count)
            return loadMoreIfNeeded(&state)
        case .events:
            if delta >= Int.max / 2 {
                state.tail.follow()
                return []
            }
            if delta <= Int.min / 2 && state.tail.filter == nil {
                // The oldest event is the store's first, not the oldest one held in memory.
                return goTo(&state, GlobalPosition(1))
            }
            if state.tail.mode == .follow {
                // Scrolling back freezes the view so it stops moving under the reader.
                state.tail.freeze(as: .paused)
            }
            state.tail.list.move(by: delta, count: state.tail.shown.count)
        case .inspector:
            if state.inspector.aggregate != nil { return timeTravel(&state, by: delta) }
            state.inspector.scroll = max(0, min(ScreenLayout.eventDetailScrollLimit(state), state.inspector.scroll + delta))
        case .commandLog:
            state.log.list.move(by: delta, count: state.log.entries.count)
        }
        return []
    }

    /// Moves the aggregate view `delta` versions (negative is older).
    static func timeTravel(_ state: inout ExplorerState, by delta: Int) -> [ExplorerEffect] {
        guard let view = state.inspector.aggregate, let current = view.selectedEvent?.version ?? view.wantedVersion else { return [] }
        // Over every version of the stream, not just the window held: outside it, the window
        // around the target is loaded.
        let target = max(1, min(view.head.value, current.value.addingReportingOverflow(Int64(delta)).partialValue))
        return travel(&state, to: StreamVersion(target))
    }

    /// Shows `version` of the open aggregate (loading its window when it is not held).
    static func travel(_ state: inout ExplorerState, to version: StreamVersion) -> [ExplorerEffect] {
        guard var view = state.inspector.aggregate else { return [] }
        var next = state.nextToken
        let effects = view.select(version, newToken: { defer { next += 1 }; return next }, limit: state.config.maxStreamEvents, catalog: state.config.catalog)
        state.nextToken = next
        state.inspector.aggregate = view
        state.inspector.scroll = 0
        return effects
    }

    static func open(_ state: inout ExplorerState) -> [ExplorerEffect] {
        switch state.focus {
        case .aggregates:
            guard let row = state.aggregates.selected else { return [] }
            state.focus = .inspector
            return openAggregate(&state, row.streamID)
        case .events:
            guard let event = state.tail.selected else { return [] }
            state.focus = .inspector
            return openAggregate(&state, event.streamID, version: event.version)
        case .commandLog:
            guard let i = state.log.list.selected, state.log.entries.indices.contains(i),
                  let parsed = try? CommandCatalog.parse(state.log.entries[i].text) else { return [] }
            state.focus = .inspector
            return openAggregate(&state, StreamID(parsed.stream))
        case .inspector:
            return []
        }
    }

    static func back(_ state: inout ExplorerState) -> [ExplorerEffect] {
        if state.banner != nil {
            state.banner = nil
            return []
        }
        if state.traffic.box == .zoomed && state.traffic.exists {
            // Esc leaves the zoomed box: closed once the check is made, beside the log while running.
            state.traffic.box = state.traffic.running ? .shown : .closed
            return []
        }
        if state.zoomed {
            state.zoomed = false
            return []
        }
        switch state.focus {
        case .inspector where state.inspector.aggregate != nil:
            state.inspector.aggregate = nil
            state.inspector.scroll = 0
        case .aggregates where state.aggregates.query.contains != nil:
            state.aggregates.query.contains = nil
            return [reloadAggregates(&state)]
        case .events where state.tail.filter != nil:
            state.tail.filter = nil
            if state.tail.mode == .follow { state.tail.selectNewest() }
        default:
            break
        }
        return []
    }

    /// Step mode: show one more event of the tail.
    static func step(_ state: inout ExplorerState) -> [ExplorerEffect] {
        if state.tail.mode != .step {
            state.tail.freeze(as: .step)
            state.tail.selectNewest()
            setNotice(&state, "step mode: n shows the next event, G follows again")
            return []
        }
        let after = state.tail.frozen.last?.position ?? .start
        if let next = state.tail.nextAfterFrozen(), state.tail.filter != nil || next.position == after.next || after == .start {
            state.tail.frozen.append(next)
            if state.tail.frozen.count > state.config.tailCapacity + state.config.tailCapacity / 4 {
                let cut = state.tail.frozen.count - state.config.tailCapacity
                state.tail.frozen.removeFirst(cut)
                state.tail.frozenOlderCount += cut
            }
            state.tail.selectNewest()
            return catchUpPanes(&state, through: next.position)
        }
        guard state.tail.head > after else {
            setNotice(&state, "no newer event yet")
            return []
        }
        // The next event is no longer in memory: read it from the store.
        let token = state.takeToken()
        state.tail.pendingToken = token
        return [.loadEvents(token: token, from: after.next, limit: 1)]
    }

    // MARK: - Mouse

    static func handleMouse(_ state: inout ExplorerState, _ event: MouseEvent) -> [ExplorerEffect] {
        guard state.overlay == nil, !ScreenLayout.isTooSmall(state.size) else { return [] }
        let layout = ScreenLayout.compute(state)
        guard let pane = Pane.allCases.first(where: { layout.rect(of: $0).contains(event.position) }) else { return [] }
        switch event.kind {
        case .wheelUp:
            state.focus = pane
            return move(&state, by: -3)
        case .wheelDown:
            state.focus = pane
            return move(&state, by: 3)
        case .click(.left), .press(.left), .doubleClick(.left):
            state.focus = pane
            // The row clicked within the pane's list, from the same geometry the view draws with.
            let list = ScreenLayout.listArea(of: pane, in: layout.rect(of: pane))
            guard list.contains(event.position) else { return [] }
            let row = event.position.y - list.y
            var effects: [ExplorerEffect] = []
            switch pane {
            case .aggregates:
                let i = state.aggregates.list.offset + row
                guard state.aggregates.rows.indices.contains(i) else { return [] }
                state.aggregates.list.selected = i
                effects = loadMoreIfNeeded(&state)
            case .events:
                let i = state.tail.list.offset + row
                guard i < state.tail.shown.count else { return [] }
                if state.tail.mode == .follow { state.tail.freeze(as: .paused) }
                state.tail.list.selected = i
            case .commandLog:
                let i = state.log.list.offset + row
                guard state.log.entries.indices.contains(i) else { return [] }
                state.log.list.selected = i
            case .inspector:
                guard var view = state.inspector.aggregate else { return [] }
                let i = view.list.offset + row
                guard view.events.indices.contains(i) else { return [] }
                view.cursor = i == view.events.count - 1 ? nil : i
                effects = view.refold(catalog: state.config.catalog)
                state.inspector.aggregate = view
            }
            if case .doubleClick = event.kind { effects += open(&state) }
            return effects
        default:
            return []
        }
    }
}
