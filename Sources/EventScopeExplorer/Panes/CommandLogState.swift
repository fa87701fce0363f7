import EventScope
import Foundation
import EventScopeTerminalUI

/// One command issued in this session, with its outcome and latency.
public struct CommandLogEntry: Hashable, Sendable {
    /// How the command is going.
    public enum Status: Hashable, Sendable {
        case running
        /// Appended `events` (types) and reached `version`.
        case accepted(version: StreamVersion, events: [EventType])
        /// Refused, invalid or failed: the exact reason; nothing was appended — except for
        /// kind `in_doubt` (``CommandError/inDoubt(stream:message:)``), where the store may
        /// have stored it, shown with `?` rather than `✗`.
        case rejected(kind: String, reason: String)
    }

    /// The id the runner answers with.
    public var id: Int
    /// The command as typed (`lend book-1 member=ada`).
    public var text: String
    /// When it was sent.
    public var sentAt: Date
    /// Its outcome so far.
    public var status: Status
    /// How long it took, once finished.
    public var latency: Duration?
    /// The stream the command was sent to (the inspector opens it when the answer comes).
    public var stream: StreamID? = nil
}

/// The command log pane: every command of the session, newest last.
public struct CommandLogState: Sendable {
    /// The entries, oldest first (at most ``capacity``).
    public var entries: [CommandLogEntry] = []
    /// Selection and scroll.
    public var list = ListState()
    /// The most entries kept.
    public var capacity = 1_000
    /// The id of the next command.
    public var nextID = 1

    mutating func append(_ entry: CommandLogEntry) {
        entries.append(entry)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        list.selected = entries.count - 1
    }
}
