import EventScope
import Foundation
import Testing

extension StoreContract {
    static var appendChecks: [Check] {
        [
            check("empty store has no events, streams or head") { store in
                let stats = try await store.stats()
                #expect(stats == StoreStats(eventCount: 0, streamCount: 0, headPosition: .start))
                #expect(try await store.readAll(from: 1, limit: 10).isEmpty)
                #expect(try await store.readAllBackward(from: nil, limit: 10).isEmpty)
                #expect(try await store.read("a-1", from: 1, limit: 10).isEmpty)
                #expect(try await store.streams(after: nil, limit: 10, query: StreamQuery()).isEmpty)
                #expect(try await store.streamInfo("a-1") == nil)
            },
            check("append numbers versions 1…n and positions in commit order") { store in
                let first = try await store.append(events(3), to: "order-1", expected: .noStream)
                #expect(first.version == 3)
                #expect(first.events.map(\.version) == [1, 2, 3])
                #expect(first.events.map(\.position) == [1, 2, 3])
                let second = try await store.append(events(2), to: "order-2", expected: .noStream)
                #expect(second.events.map(\.position) == [4, 5])
                #expect(second.events.map(\.version) == [1, 2])
                let third = try await store.append(events(1), to: "order-1", expected: .exact(3))
                #expect(third.events.map(\.version) == [4])
                #expect(third.events.map(\.position) == [6])
                #expect(try await store.stats() == StoreStats(eventCount: 6, streamCount: 2, headPosition: 6))
            },
            check("recorded events keep id, type, data bytes and metadata") { store in
                let correlation = UUID()
                let causation = UUID()
                let proposed = ProposedEvent(
                    type: "note.written",
                    data: Data(#"{"text":"héllo \u001b[31m 日本","n":1.5}"#.utf8),
                    metadata: EventMetadata(correlationID: correlation, causationID: causation, custom: ["user": "ada"]))
                let before = Date().addingTimeInterval(-5)
                _ = try await store.append([proposed], to: "note-1", expected: .any)
                let read = try #require(try await store.read("note-1", from: 1, limit: 1).first)
                #expect(read.eventID == proposed.eventID)
                #expect(read.type == "note.written")
                #expect(read.data == proposed.data)
                #expect(read.metadata == proposed.metadata)
                #expect(read.streamID == "note-1")
                #expect(read.recordedAt > before && read.recordedAt < Date().addingTimeInterval(5))
                let viaAll = try #require(try await store.readAll(from: 1, limit: 1).first)
                #expect(viaAll == read)
            },
            check("expected version mismatches throw wrongExpectedVersion and write nothing") { store in
                _ = try await store.append(events(2), to: "acct-1", expected: .any)
                let cases: [(StreamID, ExpectedVersion, StreamVersion)] = [
                    ("acct-1", .noStream, 2), ("acct-1", .exact(1), 2), ("acct-1", .exact(3), 2),
                    ("acct-2", .streamExists, 0), ("acct-2", .exact(1), 0),
                ]
                for (stream, expected, actual) in cases {
                    await #expect(throws: EventStoreError.wrongExpectedVersion(stream: stream, expected: expected, actual: actual)) {
                        try await store.append(events(1), to: stream, expected: expected)
                    }
                }
                #expect(try await store.stats().eventCount == 2)
                #expect(try await store.streamInfo("acct-2") == nil)
                // The satisfied forms succeed.
                _ = try await store.append(events(1), to: "acct-1", expected: .streamExists)
                _ = try await store.append(events(1), to: "acct-1", expected: .exact(3))
                _ = try await store.append(events(1), to: "acct-2", expected: .exact(.none))
                #expect(try await store.stats().eventCount == 5)
            },
            check("a multi-event append that conflicts writes none of its events") { store in
                _ = try await store.append(events(1), to: "s-1", expected: .any)
                await #expect(throws: EventStoreError.self) {
                    try await store.append(events(5), to: "s-1", expected: .exact(7))
                }
                #expect(try await readEverything(store).count == 1)
                #expect(try await store.currentVersion(of: "s-1") == 1)
            },
            check("re-appending the same event ids is idempotent") { store in
                let batch = events(3)
                let first = try await store.append(batch, to: "pay-1", expected: .noStream)
                let again = try await store.append(batch, to: "pay-1", expected: .noStream)
                #expect(again.events == first.events)
                #expect(again.version == 3)
                #expect(try await store.stats().eventCount == 3)
                // A retry that comes after other events still returns the originals.
                _ = try await store.append(events(1), to: "pay-1", expected: .exact(3))
                let late = try await store.append(batch, to: "pay-1", expected: .exact(3))
                #expect(late.events == first.events)
                #expect(try await store.stats().eventCount == 4)
            },
            check("partly re-used or foreign event ids are refused and write nothing") { store in
                let batch = events(2)
                _ = try await store.append(batch, to: "x-1", expected: .any)
                let mixed = [batch[0]] + events(1)
                await #expect(throws: EventStoreError.self) {
                    try await store.append(mixed, to: "x-1", expected: .any)
                }
                await #expect(throws: EventStoreError.self) {
                    try await store.append([batch[1]], to: "x-2", expected: .any)
                }
                #expect(try await store.stats().eventCount == 2)
                #expect(try await store.streamInfo("x-2") == nil)
            },
            check("an append that repeats an event id is refused with duplicateEventID and writes nothing") { store in
                // Rule: one event id names one event. An append carrying the same id twice is
                // refused as a whole, whatever its expected version says, on a new stream or an
                // existing one, and the store is as it was.
                let event = events(1)[0]
                let others = events(2, start: 10)
                _ = try await store.append(events(1), to: "twice-1", expected: .noStream)
                let cases: [(StreamID, ExpectedVersion, [ProposedEvent])] = [
                    ("twice-2", .noStream, [event, event]),
                    ("twice-2", .any, [others[0], event, others[1], event]),
                    ("twice-1", .exact(1), [event, others[0], event]),
                    ("twice-1", .exact(5), [event, event]),
                    ("twice-1", .streamExists, [others[0], others[0]]),
                ]
                for (stream, expected, proposed) in cases {
                    let repeated = proposed.first { e in proposed.filter { $0.eventID == e.eventID }.count > 1 }!
                    await #expect(throws: EventStoreError.duplicateEventID(stream: stream, eventID: repeated.eventID.uuidString)) {
                        try await store.append(proposed, to: stream, expected: expected)
                    }
                }
                #expect(try await store.stats() == StoreStats(eventCount: 1, streamCount: 1, headPosition: 1))
                #expect(try await store.streamInfo("twice-2") == nil)
                // The ids were not taken: each can still be appended once.
                let later = try await store.append([event] + others, to: "twice-2", expected: .noStream)
                #expect(later.events.map(\.position) == [2, 3, 4])
            },
        ]
    }
}
