import EventScope
import EventScopeTesting
import Foundation
@testable import EventScopeSQLite
import Dispatch
import Testing

/// An insert that fails on the UNIQUE event-id index inside a group (a retry, an id of another
/// stream, the same id twice in one append) is that append's own outcome: the appends queued
/// with it in the same transaction still get theirs, and nothing crashes.
///
/// The writer queue is held by a blocked write while three appends are queued one after the
/// other, so they are written together, in that order: a fresh append (which prepares the
/// group's statements), the duplicate, and another fresh append (which reuses the statements
/// after the failure). Before the fix the last one reset GRDB's failed statement with `try!`
/// and killed the process (first reproduced with the writer kept busy by a 40,000-event append).
@Suite("Group commit: failed inserts inside a group")
struct GroupCommitDuplicateTests {
    enum Duplicate: String, CaseIterable, CustomTestStringConvertible {
        /// Re-appends two events that are already stored in the same stream.
        case retry
        /// Appends an event whose id is stored in another stream.
        case idOfAnotherStream
        /// One append carrying the same event twice.
        case sameIDTwice

        var testDescription: String { rawValue }
    }

    @Test("each append of a busy group gets its own outcome", arguments: Duplicate.allCases)
    func busyGroup(_ duplicate: Duplicate) async throws {
        let directory = TemporaryDirectory("group-dup")
        defer { directory.remove() }
        let store = try await SQLiteEventStore.open(path: directory.path("events.sqlite"), options: .init(durable: false))
        let stored = StoreContract.events(2)
        let original = try await store.append(stored, to: "dup-1", expected: .noStream)
        let before = store.writeStats

        // Holds the writer queue until the three appends are queued.
        let gate = DispatchSemaphore(value: 0)
        store.database.asyncWriteWithoutTransaction { _ in gate.wait() }
        func queued(_ n: Int) async throws {
            let deadline = ContinuousClock.now + .seconds(10)
            while store.committer.queuedCount < n, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(1)) }
            try #require(store.committer.queuedCount == n)
        }

        let (duplicateEvents, duplicateStream): ([ProposedEvent], StreamID) = switch duplicate {
        case .retry: (stored, "dup-1")
        case .idOfAnotherStream: ([stored[0]], "dup-2")
        case .sameIDTwice: ({ let e = StoreContract.events(1)[0]; return [e, e] }(), "dup-3")
        }
        // Queued one after the other while the writer is held: they form the next group. (An
        // append carrying one id twice is refused before it is queued.)
        let first = Task { try await store.append(StoreContract.events(2), to: "fresh-1", expected: .noStream) }
        try await queued(1)
        let middle = Task { try await store.append(duplicateEvents, to: duplicateStream, expected: .any) }
        if duplicate != .sameIDTwice { try await queued(2) }
        let last = Task { try await store.append(StoreContract.events(2), to: "fresh-2", expected: .noStream) }
        try await queued(duplicate == .sameIDTwice ? 2 : 3)
        gate.signal()

        let firstResult = await first.result
        let middleResult = await middle.result
        let lastResult = await last.result
        let after = store.writeStats

        // The queued appends shared one transaction (else this test proves nothing).
        #expect(after.appends - before.appends == (duplicate == .sameIDTwice ? 2 : 3))
        #expect(after.transactions - before.transactions == 1, "the appends were not grouped: \(before) → \(after)")

        #expect(try firstResult.get().version == 2)
        #expect(try lastResult.get().version == 2)
        switch duplicate {
        case .retry:
            #expect(try middleResult.get().events == original.events)
        case .idOfAnotherStream:
            #expect(throws: EventStoreError.duplicateEventID(stream: "dup-2", eventID: stored[0].eventID.uuidString)) { try middleResult.get() }
        case .sameIDTwice:
            #expect(throws: EventStoreError.duplicateEventID(stream: "dup-3", eventID: duplicateEvents[0].eventID.uuidString)) {
                try middleResult.get()
            }
        }
        // Nothing of the refused appends was written; everything else was, once.
        let all = try await store.readAll(from: 1, limit: 100_000)
        let written = 6  // the first 2, the two fresh appends
        #expect(all.count == written)
        #expect(all.map(\.position.value) == Array(1...Int64(all.count)))
        let duplicateVersion: StreamVersion? = duplicate == .retry ? 2 : nil
        #expect(try await store.streamInfo(duplicateStream)?.version == duplicateVersion)
        await store.close()
    }
}
