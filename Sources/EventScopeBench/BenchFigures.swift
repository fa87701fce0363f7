import Foundation

/// What `eventscope bench` measured, as a table or one JSON object.
struct BenchFigures {
    let store: String
    let quick: Bool
    /// Counters the throughput clients spread over (and the limit's streams).
    let streams: Int
    /// Median µs per command on a resident aggregate, by stream length.
    let hotLatencyUS: [Int: Double]
    /// Median ms to load an aggregate, by stream length.
    let coldLoadMS: [Int: Double]
    /// Acknowledged commands per second, by concurrent clients.
    let throughput: [Int: Double]
    /// The store's own appends per second.
    let storeLimit: Double
    /// How the limit was measured.
    let limitMethod: String
    /// Appends per second straight to the store from 64 tasks, without the engine.
    var storeAppend64: Double?
    /// Appends per write transaction during the 64-client run (SQLite group commit), if known.
    var averageGroup: Double?
    /// Fraction of the 64-client run the SQLite writer spent in write transactions.
    var writerBusy: Double?
    /// Further rows (terminal rendering), in the order measured.
    var extra: [(name: String, value: Double, unit: String)] = []

    /// 64-client throughput ÷ the store's limit.
    var ratio: Double { storeLimit > 0 ? (throughput[64] ?? 0) / storeLimit : 0 }

    var json: [String: Any] {
        func keyed(_ d: [Int: Double], digits: Double) -> [String: Double] {
            Dictionary(uniqueKeysWithValues: d.map { (String($0.key), ($0.value * digits).rounded() / digits) })
        }
        var object: [String: Any] = [
            "store": store, "quick": quick, "streams": streams,
            "hot_latency_us": keyed(hotLatencyUS, digits: 10),
            "cold_load_ms": keyed(coldLoadMS, digits: 100),
            "throughput_per_s": keyed(throughput, digits: 1),
            "store_limit_per_s": storeLimit.rounded(), "store_limit_method": limitMethod,
            "throughput_ratio": (ratio * 1000).rounded() / 1000,
            "hot_latency_ratio_100000_to_10": hotLatencyUS[10].map { (((hotLatencyUS[100_000] ?? 0) / $0) * 1000).rounded() / 1000 } ?? 0,
        ]
        if let storeAppend64 { object["store_append_64_per_s"] = storeAppend64.rounded() }
        if let averageGroup { object["sqlite_appends_per_transaction"] = (averageGroup * 10).rounded() / 10 }
        if let writerBusy { object["sqlite_writer_busy"] = (writerBusy * 1000).rounded() / 1000 }
        for row in extra { object[row.name] = (row.value * 100).rounded() / 100 }
        return object
    }

    var table: [String] {
        var rows: [[String]] = [["MEASURE", "10 events", "1,000 events", "100,000 events"]]
        rows.append(["hot command latency (µs, median)"] + EngineBench.lengths.map { format(hotLatencyUS[$0], digits: 0) })
        rows.append(["cold load (ms, median)"] + EngineBench.lengths.map { format(coldLoadMS[$0], digits: 2) })
        var out = ["store: \(store)\(quick ? " (quick run)" : "")", ""] + TextTable.render(rows) + [""]
        out += TextTable.render(
            [["THROUGHPUT (\(streams) counters)", "1 client", "8 clients", "64 clients"],
             ["commands/s"] + EngineBench.clientCounts.map { format(throughput[$0], digits: 0) }])
        out.append("")
        out.append("store limit (\(limitMethod), over \(streams) streams): \(format(storeLimit, digits: 0))/s")
        out.append("throughput ratio (64 clients ÷ store limit): \(format(ratio, digits: 3))")
        if let storeAppend64 { out.append("store appends without the engine, 64 tasks: \(format(storeAppend64, digits: 0))/s") }
        if let averageGroup { out.append("appends per SQLite write transaction, 64 clients (group commit): \(format(averageGroup, digits: 1))") }
        if let writerBusy { out.append("SQLite writer busy during the 64-client run: \(format(writerBusy * 100, digits: 0))%") }
        if !extra.isEmpty {
            out.append("")
            out += TextTable.render([["RENDERING", "VALUE", "UNIT"]] + extra.map { [$0.name, format($0.value, digits: 1), $0.unit] })
        }
        return out
    }

    private func format(_ value: Double?, digits: Int) -> String {
        guard let value else { return "-" }
        return String(format: "%.\(digits)f", value)
    }
}
