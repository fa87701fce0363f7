import EventScope
import Foundation
import Synchronization
import Testing

extension StoreContract {
    static var subscriptionChecks: [Check] {
        [
            check("waitForEvents wakes on a commit and returns on timeout when nothing happens") { store in
                let clock = ContinuousClock()
                let idle = try await clock.measure {
                    try await store.waitForEvents(after: .start, timeout: .milliseconds(200))
                }
                #expect(idle >= .milliseconds(150), "returned after \(idle) with nothing committed")
                let waiter = Task {
                    try await clock.measure { try await store.waitForEvents(after: .start, timeout: .seconds(10)) }
                }
                try await Task.sleep(for: .milliseconds(50))
                _ = try await store.append(events(1), to: "w-1", expected: .any)
                let woke = try await waiter.value
                #expect(woke < .seconds(2), "took \(woke) to wake")
                // Already past: returns at once.
                let immediate = try await clock.measure { try await store.waitForEvents(after: .start, timeout: .seconds(10)) }
                #expect(immediate < .seconds(1))
            },
            check("subscribeAll replays stored events, then continues live with no gap or duplicate") { store in
                for i in 0..<30 { _ = try await store.append(events(1), to: StreamID("sub-\(i % 3)"), expected: .any) }
                let total = 30 + 200
                let reader = Task {
                    var seen: [RecordedEvent] = []
                    for try await e in store.subscribeAll(from: 1) {
                        seen.append(e)
                        if seen.count == total { break }
                    }
                    return seen
                }
                // Writers race the switch from replay to live.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for w in 0..<4 {
                        group.addTask {
                            for i in 0..<50 {
                                _ = try await store.append(events(1), to: StreamID("live-\(w)"), expected: .any)
                                if i % 10 == 0 { try await Task.sleep(for: .milliseconds(1)) }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let seen = try await withTimeout(.seconds(20)) { try await reader.value }
                #expect(seen.map(\.position.value) == Array(1...Int64(total)))
                #expect(seen == (try await readEverything(store)))
            },
            check("subscribeAll from a middle position starts exactly there") { store in
                _ = try await store.append(events(10), to: "m-1", expected: .any)
                var it = store.subscribeAll(from: 7).makeAsyncIterator()
                var got: [Int64] = []
                for _ in 0..<4 { if let e = try await it.next() { got.append(e.position.value) } }
                #expect(got == [7, 8, 9, 10])
            },
            check("a slow subscriber still gets every event in order while writers run ahead") { store in
                let total = 1_500
                let reader = Task {
                    var positions: [Int64] = []
                    for try await e in store.subscribeAll(from: 1) {
                        positions.append(e.position.value)
                        if positions.count % 100 == 0 { try await Task.sleep(for: .milliseconds(20)) }
                        if positions.count == total { break }
                    }
                    return positions
                }
                for i in 0..<(total / 10) {
                    _ = try await store.append(events(10), to: StreamID("slow-\(i % 7)"), expected: .any)
                }
                let positions = try await withTimeout(.seconds(30)) { try await reader.value }
                #expect(positions == Array(1...Int64(total)))
            },
        ]
    }
}

/// Runs `body`, failing if it takes longer than `limit`.
public func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw TimeoutError(limit: limit)
        }
        let first = try await group.next()!
        group.cancelAll()
        return first
    }
}

/// Thrown by ``withTimeout(_:_:)``.
public struct TimeoutError: Error, CustomStringConvertible {
    public let limit: Duration
    public var description: String { "timed out after \(limit)" }
}
