import Foundation
import Synchronization

/// Maps each stream to exactly one live ``AggregateInstance`` in this process, bounded by a
/// maximum count (least-recently-used eviction) and an idle timeout.
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

    /// The instance for `stream`, created by `make` on first use (or after eviction).
    func instance<I: AnyAggregateInstance>(for stream: StreamID, make: () -> I) -> I {
        let now = ContinuousClock.now
        let (instance, startSweeper): (I, Bool) = state.withLock { s in
            if var entry = s.entries[stream], let existing = entry.instance as? I {
                entry.lastUsed = now
                s.entries[stream] = entry
                s.lru.touch(stream)
                return (existing, false)
            }
            let created = make()
            if s.entries.count >= maxResident { evictOne(&s) }
            s.entries[stream] = Entry(instance: created, lastUsed: now)
            s.lru.touch(stream)
            return (created, s.sweeper == nil && idleTimeout != nil)
        }
        if startSweeper { startIdleSweeper() }
        return instance
    }

    /// Drops the least recently used instance, preferring one with no command in flight.
    /// An evicted instance still finishes what it was running; the store's expected
    /// version keeps a successor instance for the same stream correct.
    private func evictOne(_ s: inout State) {
        var victim: StreamID?
        var scanned = 0
        for key in s.lru.oldestFirst() {
            if victim == nil { victim = key }
            if let e = s.entries[key], e.instance.inFlight == 0 {
                victim = key
                break
            }
            scanned += 1
            if scanned >= 64 { break }
        }
        guard let victim else { return }
        s.entries[victim] = nil
        s.lru.remove(victim)
        counters.evicted.add(1, ordering: .relaxed)
    }

    /// Evicts instances idle for longer than the timeout.
    func evictIdle(now: ContinuousClock.Instant = .now) {
        guard let idleTimeout else { return }
        state.withLock { s in
            for key in Array(s.lru.oldestFirst()) {
                guard let e = s.entries[key] else { continue }
                guard now - e.lastUsed >= idleTimeout else { break }
                if e.instance.inFlight > 0 { continue }
                s.entries[key] = nil
                s.lru.remove(key)
                counters.evicted.add(1, ordering: .relaxed)
            }
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
        }
    }

    deinit {
        state.withLock { $0.sweeper?.cancel() }
    }
}
