import EventScopeBench
import Foundation

extension BenchFigures {
    /// The figures as a table for people.
    var table: [String] {
        var rows: [[String]] = [["MEASURE", "10 events", "1,000 events", "100,000 events"]]
        rows.append(["hot command latency (µs, median)"] + Self.lengths.map { format(hotLatencyUS[$0], digits: 0) })
        rows.append(["cold load, snapshots (ms, median)"] + Self.lengths.map { format(coldLoadMS[$0], digits: 2) })
        rows.append(["cold load, all events (ms, median)"] + Self.lengths.map { format(coldLoadNoSnapshotMS[$0], digits: 2) })
        var out = ["store: \(store)\(quick ? " (quick run)" : "")", ""] + TextTable.render(rows) + [""]
        out += TextTable.render(
            [["THROUGHPUT (\(streams) counters)", "1 client", "8 clients", "64 clients"],
             ["commands/s"] + Self.clientCounts.map { format(throughput[$0], digits: 0) }])
        out.append("")
        out.append("store limit (\(limitMethod), over \(streams) streams): \(format(storeLimit, digits: 0))/s")
        out.append("throughput ratio (64 clients ÷ store limit): \(format(ratio, digits: 3))")
        if let storeAppend64 { out.append("store appends without the engine, 64 tasks: \(format(storeAppend64, digits: 0))/s") }
        if let averageGroup { out.append("appends per SQLite write transaction, 64 clients (group commit): \(format(averageGroup, digits: 1))") }
        if let writerBusy { out.append("SQLite writer busy during the 64-client run: \(format(writerBusy * 100, digits: 0))%") }
        if !extra.isEmpty {
            out.append("")
            out += TextTable.render([["RENDERING", "VALUE", "UNIT"]] + extra.map { [$0.label, format($0.value, digits: 1), $0.unit] })
        }
        return out
    }

    private func format(_ value: Double?, digits: Int) -> String {
        guard let value else { return "-" }
        return String(format: "%.\(digits)f", value)
    }
}
