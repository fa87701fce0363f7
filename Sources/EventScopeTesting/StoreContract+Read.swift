import EventScope
import Foundation
import Testing

extension StoreContract {
    static var readChecks: [Check] {
        [
            check("reads a stream forwards and backwards in pages") { store in
                _ = try await store.append(events(10), to: "log-1", expected: .any)
                _ = try await store.append(events(3), to: "log-2", expected: .any)
                _ = try await store.append(events(5, start: 11), to: "log-1", expected: .any)
                let page1 = try await store.read("log-1", from: 1, limit: 6)
                #expect(page1.map(\.version.value) == Array(1...6))
                let page2 = try await store.read("log-1", from: 7, limit: 6)
                #expect(page2.map(\.version.value) == Array(7...12))
                let tail = try await store.read("log-1", from: 13, limit: 6)
                #expect(tail.map(\.version.value) == [13, 14, 15])
                #expect(try await store.read("log-1", from: 16, limit: 6).isEmpty)
                #expect(try await store.read("log-1", from: 3, limit: 0).isEmpty)
                let newest = try await store.readBackward("log-1", from: nil, limit: 4)
                #expect(newest.map(\.version.value) == [15, 14, 13, 12])
                let older = try await store.readBackward("log-1", from: 3, limit: 4)
                #expect(older.map(\.version.value) == [3, 2, 1])
                let whole = try await store.readStream("log-1")
                #expect(whole.count == 15)
                #expect(whole.allSatisfy { $0.streamID == "log-1" })
                // Data follows the versions: {"n": version}.
                #expect(whole.map { String(decoding: $0.data, as: UTF8.self) } == (1...15).map { "{\"n\":\($0)}" })
            },
            check("reads $all forwards and backwards in pages across streams") { store in
                for i in 0..<20 { _ = try await store.append(events(1 + i % 3), to: StreamID("s-\(i % 4)"), expected: .any) }
                let all = try await readEverything(store, pageSize: 7)
                #expect(all.count == 39)  // 7 appends of 1, 7 of 2, 6 of 3
                expectWellFormed(all)
                let middle = try await store.readAll(from: 11, limit: 5)
                #expect(middle.map(\.position.value) == Array(11...15))
                let back = try await store.readAllBackward(from: nil, limit: 3)
                #expect(back.map(\.position.value) == [39, 38, 37])
                let backFrom = try await store.readAllBackward(from: 2, limit: 5)
                #expect(backFrom.map(\.position.value) == [2, 1])
                #expect(try await store.readAll(from: 40, limit: 5).isEmpty)
            },
        ]
    }

    static var listingChecks: [Check] {
        [
            check("lists streams by recent change and by name, paged and filtered") { store in
                _ = try await store.append(events(2, type: "counter.created"), to: "counter-b", expected: .any)
                _ = try await store.append(events(1, type: "account.opened"), to: "account-1", expected: .any)
                _ = try await store.append(events(1, type: "counter.incremented"), to: "counter-a", expected: .any)
                _ = try await store.append(events(1, type: "account.deposited"), to: "account-2", expected: .any)
                _ = try await store.append(events(1, type: "counter.incremented"), to: "counter-b", expected: .any)

                let recent = try await store.streams(after: nil, limit: 10, query: StreamQuery(order: .recent))
                #expect(recent.map(\.streamID) == ["counter-b", "account-2", "counter-a", "account-1"])
                #expect(recent[0].version == 3)
                #expect(recent[0].lastPosition == 6)
                #expect(recent[0].lastEventType == "counter.incremented")
                #expect(recent[0].category == "counter")

                let byName = try await store.streams(after: nil, limit: 10, query: StreamQuery(order: .name))
                #expect(byName.map(\.streamID) == ["account-1", "account-2", "counter-a", "counter-b"])

                // Paging with cursors visits every stream once.
                for order in [StreamQuery.Order.recent, .name] {
                    var seen: [StreamID] = []
                    var cursor: StreamCursor?
                    while true {
                        let page = try await store.streams(after: cursor, limit: 3, query: StreamQuery(order: order))
                        seen += page.map(\.streamID)
                        guard let last = page.last, page.count == 3 else { break }
                        cursor = .after(last, order: order)
                    }
                    #expect(seen == (order == .recent ? recent : byName).map(\.streamID))
                }

                let counters = try await store.streams(after: nil, limit: 10, query: StreamQuery(category: "counter", order: .name))
                #expect(counters.map(\.streamID) == ["counter-a", "counter-b"])
                let matching = try await store.streams(after: nil, limit: 10, query: StreamQuery(contains: "DEPOS", order: .name))
                #expect(matching.map(\.streamID) == ["account-2"])
                let byID = try await store.streams(after: nil, limit: 10, query: StreamQuery(contains: "nt-1"))
                #expect(byID.map(\.streamID) == ["account-1"])

                let info = try #require(try await store.streamInfo("account-2"))
                #expect(info.version == 1 && info.lastPosition == 5 && info.lastEventType == "account.deposited")
                #expect(try await store.stats() == StoreStats(eventCount: 6, streamCount: 4, headPosition: 6))
            }
        ]
    }
}
