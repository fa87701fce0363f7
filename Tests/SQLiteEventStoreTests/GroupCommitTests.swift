import EventScope
import EventScopeTesting
import Foundation
import EventScopeSQLite
import Testing

@Suite("Group commit")
struct GroupCommitTests {
    @Test("concurrent appends share transactions, and a conflict fails only its own append")
    func conflictIsolation() async throws {
        let directory = TemporaryDirectory("group")
        defer { directory.remove() }
        let store = try await SQLiteEventStore.open(path: directory.path("events.sqlite"))
        // Streams 0..<60 start at version 1; every 5th append expects the wrong version.
        for i in 0..<60 { _ = try await store.append(StoreContract.events(1), to: StreamID("g-\(i)"), expected: .noStream) }
        let before = store.writeStats

        let outcomes = await withTaskGroup(of: (Int, Result<AppendResult, any Error>).self) { group in
            for i in 0..<60 {
                group.addTask {
                    let expected: ExpectedVersion = i % 5 == 0 ? .exact(7) : .exact(1)
                    do {
                        return (i, .success(try await store.append(StoreContract.events(2), to: StreamID("g-\(i)"), expected: expected)))
                    } catch {
                        return (i, .failure(error))
                    }
                }
            }
            return await group.reduce(into: [Int: Result<AppendResult, any Error>]()) { $0[$1.0] = $1.1 }
        }

        for i in 0..<60 {
            switch outcomes[i]! {
            case .success(let result):
                #expect(i % 5 != 0, "append \(i) should have conflicted")
                #expect(result.version == 3)
            case .failure(let error):
                #expect(i % 5 == 0, "append \(i) failed: \(error)")
                #expect(error as? EventStoreError == .wrongExpectedVersion(stream: StreamID("g-\(i)"), expected: .exact(7), actual: 1))
            }
        }
        let after = store.writeStats
        #expect(after.appends - before.appends == 60)
        #expect(after.transactions - before.transactions < 60, "no two appends shared a transaction: \(before) → \(after)")

        let all = try await store.readAll(from: 1, limit: 1_000)
        #expect(all.count == 60 + 48 * 2)
        #expect(all.map(\.position.value) == Array(1...Int64(all.count)))
        for i in stride(from: 0, to: 60, by: 5) {
            #expect(try await store.currentVersion(of: StreamID("g-\(i)")) == 1)
        }
        await store.close()
    }

    @Test("a lone append is written at once, in a transaction of its own")
    func loneAppend() async throws {
        let directory = TemporaryDirectory("lone")
        defer { directory.remove() }
        let store = try await SQLiteEventStore.open(path: directory.path("events.sqlite"))
        let clock = ContinuousClock()
        var times: [Duration] = []
        for i in 0..<21 {
            let start = clock.now
            _ = try await store.append(StoreContract.events(1), to: "lone-1", expected: .exact(StreamVersion(Int64(i))))
            times.append(clock.now - start)
        }
        #expect(store.writeStats.appends == 21 && store.writeStats.transactions == 21)
        // One commit (with its fsync) takes well under a millisecond on a quiet machine; a
        // batching timer would add its delay to every lone append. The bound is loose because
        // the whole test suite shares two cores and one disk.
        let median = times.sorted()[10]
        #expect(median < .milliseconds(500), "median lone append took \(median)")
        await store.close()
    }
}
