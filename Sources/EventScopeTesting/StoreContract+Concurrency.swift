import EventScope
import Foundation
import Testing

extension StoreContract {
    static var concurrencyChecks: [Check] {
        [
            check("concurrent appends from many tasks keep positions gap-free and versions contiguous") { store in
                let tasks = 20
                let appendsPerTask = 15
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for t in 0..<tasks {
                        group.addTask {
                            for i in 0..<appendsPerTask {
                                // Half the tasks share one hot stream; the rest use their own.
                                let stream = StreamID(t % 2 == 0 ? "hot-1" : "own-\(t)")
                                _ = try await store.append(events(1 + i % 2), to: stream, expected: .any)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let all = try await readEverything(store)
                let expected = tasks * ((appendsPerTask + 1) / 2 * 1 + appendsPerTask / 2 * 2)
                #expect(all.count == expected)
                expectWellFormed(all)
                #expect(Set(all.map(\.eventID)).count == all.count)
                #expect(try await store.stats().eventCount == Int64(expected))
            },
            check("concurrent appends expecting the same version: exactly one wins each round") { store in
                _ = try await store.append(events(1), to: "race-1", expected: .noStream)
                for round in 1...5 {
                    let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                        for _ in 0..<8 {
                            group.addTask {
                                do {
                                    _ = try await store.append(events(2), to: "race-1", expected: .exact(StreamVersion(Int64(1 + (round - 1) * 2))))
                                    return true
                                } catch EventStoreError.wrongExpectedVersion {
                                    return false
                                }
                            }
                        }
                        return try await group.reduce(into: [Bool]()) { $0.append($1) }
                    }
                    #expect(outcomes.filter { $0 }.count == 1, "round \(round): \(outcomes)")
                }
                let stream = try await store.readStream("race-1")
                #expect(stream.map(\.version.value) == Array(1...11))
            },
        ]
    }
}
