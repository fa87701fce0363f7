import Foundation

/// What a running handler is doing, for people and tests.
public struct HandlerStatus: Hashable, Sendable {
    /// Where a runner is in its life.
    public enum Phase: String, Hashable, Sendable {
        /// Started; reading the handler's checkpoint.
        case starting
        /// Applying full pages: far behind the head.
        case catchingUp = "catching up"
        /// Following live events (a store outage is retried in this phase).
        case running
        /// Paused by a person: the write side moves on, the read side waits (``HandlerControl/step``
        /// applies one event at a time).
        case paused
        /// Emptied and replaying from the first event.
        case rebuilding
        /// Stopped at an event that throws; see ``HandlerStatus/failure``. Waits for a retry or a skip.
        case failed
        /// Another process keeps the handler (see ``HandlerStatus/keeper``); this one waits to take over.
        case standby
        /// Not started, or stopped.
        case stopped
    }
    /// The handler's name.
    public var name: String
    /// Where the runner is.
    public var phase: Phase
    /// The last position applied.
    public var position: GlobalPosition
    /// The store's head, as last seen.
    public var head: GlobalPosition
    /// How many events the handler is behind the head.
    public var lag: Int64 { max(0, head.value - position.value) }
    /// When the oldest event not yet applied was recorded (`nil` when caught up): the lag in
    /// time is `now` minus this (``lagSeconds(at:)``).
    public var pendingSince: Date?
    /// The last error, if the newest attempt failed; cleared on success.
    public var lastError: String?
    /// The event the handler stopped at, when ``phase`` is ``Phase/failed``.
    public var failure: HandlerFailure?
    /// Events applied per second, over the last second or so.
    public var eventsPerSecond: Double = 0
    /// The lag in events, sampled once a second, oldest first (the last minute).
    public var lagHistory: [Int64] = []
    /// The process that keeps the handler (this one, or another on the same read-model file).
    public var keeper: HandlerKeeper?
    /// The rebuild in progress, if any.
    public var rebuild: RebuildProgress?
    /// Rebuilds started by this runner so far: a caller that asked for one can tell it began
    /// (and ended, with ``rebuild`` back to `nil`) however quickly it ran.
    public var rebuildsStarted = 0
    /// How many events were skipped by hand so far (they are listed by ``EventHandler/skipped()``).
    public var skippedCount = 0

    /// A status with nothing known yet.
    public init(name: String, phase: Phase, position: GlobalPosition, head: GlobalPosition, lastError: String? = nil) {
        self.name = name
        self.phase = phase
        self.position = position
        self.head = head
        self.lastError = lastError
    }

    /// The lag in seconds at `now`: how long the oldest event not yet applied has waited (0 when caught up).
    public func lagSeconds(at now: Date) -> Double {
        guard lag > 0, let pendingSince else { return 0 }
        return max(0, now.timeIntervalSince(pendingSince))
    }

    /// Whether the lag is growing, shrinking or steady over the last samples.
    public var lagTrend: LagTrend {
        guard lagHistory.count >= 3 else { return .steady }
        let recent = lagHistory.suffix(3)
        let earlier = lagHistory.dropLast(3).suffix(5)
        let before = earlier.isEmpty ? recent.first! : earlier.reduce(0, +) / Int64(earlier.count)
        let now = recent.last!
        let slack = max(Int64(10), before / 10)
        if now > before + slack { return .growing }
        if now + slack < before { return .shrinking }
        return .steady
    }
}

/// The direction of a handler's lag.
public enum LagTrend: String, Hashable, Sendable {
    case growing, shrinking, steady

    /// An arrow for tables: `↑`, `↓` or `→`.
    public var arrow: String {
        switch self {
        case .growing: return "↑"
        case .shrinking: return "↓"
        case .steady: return "→"
        }
    }
}

/// The event a handler stopped at, and why.
public struct HandlerFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The event's global position.
    public var position: GlobalPosition
    /// The event's stream.
    public var stream: StreamID
    /// The event's type.
    public var eventType: EventType
    /// The handler's error, as text.
    public var message: String

    /// Creates a failure record.
    public init(position: GlobalPosition, stream: StreamID, eventType: EventType, message: String) {
        self.position = position
        self.stream = stream
        self.eventType = eventType
        self.message = message
    }

    /// A failure at `event` with `error`.
    public init(event: RecordedEvent, error: any Error) {
        let message = (error as? HandlerFailure)?.message ?? String(describing: error)
        self.init(position: event.position, stream: event.streamID, eventType: event.type, message: message)
    }

    public var description: String { "event #\(position.value) (\(eventType.rawValue) on \(stream.rawValue)): \(message)" }
}

/// An event skipped by hand: it was never applied, and the read model says so.
public struct SkippedEvent: Hashable, Sendable {
    /// The event's position.
    public var position: GlobalPosition
    /// The event's type.
    public var eventType: EventType
    /// Why it was skipped (the error it failed with).
    public var reason: String
    /// When.
    public var at: Date

    /// Creates a record.
    public init(position: GlobalPosition, eventType: EventType, reason: String, at: Date) {
        self.position = position
        self.eventType = eventType
        self.reason = reason
        self.at = at
    }
}

/// A rebuild in progress: replaying from position 1 up to the head seen when it started.
public struct RebuildProgress: Hashable, Sendable {
    /// The head when the rebuild started: it is done when the handler reaches it.
    public var target: GlobalPosition
    /// When it started.
    public var startedAt: Date

    /// Creates a record.
    public init(target: GlobalPosition, startedAt: Date) {
        self.target = target
        self.startedAt = startedAt
    }

    /// The fraction done (0…1) at `position`.
    public func fraction(at position: GlobalPosition) -> Double {
        guard target.value > 0 else { return 1 }
        return min(1, Double(position.value) / Double(target.value))
    }

    /// The seconds left at `position`, at `perSecond` events a second (`nil` when unknown).
    public func secondsLeft(at position: GlobalPosition, perSecond: Double) -> Double? {
        guard perSecond > 0 else { return nil }
        return Double(max(0, target.value - position.value)) / perSecond
    }
}

/// What a person can tell a running handler to do.
public enum HandlerControl: String, Hashable, Sendable, CaseIterable {
    /// Stop applying events (the checkpoint stays; the store moves on).
    case pause
    /// Apply events again.
    case resume
    /// While paused: apply exactly one event.
    case step
    /// When failed: try the failing event again.
    case retry
    /// When failed: move past the failing event without applying it (recorded).
    case skip
    /// Empty the read model and replay from the first event.
    case rebuild
}

/// The process that keeps a handler: its pid and host.
public struct HandlerKeeper: Hashable, Sendable, CustomStringConvertible {
    /// The process id.
    public var pid: Int32
    /// The host name.
    public var host: String

    /// Creates a keeper.
    public init(pid: Int32, host: String) {
        self.pid = pid
        self.host = host
    }

    /// This process.
    public static let thisProcess = HandlerKeeper(pid: ProcessInfo.processInfo.processIdentifier, host: ProcessInfo.processInfo.hostName)

    public var description: String { "pid \(pid) on \(host)" }

    /// Whether this is a process of this host that no longer exists (killed, or exited
    /// without giving its lease up).
    public var isGone: Bool {
        guard host == Self.thisProcess.host else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}

/// Who keeps a handler, since when, and what it was doing at its last heartbeat.
public struct HandlerLease: Hashable, Sendable {
    /// The process.
    public var keeper: HandlerKeeper
    /// Its last heartbeat.
    public var heartbeat: Date
    /// Its runner's phase at that heartbeat.
    public var phase: HandlerStatus.Phase
    /// The event it stopped at, if failed.
    public var failure: HandlerFailure?

    /// Creates a lease.
    public init(keeper: HandlerKeeper, heartbeat: Date, phase: HandlerStatus.Phase, failure: HandlerFailure? = nil) {
        self.keeper = keeper
        self.heartbeat = heartbeat
        self.phase = phase
        self.failure = failure
    }
}
