import EventScope

/// How a state shown in the inspector was reached: what the fold started from and how many
/// events it applied after that. The inspector says it beside the state ("snapshot at
/// v99,500 + 500 events"), so a user knows whether a stored snapshot was trusted.
public enum FoldOrigin: Hashable, Sendable {
    /// Folded from version 1 through `events` events. `ignoredSnapshot` says why the stream's
    /// stored snapshot was not used (stale, corrupt, another history), when it has one that
    /// would have helped.
    case fromStart(events: Int, ignoredSnapshot: String? = nil)
    /// From the store's snapshot at `at`, then `events` events.
    case snapshot(at: StreamVersion, events: Int)
    /// From a state the explorer folded earlier and kept (a checkpoint) at `at`, then `events`.
    case checkpoint(at: StreamVersion, events: Int)

    /// For people: `snapshot at v99,500 + 500 events`, `folded from v1 (12 events)`.
    public var text: String {
        switch self {
        case .fromStart(let events, let ignored):
            let base = "folded from v1 (\(Format.count(events)) \(events == 1 ? "event" : "events"))"
            return ignored.map { base + "; \($0)" } ?? base
        case .snapshot(let at, let events):
            return "snapshot at v\(Format.count(at.value)) + \(Format.count(events)) \(events == 1 ? "event" : "events")"
        case .checkpoint(let at, let events):
            return "explorer checkpoint at v\(Format.count(at.value)) + \(Format.count(events)) \(events == 1 ? "event" : "events")"
        }
    }
}
