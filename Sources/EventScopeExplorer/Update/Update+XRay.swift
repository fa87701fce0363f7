import EventScope
import EventScopeTerminalUI
import Foundation

extension Explorer {
    /// `x`: opens the X-ray of the selected event (live events pane) or the inspected event.
    static func openXRay(_ state: inout ExplorerState) -> [ExplorerEffect] {
        guard let event = focusedEvent(state) else {
            setNotice(&state, "x: select an event first (live events pane, or an aggregate's event in the inspector)", .error)
            return []
        }
        let token = state.takeToken()
        state.overlay = .xray(XRayState(event: event, token: token))
        return [.traceEvent(token: token, event: event.eventID)]
    }

    /// A tree (or why there is none) for the X-ray with `token`.
    static func traceLoaded(_ state: inout ExplorerState, token: Int, _ result: Result<CausalityTrace, ExplorerFailure>) -> [ExplorerEffect] {
        guard case .xray(var xray)? = state.overlay, xray.token == token else { return [] }
        xray.loading = false
        xray.loadedAt = state.now
        switch result {
        case .success(let trace):
            let wasSelected = xray.selectedEvent?.eventID
            xray.trace = trace
            xray.lines = trace.lines()
            xray.error = nil
            // Keep the selection on the same event across reloads; at first, on the event opened.
            let wanted = wasSelected ?? xray.event.eventID
            xray.selected = xray.lines.firstIndex { $0.event?.eventID == wanted } ?? min(xray.selected, max(0, xray.lines.count - 1))
        case .failure(let failure):
            xray.error = failure.message
        }
        state.overlay = .xray(xray)
        return []
    }

    /// Every second while a step is pending: load the tree again.
    static func refreshXRay(_ state: inout ExplorerState) -> [ExplorerEffect] {
        guard case .xray(var xray)? = state.overlay, !xray.loading, xray.hasPending,
              let at = xray.loadedAt, state.now.timeIntervalSince(at) >= 1 else { return [] }
        xray.loading = true
        xray.token = state.takeToken()
        state.overlay = .xray(xray)
        return [.traceEvent(token: xray.token, event: xray.event.eventID)]
    }

    static func xrayKey(_ state: inout ExplorerState, _ xray: XRayState, _ key: Key) -> [ExplorerEffect] {
        var xray = xray
        let page = max(1, state.size.height - 6)
        switch state.keyMap.action(for: key, in: .xray) {
        case .cancel?:
            state.overlay = nil
            return []
        case .down?: xray.selected += 1
        case .up?: xray.selected -= 1
        case .pageDown?: xray.selected += page
        case .pageUp?: xray.selected -= page
        case .top?: xray.selected = 0
        case .bottom?: xray.selected = xray.lines.count - 1
        case .refresh?:
            xray.loading = true
            xray.token = state.takeToken()
            state.overlay = .xray(xray)
            return [.traceEvent(token: xray.token, event: xray.event.eventID)]
        case .open?:
            guard let event = xray.selectedEvent else { return [] }
            state.overlay = nil
            state.focus = .inspector
            return openAggregate(&state, event.streamID, version: event.version)
        case .filterCorrelation?:
            guard let correlation = xray.trace?.correlationID else {
                setNotice(&state, "this event has no correlation id to filter on", .error)
                return []
            }
            state.overlay = nil
            state.focus = .events
            state.tail.filter = correlation.uuidString
            setNotice(&state, "live events: only correlation \(correlation.uuidString.prefix(8))…; Esc clears the filter")
            return []
        default:
            return []
        }
        xray.selected = max(0, min(xray.selected, xray.lines.count - 1))
        state.overlay = .xray(xray)
        return []
    }
}

extension Explorer {
    /// The event shown in the inspector (or selected in the live events pane).
    static func focusedEvent(_ state: ExplorerState) -> RecordedEvent? {
        switch state.focus {
        case .inspector: return state.inspector.aggregate?.selectedEvent
        default: return state.tail.selected ?? state.inspector.aggregate?.selectedEvent
        }
    }

    /// `C`: asks for the event that caused the focused one.
    static func followCausation(_ state: inout ExplorerState) -> [ExplorerEffect] {
        guard let event = focusedEvent(state) else {
            setNotice(&state, "C: select an event first", .error)
            return []
        }
        guard let cause = event.metadata.causationID, cause != event.metadata.commandID else {
            setNotice(&state, event.metadata.causationID == nil
                ? "#\(event.position.value) records no causation"
                : "#\(event.position.value) was caused by its command (\(event.metadata.custom[CommandOrigin.sourceKey] ?? "source not recorded")), not by an event: x shows the chain")
            return []
        }
        let token = state.takeToken()
        state.causeRequest = token
        setNotice(&state, "looking for the event that caused #\(event.position.value)…")
        return [.findEvent(token: token, event: cause)]
    }

    /// The causing event: opened in the inspector; or, when it is not in the store, said so.
    static func causeFound(_ state: inout ExplorerState, token: Int, id: UUID, _ result: Result<RecordedEvent?, ExplorerFailure>) -> [ExplorerEffect] {
        guard state.causeRequest == token else { return [] }
        state.causeRequest = nil
        switch result {
        case .failure(let failure):
            setNotice(&state, "could not look for the cause: \(failure.message)", .error)
            return []
        case .success(nil):
            setNotice(&state, "dangling causation: no event \(id.uuidString) in the store", .error)
            return []
        case .success(let cause?):
            state.focus = .inspector
            setNotice(&state, "followed the causation to #\(cause.position.value) (\(cause.type))")
            return openAggregate(&state, cause.streamID, version: cause.version)
        }
    }
}
