import EventScope
import Foundation
import EventScopeTerminalUI

/// The projections view (`P`): every read model's handler, and the selected one's rows.
public struct ProjectionsState: Sendable {
    /// Whether the view fills the screen.
    public var isOpen = false
    /// The handlers' statuses, as last reported by the runner.
    public var statuses: [HandlerStatus] = []
    /// The selected handler.
    public var list = ListState(selected: 0)
    /// The selected read model's rows, as last loaded.
    public var table: ReadModelTable?
    /// When each row (by key) last changed, for highlighting rows that just changed.
    public var changedAt: [String: Date] = [:]
    /// What each read model holds for the aggregate open in the inspector.
    public var entries: ReadModelEntries?
    var pendingToken: Int?
    var lastTableLoad: Date?
    var lastEntriesLoad: Date?

    /// The selected handler's status.
    public var selected: HandlerStatus? {
        guard let i = list.selected, statuses.indices.contains(i) else { return nil }
        return statuses[i]
    }
}

/// A read model's rows as loaded for the projections view.
public struct ReadModelTable: Hashable, Sendable {
    /// The read model's name.
    public var name: String
    /// What it keeps.
    public var summary: String
    /// The column names.
    public var columns: [String]
    /// The rows.
    public var rows: [ReadModelRow]
    /// The checkpoint when they were read.
    public var checkpoint: GlobalPosition
    /// The consistency check of the rows, where the model offers one.
    public var check: ReadModelCheck?
    /// Events skipped by hand.
    public var skipped: [SkippedEvent]

    /// Creates a table.
    public init(name: String, summary: String, columns: [String], rows: [ReadModelRow], checkpoint: GlobalPosition, check: ReadModelCheck?, skipped: [SkippedEvent]) {
        self.name = name
        self.summary = summary
        self.columns = columns
        self.rows = rows
        self.checkpoint = checkpoint
        self.check = check
        self.skipped = skipped
    }
}

/// What every read model holds for one aggregate.
public struct ReadModelEntries: Hashable, Sendable {
    /// One read model's rows for the aggregate.
    public struct Entry: Hashable, Sendable {
        /// The read model.
        public var name: String
        /// Its columns.
        public var columns: [String]
        /// Its rows for the aggregate (none when it has none).
        public var rows: [ReadModelRow]
        /// Creates an entry.
        public init(name: String, columns: [String], rows: [ReadModelRow]) {
            self.name = name
            self.columns = columns
            self.rows = rows
        }
    }
    /// The aggregate.
    public var stream: StreamID
    /// The read models that keep something for it.
    public var entries: [Entry]
    /// Creates the entries of `stream`.
    public init(stream: StreamID, entries: [Entry]) {
        self.stream = stream
        self.entries = entries
    }
}
