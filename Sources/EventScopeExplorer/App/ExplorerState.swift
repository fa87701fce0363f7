import EventScope
import Foundation
import EventScopeTerminalUI

/// Everything the explorer shows, as one value: `update` changes it, `view` draws it.
public struct ExplorerState: Sendable {
    /// The session's fixed settings.
    public let config: ExplorerConfig
    /// The key-binding table (without writing actions in read-only mode).
    public let keyMap: KeyMap
    /// The terminal size.
    public var size: Size
    /// The clock, as last ticked (ages and rates are computed from it, so views are stable in tests).
    public var now: Date
    /// The focused pane.
    public var focus: Pane = .events
    /// Whether the focused pane fills the screen.
    public var zoomed = false
    /// What is drawn over the panes (command line, prompt, form, help), if anything.
    public var overlay: Overlay?
    /// The aggregates pane.
    public var aggregates = AggregatesState()
    /// The live events pane.
    public var tail = TailState()
    /// The inspector pane.
    public var inspector = InspectorState()
    /// The command log pane.
    public var log = CommandLogState()
    /// The demo traffic panel.
    public var traffic = TrafficState()
    /// The request in flight for following a causation link (`C`), if any.
    public var causeRequest: Int?
    /// The projections view (`P`) and what read models hold for the inspected aggregate.
    public var projections = ProjectionsState()
    /// The `:` command line (its history survives closing it).
    public var commandInput = TextInputState()
    /// Tab completion of the command line in progress.
    public var completion: Completion?
    /// Store counts, once loaded.
    public var stats: StoreStats?
    /// Engine metrics, once loaded.
    public var metrics: EngineMetrics?
    /// The last store failure, shown until the store answers again.
    public var storeError: String?
    /// When ``storeError`` was last reported (it is dropped once no failure has been reported
    /// for ``storeErrorLifetime`` seconds).
    public var storeErrorAt: Date?
    /// Seconds a store error stays without being reported again.
    static let storeErrorLifetime: TimeInterval = 10
    /// A line that stays under the header until dismissed with Esc: something happened that
    /// changes what everything on screen means (the store went back to an earlier head).
    public var banner: Notice?
    /// A message for the status bar (command results, hints), with when it was set.
    public var notice: Notice?
    /// Events per second received by the tail, over the last second.
    public var eventsPerSecond: Double = 0
    /// Events/s samples, one per second, oldest first.
    public var rateSamples: [Double] = []
    /// Whether the empty-store offer was already made.
    public var seedOffered = false
    /// Whether seeding is running.
    public var seeding = false
    /// Set when the explorer should exit.
    public var quitting = false
    var nextToken = 1
    var rateWindowStart: Date
    var rateWindowCount = 0

    /// The initial state for a terminal of `size` at `now`.
    public init(config: ExplorerConfig, size: Size, now: Date) {
        self.config = config
        self.keyMap = KeyMap(readOnly: config.readOnly, demo: config.catalog.demo)
        self.size = size
        self.now = now
        self.rateWindowStart = now
    }

    mutating func takeToken() -> Int {
        defer { nextToken += 1 }
        return nextToken
    }
}

/// A status-bar message.
public struct Notice: Hashable, Sendable {
    /// How it is shown.
    public enum Level: Hashable, Sendable { case info, success, error }
    /// The text.
    public var text: String
    /// How it is shown.
    public var level: Level
    /// When it was set (it fades after a few seconds).
    public var at: Date
}

/// Tab completion in progress on the command line.
public struct Completion: Hashable, Sendable {
    /// The line before the word being completed.
    public var prefix: String
    /// The choices for the word, in order.
    public var candidates: [String]
    /// The choice inserted last (Tab again moves on).
    public var index: Int
}
