import Synchronization

/// A snapshot of the engine's counters, for people (the explorer's status bar) and tests.
public struct EngineMetrics: Hashable, Sendable {
    /// Aggregate instances in memory now.
    public var resident: Int
    /// Instances that loaded their stream (cold loads).
    public var loaded: Int
    /// Instances dropped by the LRU bound or the idle timeout.
    public var evicted: Int
    /// Commands completed (accepted or refused).
    public var commands: Int
    /// Commands refused by a domain rule or invalid input.
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

final class EngineCounters: Sendable {
    let loaded = Atomic<Int>(0)
    let evicted = Atomic<Int>(0)
    let commands = Atomic<Int>(0)
    let refused = Atomic<Int>(0)
    let conflicts = Atomic<Int>(0)
    let conflictFailures = Atomic<Int>(0)
    let snapshotLoads = Atomic<Int>(0)
    let snapshotsIgnored = Atomic<Int>(0)
    let snapshotsWritten = Atomic<Int>(0)
    let snapshotFailures = Atomic<Int>(0)

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
