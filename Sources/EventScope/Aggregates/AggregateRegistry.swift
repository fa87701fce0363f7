import Foundation
import Synchronization

/// Type-erased view of an instance, for the registry.
protocol AnyAggregateInstance: AnyObject, Sendable {
    /// Callers holding the instance now (see ``AggregateRegistry/lease(_:make:)``).
    var leases: Atomic<Int> { get }
}

/// Maps each stream to exactly one live ``AggregateInstance`` in this process, bounded by a
/// maximum count (least-recently-used eviction) and an idle timeout.
///
/// **One live instance per stream, always.** A caller *leases* an instance for the whole
/// of its command (``lease(_:make:)`` … ``release(_:_:)``), and the lease is taken under
/// the registry's lock, so an instance is never evicted between the lookup and its use, nor
/// while a command is queued or running in it. When every instance is leased the cap is
/// exceeded for a while instead, and the registry comes back under it as leases end.
/// Evicting a busy instance would let the next command build a second instance of the same
/// stream, and the two would then conflict with each other inside one process.
final class AggregateRegistry: Sendable {
    private struct Entry {
        let instance: any AnyAggregateInstance
        var lastUsed: ContinuousClock.Instant
    }
    private struct State {
        var entries: [StreamID: Entry] = [:]
        var lru = LRUIndex<StreamID>()
        var sweeper: Task<Void, Never>?
    }

    private let state = Mutex(State())
    let maxResident: Int
    let idleTimeout: Duration?
    let counters: EngineCounters

    init(maxResident: Int, idleTimeout: Duration?, counters: EngineCounters) {
        precondition(maxResident > 0, "maxResident must be positive")
        self.maxResident = maxResident
        self.idleTimeout = idleTimeout
        self.counters = counters
    }

    var residentCount: Int { state.withLock { $0.entries.count } }

    /// Instances a command holds now (running or queued in their mailbox).
    var leasedCount: Int {
        state.withLock { s in s.entries.values.reduce(0) { $0 + ($1.instance.leases.load(ordering: .sequentiallyConsistent) > 0 ? 1 : 0) } }
    }

    /// The instance for `stream`, created by `make` on first use (or after eviction), leased
    /// to the caller until ``release(_:_:)``.
    func lease<I: AnyAggregateInstance>(_ stream: StreamID, make: () -> I) -> I {
        let now = ContinuousClock.now
        let (instance, startSweeper): (I, Bool) = state.withLock { s in
            if var entry = s.entries[stream], let existing = entry.instance as? I {
                existing.leases.add(1, ordering: .sequentiallyConsistent)
                entry.lastUsed = now
                s.entries[stream] = entry
                s.lru.touch(stream)
                return (existing, false)
            }
            let created = make()
            created.leases.add(1, ordering: .sequentiallyConsistent)
            s.entries[stream] = Entry(instance: created, lastUsed: now)
            s.lru.touch(stream)
            evictIdle(beyond: maxResident, &s)
            counters.resident.record(s.entries.count)
            return (created, s.sweeper == nil && idleTimeout != nil)
        }
        if startSweeper { startIdleSweeper() }
        return instance
    }

    /// Ends a lease taken with ``lease(_:make:)``; evicts idle instances if the registry is
    /// over its cap (it may have grown past it while every instance was leased).
    func release(_ stream: StreamID, _ instance: some AnyAggregateInstance) {
        instance.leases.subtract(1, ordering: .sequentiallyConsistent)
        state.withLock { s in
            s.entries[stream]?.lastUsed = .now
            if s.entries.count > maxResident { evictIdle(beyond: maxResident, &s) }
        }
    }

    /// Evicts least recently used instances that no caller holds until at most `cap` remain,
    /// or none is idle.
    private func evictIdle(beyond cap: Int, _ s: inout State) {
        guard s.entries.count > cap else { return }
        var victims: [StreamID] = []
        for key in s.lru.oldestFirst() {
            if s.entries.count - victims.count <= cap { break }
            if let e = s.entries[key], e.instance.leases.load(ordering: .sequentiallyConsistent) == 0 {
                victims.append(key)
            }
        }
        for key in victims { drop(key, &s) }
    }

    private func drop(_ key: StreamID, _ s: inout State) {
        s.entries[key] = nil
        s.lru.remove(key)
        counters.evicted.add(1, ordering: .relaxed)
        counters.resident.record(s.entries.count)
        counters.logger.debug("evicted an idle aggregate instance", metadata: ["stream": "\(key)", "resident": "\(s.entries.count)"])
    }

    /// Evicts instances idle for longer than the timeout.
    func evictIdle(now: ContinuousClock.Instant = .now) {
        guard let idleTimeout else { return }
        state.withLock { s in
            var victims: [StreamID] = []
            for key in s.lru.oldestFirst() {
                guard let e = s.entries[key] else { continue }
                guard now - e.lastUsed >= idleTimeout else { break }
                if e.instance.leases.load(ordering: .sequentiallyConsistent) == 0 { victims.append(key) }
            }
            for key in victims { drop(key, &s) }
        }
    }

    private func startIdleSweeper() {
        guard let idleTimeout else { return }
        let interval = min(idleTimeout / 2, .seconds(1))
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                self.evictIdle()
            }
        }
        state.withLock { s in
            if s.sweeper == nil { s.sweeper = task } else { task.cancel() }
        }
    }

    /// Drops every instance and stops the idle sweeper.
    func removeAll() {
        state.withLock { s in
            s.sweeper?.cancel()
            s.sweeper = nil
            s.entries.removeAll()
            s.lru = LRUIndex()
            counters.resident.record(0)
        }
    }

    deinit {
        state.withLock { $0.sweeper?.cancel() }
    }
}
