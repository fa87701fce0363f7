import EventScope
import Foundation
import Synchronization

/// Pages of history fetched before they are asked for, so a reader going through `$all` or a
/// long stream page by page (a subscription catching up, a handler rebuilding, a cold load)
/// waits for one short check per page instead of a whole read, and several pages are fetched
/// and decoded at once on the connection threads while the reader works.
///
/// After a reader gets a *full* page of `limit` events, the next ``depth`` pages are fetched in
/// the background, keyed by where they start (positions and versions are dense, so the next
/// pages start at `last + 1`, `last + 1 + limit`, …; a guess that misses is never asked for and
/// ages out).
///
/// Why a page fetched earlier is still the right answer: history is append-only, so the
/// `limit` events from a start, once there are that many, never change. A fetched page is
/// therefore only used when it is full, and only after a check made during the reader's call
/// finds its last entry still in `P:all` with the same event id and time: the page is then what
/// a read at that moment would return (a store that was emptied since, `FLUSHDB` or
/// ``RedisEventStore/deleteAll()``, fails the check and everything fetched is dropped).
/// A page shorter than `limit` (the end of history) is never used: the reader reads again, so
/// it sees every event committed before its call.
final class ReadAhead: Sendable {
    enum Key: Hashable, Sendable {
        /// `$all` from a position.
        case all(start: Int64, limit: Int)
        /// A stream from a version.
        case stream(StreamID, start: Int64, limit: Int)
    }

    /// How many pages ahead of a reader are fetched.
    static let depth = 3
    /// Smaller pages are not read ahead (a reader taking a few events at a time is live, not
    /// going through history).
    static let minimumLimit = 100
    /// Pages fetched at most at once, over all readers (the oldest is dropped first).
    static let capacity = 12
    /// A page not asked for within this time is dropped.
    static let lifetime: Duration = .seconds(5)

    private struct Entry {
        let task: Task<[RecordedEvent], any Error>
        let made: ContinuousClock.Instant
        let order: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var next: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Removes and returns the page fetched for `key`, if any (and not too old).
    func take(_ key: Key) -> Task<[RecordedEvent], any Error>? {
        state.withLock { s in
            guard let entry = s.entries.removeValue(forKey: key) else { return nil }
            return ContinuousClock.now - entry.made < Self.lifetime ? entry.task : nil
        }
    }

    /// Starts fetching `key` with `fetch` unless it is already fetched or being fetched.
    func offer(_ key: Key, _ fetch: @escaping @Sendable () async throws -> [RecordedEvent]) {
        state.withLock { s in
            guard s.entries[key] == nil else { return }
            let now = ContinuousClock.now
            s.entries = s.entries.filter { now - $0.value.made < Self.lifetime }
            while s.entries.count >= Self.capacity, let oldest = s.entries.min(by: { $0.value.order < $1.value.order }) {
                s.entries.removeValue(forKey: oldest.key)
            }
            s.next += 1
            s.entries[key] = Entry(task: Task { try await fetch() }, made: now, order: s.next)
        }
    }

    /// Drops every page fetched (the store was emptied or found changed).
    func clear() {
        state.withLock { $0.entries.removeAll() }
    }

    /// How many pages are held (for tests).
    var count: Int { state.withLock { $0.entries.count } }
}
