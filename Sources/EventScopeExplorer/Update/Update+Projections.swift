import EventScope
import Foundation
import EventScopeTerminalUI

extension Explorer {
    /// The most rows of a read model the projections view loads.
    static let readModelRowLimit = 200

    /// Keys while the projections view is open: its own table first, then the global ones.
    static func handleProjectionsKey(_ state: inout ExplorerState, _ key: Key) -> [ExplorerEffect] {
        guard let action = state.keyMap.action(for: key, in: .projections) else { return [] }
        switch action {
        case .up, .down, .pageUp, .pageDown, .top, .bottom:
            let count = state.projections.statuses.count
            guard count > 0 else { return [] }
            let current = state.projections.list.selected ?? 0
            let step: Int
            switch action {
            case .up: step = -1
            case .down: step = 1
            case .pageUp, .top: step = -count
            default: step = count
            }
            let next = min(count - 1, max(0, current + step))
            guard next != current else { return [] }
            state.projections.list.selected = next
            state.projections.table = nil
            state.projections.changedAt = [:]
            return loadSelectedTable(&state)
        case .back:
            return performProjections(&state, .projections)
        case .projections, .handlerPause, .handlerStep, .handlerRebuild, .handlerRetry, .handlerSkip:
            return performProjections(&state, action)
        default:
            return perform(&state, action)
        }
    }

    /// Opens or closes the view, and controls the selected handler.
    static func performProjections(_ state: inout ExplorerState, _ action: Action) -> [ExplorerEffect] {
        if action == .projections {
            state.projections.isOpen.toggle()
            guard state.projections.isOpen else { return [] }
            if state.projections.statuses.isEmpty {
                setNotice(&state, state.config.readOnly
                    ? "no read models: they write their tables, and the explorer is read-only (--read-only)"
                    : "no read models run with this explorer")
                return []
            }
            return loadSelectedTable(&state)
        }
        guard state.projections.isOpen, let selected = state.projections.selected else { return [] }
        let control: HandlerControl
        switch action {
        case .handlerPause: control = selected.phase == .paused ? .resume : .pause
        case .handlerStep: control = .step
        case .handlerRebuild: control = .rebuild
        case .handlerRetry, .handlerSkip:
            guard selected.phase == .failed else {
                setNotice(&state, "\(selected.name) has not failed: nothing to \(action == .handlerRetry ? "retry" : "skip")", .error)
                return []
            }
            control = action == .handlerRetry ? .retry : .skip
        default: return []
        }
        let words: [HandlerControl: String] = [
            .pause: "paused: the write side moves on, the read side waits (n steps one event, p resumes)",
            .resume: "resumed", .step: "one event applied (step mode; p resumes)",
            .rebuild: "rebuilding from position 1", .retry: "retrying the failed event",
            .skip: "skipping the failed event (recorded)",
        ]
        setNotice(&state, "\(selected.name): \(words[control] ?? control.rawValue)")
        return [.controlHandler(name: selected.name, control)]
    }

    /// New handler statuses: refreshes the selected table and the inspector's read-model line
    /// at most twice a second.
    static func handlersUpdated(_ state: inout ExplorerState, _ statuses: [HandlerStatus]) -> [ExplorerEffect] {
        state.projections.statuses = statuses
        if let i = state.projections.list.selected, i >= statuses.count { state.projections.list.selected = max(0, statuses.count - 1) }
        var effects: [ExplorerEffect] = []
        if state.projections.isOpen, state.projections.pendingToken == nil,
           state.projections.lastTableLoad.map({ state.now.timeIntervalSince($0) >= 0.5 }) ?? true {
            effects += loadSelectedTable(&state)
        }
        if let stream = state.inspector.aggregate?.stream, !statuses.isEmpty {
            let stale = state.projections.entries?.stream != stream
            if stale || state.projections.lastEntriesLoad.map({ state.now.timeIntervalSince($0) >= 1 }) ?? true {
                state.projections.lastEntriesLoad = state.now
                if stale { state.projections.entries = nil }
                effects.append(.loadReadModelEntries(stream: stream))
            }
        } else {
            state.projections.entries = nil
        }
        return effects
    }

    static func loadSelectedTable(_ state: inout ExplorerState) -> [ExplorerEffect] {
        guard let selected = state.projections.selected else { return [] }
        let token = state.takeToken()
        state.projections.pendingToken = token
        state.projections.lastTableLoad = state.now
        return [.loadReadModel(token: token, name: selected.name, limit: readModelRowLimit)]
    }

    /// Rows loaded: rows whose cells differ from the last load are marked as just changed.
    static func readModelLoaded(_ state: inout ExplorerState, token: Int, _ table: ReadModelTable) -> [ExplorerEffect] {
        guard state.projections.pendingToken == token else { return [] }
        state.projections.pendingToken = nil
        if let old = state.projections.table, old.name == table.name {
            let before = Dictionary(old.rows.map { ($0.key, $0.cells) }, uniquingKeysWith: { a, _ in a })
            for row in table.rows where before[row.key] != row.cells { state.projections.changedAt[row.key] = state.now }
        }
        state.projections.changedAt = state.projections.changedAt.filter { state.now.timeIntervalSince($0.value) < 3 }
        state.projections.table = table
        return []
    }

    static func readModelEntriesLoaded(_ state: inout ExplorerState, _ entries: ReadModelEntries) -> [ExplorerEffect] {
        guard state.inspector.aggregate?.stream == entries.stream else { return [] }
        state.projections.entries = entries
        return []
    }
}
