import ArgumentParser
import EventScope
import Foundation

/// `eventscope handlers`: every read model's checkpoint, lag, status and last error.
struct HandlersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handlers",
        abstract: "List the read models' handlers: checkpoint, head, lag (events and seconds), status, last error.",
        discussion: """
            Reads what is recorded next to the read models: the checkpoint, and the lease of the \
            process keeping each handler (the explorer or `eventscope project --follow`), with its \
            phase and the event it stopped at if it failed. A handler nobody keeps is `idle`. \
            JSON keys: name, checkpoint, head, lag_events, lag_seconds, status, error, keeper, skipped.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var readModelOptions: ReadModelOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let rows = try await withReadModels(storeOptions, readModelOptions) { store, runners, _ -> [[String: Any]] in
            let head = try await store.stats().headPosition
            var rows: [[String: Any]] = []
            for model in runners.models {
                let checkpoint = try await model.checkpoint()
                let lease = try await model.recordedLease()
                let skipped = try await model.skipped()
                let lagEvents = max(0, head.value - checkpoint.value)
                var lagSeconds = 0.0
                if lagEvents > 0, let next = try await store.readAll(from: checkpoint.next, limit: 1).first {
                    lagSeconds = max(0, Date().timeIntervalSince(next.recordedAt))
                }
                let fresh = lease.map { Date().timeIntervalSince($0.heartbeat) < readModelOptions.leaseTimeout && !$0.keeper.isGone } ?? false
                let status = fresh ? lease!.phase.rawValue : "idle"
                var row: [String: Any] = [
                    "name": model.name, "checkpoint": checkpoint.value, "head": head.value, "lag_events": lagEvents,
                    "lag_seconds": (lagSeconds * 1000).rounded() / 1000, "status": status,
                    "error": lease?.failure.map { $0.description } ?? NSNull(), "skipped": skipped.count,
                ]
                if let lease, fresh { row["keeper"] = lease.keeper.description }
                rows.append(row)
            }
            return rows
        }
        if output.json {
            Console.line(EventFormatting.jsonText(rows))
            return
        }
        var table = [["NAME", "CHECKPOINT", "HEAD", "LAG", "LAG (s)", "STATUS", "KEEPER", "ERROR"]]
        for r in rows {
            table.append([
                r["name"] as! String, "\(r["checkpoint"]!)", "\(r["head"]!)", "\(r["lag_events"]!)",
                String(format: "%.1f", r["lag_seconds"] as! Double), r["status"] as! String,
                r["keeper"] as? String ?? "-", Console.visible(r["error"] as? String ?? "-"),
            ])
        }
        TextTable.render(table).forEach(Console.line)
    }
}
