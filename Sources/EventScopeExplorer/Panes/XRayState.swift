import EventScope
import Foundation

/// The causality X-ray (`x`): the tree of the correlation of one event, as lines, with a
/// selected line. Reloaded every second while a step is pending, so a person watches the
/// process managers catch up.
public struct XRayState: Sendable {
    /// The event the X-ray was opened on.
    public var event: RecordedEvent
    /// The request in flight (answers with another token are stale).
    public var token: Int
    /// The tree, once loaded.
    public var trace: CausalityTrace?
    /// The tree as lines (``CausalityTrace/lines()``).
    public var lines: [TraceLine] = []
    /// Why it could not be loaded.
    public var error: String?
    /// The selected line.
    public var selected = 0
    /// The first line shown.
    public var scroll = 0
    /// When the tree was last loaded (for the refresh while something is pending).
    public var loadedAt: Date?
    /// Whether a (re)load is in flight.
    public var loading = true

    /// Creates the X-ray of `event`, loading.
    public init(event: RecordedEvent, token: Int) {
        self.event = event
        self.token = token
    }

    /// Whether a step is still pending (the X-ray keeps reloading).
    public var hasPending: Bool { lines.contains { $0.kind == .pending } }

    /// The event on the selected line, if it shows one.
    public var selectedEvent: RecordedEvent? { lines.indices.contains(selected) ? lines[selected].event : nil }
}
