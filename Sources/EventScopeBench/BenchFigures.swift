import Foundation

/// What `eventscope bench` measured (``json`` for tools; the executable also prints a table).
public struct BenchFigures: Sendable {
    /// Stream lengths measured (events per aggregate).
    public static let lengths = EngineBench.lengths
    /// Concurrent clients measured.
    public static let clientCounts = EngineBench.clientCounts

    public let store: String
    public let quick: Bool
    /// Counters the throughput clients spread over (and the limit's streams).
    public let streams: Int
    /// Median µs per command on a resident aggregate, by stream length.
    public let hotLatencyUS: [Int: Double]
    /// Median ms to load an aggregate, by stream length.
    public let coldLoadMS: [Int: Double]
    /// Median ms to load an aggregate folding every event (snapshots off), by stream length.
    public var coldLoadNoSnapshotMS: [Int: Double] = [:]
    /// Acknowledged commands per second, by concurrent clients.
    public let throughput: [Int: Double]
    /// The store's own appends per second.
    public let storeLimit: Double
    /// How the limit was measured.
    public let limitMethod: String
    /// Appends per second straight to the store from 64 tasks, without the engine.
    public var storeAppend64: Double?
    /// Appends per write transaction during the 64-client run (SQLite group commit), if known.
    public var averageGroup: Double?
    /// Fraction of the 64-client run the SQLite writer spent in write transactions.
    public var writerBusy: Double?
    /// Further rows (terminal rendering), in the order measured.
    public var extra: [BenchRow] = []

    /// Figures holding only `rows` (a bench asked for one part alone: nothing else measured).
    static func only(_ rows: [BenchRow], store: String, quick: Bool, streams: Int) -> BenchFigures {
        var figures = BenchFigures(
            store: store, quick: quick, streams: streams, hotLatencyUS: [:], coldLoadMS: [:], throughput: [:], storeLimit: 0,
            limitMethod: "not measured")
        figures.extra = rows
        return figures
    }

    /// 64-client throughput ÷ the store's limit.
    public var ratio: Double { storeLimit > 0 ? (throughput[64] ?? 0) / storeLimit : 0 }

    /// The figures as one JSON object (keys sorted when printed), rounded for people.
    public var json: [String: Any] {
        func keyed(_ d: [Int: Double], digits: Double) -> [String: Double] {
            Dictionary(uniqueKeysWithValues: d.map { (String($0.key), ($0.value * digits).rounded() / digits) })
        }
        var object: [String: Any] = [
            "store": store, "quick": quick, "streams": streams,
            "hot_latency_us": keyed(hotLatencyUS, digits: 10),
            "cold_load_ms": keyed(coldLoadMS, digits: 100),
            "cold_load_no_snapshot_ms": keyed(coldLoadNoSnapshotMS, digits: 100),
            "throughput_per_s": keyed(throughput, digits: 1),
            "store_limit_per_s": storeLimit.rounded(), "store_limit_method": limitMethod,
            "throughput_ratio": (ratio * 1000).rounded() / 1000,
            "hot_latency_ratio_100000_to_10": hotLatencyUS[10].map { (((hotLatencyUS[100_000] ?? 0) / $0) * 1000).rounded() / 1000 } ?? 0,
        ]
        if let storeAppend64 { object["store_append_64_per_s"] = storeAppend64.rounded() }
        if let averageGroup { object["sqlite_appends_per_transaction"] = (averageGroup * 10).rounded() / 10 }
        if let writerBusy { object["sqlite_writer_busy"] = (writerBusy * 1000).rounded() / 1000 }
        for row in extra { object[row.key] = (row.value * 100).rounded() / 100 }
        return object
    }
}
