import EventScopeDemo
import EventScope
import Foundation

/// Reading history: `$all` and one long stream, read and decoded as a subscription, a handler
/// or a cold load does.
enum ReadBench {
    /// Events of `$all` read per measurement (the store is filled to as many first).
    static func allEvents(quick: Bool) -> Int { quick ? 100_000 : 1_000_000 }

    /// `all_read_per_s`: `$all` from position 1 in pages of 1,000 into `RecordedEvent`s;
    /// `stream_read_per_s`: the 100,000-event counter's stream the same way;
    /// `stream_decode_per_s`: that stream read and decoded into domain events by the codec.
    /// Medians of a few runs.
    static func run(store: any EventStore, quick: Bool, longStream: StreamID, codec: EventCodec) async throws -> [BenchRow] {
        let total = allEvents(quick: quick)
        try await ExplorerBench.fill(store, to: total)
        let runs = quick ? 3 : 5
        var all: [Double] = []
        var stream: [Double] = []
        var decode: [Double] = []
        for _ in 0..<runs {
            all.append(try await timed(total) { try await readAll(store, count: total) })
            let length = try await store.readStream(longStream, from: 1, pageSize: 1_000).count
            stream.append(try await timed(length) { try await store.readStream(longStream, from: 1, pageSize: 1_000).count })
            decode.append(try await timed(length) {
                var n = 0
                for r in try await store.readStream(longStream, from: 1, pageSize: 1_000) {
                    if case .event = codec.decode(r) { n += 1 }
                }
                return n
            })
        }
        return [
            BenchRow("all_read_per_s", EngineBench.median(all), "events/s"),
            BenchRow("stream_read_per_s", EngineBench.median(stream), "events/s"),
            BenchRow("stream_decode_per_s", EngineBench.median(decode), "events/s"),
        ]
    }

    /// Events per second of `body`, which returns how many events it handled (must be `expected`).
    private static func timed(_ expected: Int, _ body: () async throws -> Int) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let n = try await body()
        let seconds = (clock.now - start).asSeconds
        guard n == expected else { throw BenchFailure("bench: read \(n) events, expected \(expected)") }
        return Double(n) / seconds
    }

    private static func readAll(_ store: any EventStore, count: Int) async throws -> Int {
        var next = GlobalPosition(1)
        var n = 0
        while n < count {
            let page = try await store.readAll(from: next, limit: min(1_000, count - n))
            guard let last = page.last else { break }
            n += page.count
            next = GlobalPosition(last.position.value + 1)
        }
        return n
    }
}
