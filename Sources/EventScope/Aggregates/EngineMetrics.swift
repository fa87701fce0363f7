import Logging
import Metrics
import Synchronization

/// A snapshot of the engine's counters, for people (the explorer's status bar) and tests.
///
/// The same counts are reported through swift-metrics (see ``EngineOptions/metricsDimensions``),
/// under these labels: `eventscope_commands`, `eventscope_commands_refused`,
/// `eventscope_conflicts_retried`, `eventscope_conflict_failures`, `eventscope_aggregates_loaded`,
/// `eventscope_aggregates_evicted` (counters), `eventscope_aggregates_resident` (gauge) and
/// `eventscope_append_duration` (timer, nanoseconds per append).
public struct EngineMetrics: Hashable, Sendable {
    /// Aggregate instances in memory now.
    public var resident: Int
    /// Instances that loaded their stream (cold loads).
    public var loaded: Int
    /// Instances dropped by the LRU bound or the idle timeout.
    public var evicted: Int
    /// Commands completed (accepted, refused or failed).
    public var commands: Int
    /// Commands refused by a domain rule (``CommandError/refused(_:)``); bugs such as
    /// ``CommandError/decisionFailed(_:)`` are not refusals and are not counted here.
    public var refused: Int
    /// Appends that met another writer's events (`wrongExpectedVersion`) and were retried.
    public var conflicts: Int
    /// Commands that still conflicted after every retry.
    public var conflictFailures: Int
    /// Cold loads that started from a snapshot.
    public var snapshotLoads: Int = 0
    /// Snapshots found but not used (stale schema, undecodable, or another history).
    public var snapshotsIgnored: Int = 0
    /// Snapshots written (in the background).
    public var snapshotsWritten: Int = 0
    /// Snapshot writes that failed (nothing depends on them).
    public var snapshotFailures: Int = 0

    /// Creates a snapshot with the given counts (tests and tools build their own).
    public init(resident: Int = 0, loaded: Int = 0, evicted: Int = 0, commands: Int = 0, refused: Int = 0, conflicts: Int = 0, conflictFailures: Int = 0) {
        self.resident = resident
        self.loaded = loaded
        self.evicted = evicted
        self.commands = commands
        self.refused = refused
        self.conflicts = conflicts
        self.conflictFailures = conflictFailures
    }
}

/// The engine's instruments: counts kept here (``EngineMetrics``) and reported through
/// swift-metrics, and the logger for what is worth a line (conflicts retried, evictions).
final class EngineCounters: Sendable {
    let loaded: MeteredCount
    let evicted: MeteredCount
    let commands: MeteredCount
    let refused: MeteredCount
    let conflicts: MeteredCount
    let conflictFailures: MeteredCount
    let snapshotLoads = Atomic<Int>(0)
    let snapshotsIgnored = Atomic<Int>(0)
    let snapshotsWritten = Atomic<Int>(0)
    let snapshotFailures = Atomic<Int>(0)
    /// Aggregate instances in memory, as a gauge.
    let resident: Gauge
    /// How long each append took.
    let appendDuration: Metrics.Timer
    let logger: Logger

    init(logger: Logger = Logger(label: "eventscope.engine"), dimensions: [(String, String)] = []) {
        self.logger = logger
        loaded = MeteredCount("eventscope_aggregates_loaded", dimensions)
        evicted = MeteredCount("eventscope_aggregates_evicted", dimensions)
        commands = MeteredCount("eventscope_commands", dimensions)
        refused = MeteredCount("eventscope_commands_refused", dimensions)
        conflicts = MeteredCount("eventscope_conflicts_retried", dimensions)
        conflictFailures = MeteredCount("eventscope_conflict_failures", dimensions)
        resident = Gauge(label: "eventscope_aggregates_resident", dimensions: dimensions)
        appendDuration = Metrics.Timer(label: "eventscope_append_duration", dimensions: dimensions)
    }

    func snapshot(resident: Int) -> EngineMetrics {
        var m = EngineMetrics(
            resident: resident,
            loaded: loaded.load(ordering: .relaxed),
            evicted: evicted.load(ordering: .relaxed),
            commands: commands.load(ordering: .relaxed),
            refused: refused.load(ordering: .relaxed),
            conflicts: conflicts.load(ordering: .relaxed),
            conflictFailures: conflictFailures.load(ordering: .relaxed))
        m.snapshotLoads = snapshotLoads.load(ordering: .relaxed)
        m.snapshotsIgnored = snapshotsIgnored.load(ordering: .relaxed)
        m.snapshotsWritten = snapshotsWritten.load(ordering: .relaxed)
        m.snapshotFailures = snapshotFailures.load(ordering: .relaxed)
        return m
    }
}

/// A count kept in an atomic (for ``EngineMetrics``) and reported to a swift-metrics counter.
final class MeteredCount: Sendable {
    private let value = Atomic<Int>(0)
    private let counter: Counter

    init(_ label: String, _ dimensions: [(String, String)]) {
        counter = Counter(label: label, dimensions: dimensions)
    }

    /// Adds `n` (relaxed: a count, ordering nothing else; `ordering` is for call-site symmetry).
    func add(_ n: Int, ordering: AtomicUpdateOrdering) {
        value.add(n, ordering: .relaxed)
        counter.increment(by: n)
    }

    func load(ordering: AtomicLoadOrdering) -> Int { value.load(ordering: .relaxed) }
}

extension Metrics.Timer {
    /// Records the time since `start`.
    func record(since start: ContinuousClock.Instant) {
        let elapsed = (ContinuousClock.now - start).components
        recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
    }
}
