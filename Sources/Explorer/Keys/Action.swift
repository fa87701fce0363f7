/// Everything a key can do in the explorer's normal mode.
public enum Action: Hashable, Sendable {
    case quit
    case help
    case nextPane, previousPane
    /// Focus pane 1–4 directly.
    case focus(Pane)
    case zoom
    case up, down, pageUp, pageDown, top, bottom
    /// Open the selection: an aggregate, or the aggregate of the selected event.
    case open
    /// Close the aggregate view / clear a filter.
    case back
    /// Filter the focused list (aggregates: id, category, event type; events: category or type).
    case filter
    /// Aggregates: switch between "last change" and "name" order.
    case toggleSort
    /// Events: pause or resume following.
    case togglePause
    /// Events: resume following at the newest event.
    case jumpNewest
    /// Events: step mode, one event per press.
    case step
    /// Events: go to a global position; aggregate view: go to a version.
    case goTo
    /// Aggregate view: the previous / next version (time travel).
    case olderVersion, newerVersion
    /// Open the `:` command line.
    case commandLine
    /// Open the command form for the selected aggregate.
    case commandForm
    /// Start or stop the demo traffic.
    case toggleDemoTraffic
    /// Seed demo counters and accounts.
    case seedDemo
    /// Reload the aggregates list and the counts.
    case refresh
    /// Redraw the whole screen (after another program scribbled on it).
    case redraw
}

/// Where a key binding applies.
public enum KeyContext: String, Hashable, Sendable, CaseIterable {
    case global = "Everywhere"
    case aggregates = "Aggregates pane"
    case events = "Live events pane"
    case inspector = "Inspector (event / aggregate)"
    case commandLog = "Command log"
}
