import ArgumentParser
import EventScope
import Foundation

/// `eventscope project`: runs every read model until caught up (or, with --follow, for good).
struct ProjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Run every read model until it has caught up with the store; with --follow, keep running.",
        discussion: """
            Shows a progress bar on a terminal; prints JSON lines otherwise (or with --json): one \
            per second while running, then {"done": true, "handlers": [...]}. Several processes \
            may run it on one read-model file: one keeps each read model (its lease), the others \
            stand by and take over if it stops. Interrupt with Ctrl-C (the lease is given up).
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var readModelOptions: ReadModelOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Keep running after catching up, applying new events as they are committed.")
    var follow = false

    func run() async throws {
        let stop = StopSignal()
        let json = output.json || isatty(STDOUT_FILENO) != 1
        try await withReadModels(storeOptions, readModelOptions) { store, runners, database in
            var target = try await store.stats().headPosition
            if !json { Console.line("read models in \(database.description), store head #\(target.value)") }
            runners.start()
            let clock = ContinuousClock()
            var lastReport = clock.now
            while !stop.requested {
                try await Task.sleep(for: .milliseconds(100))
                let statuses = runners.statuses
                if let failed = statuses.first(where: { $0.phase == .failed }), !follow {
                    report(statuses, json: json, done: false)
                    throw CLIFailure("read model \(failed.name) failed at \(failed.failure?.description ?? "an event"); retry or skip it in the explorer (P)")
                }
                let caughtUp = statuses.allSatisfy { $0.position >= target || $0.phase == .standby }
                if !follow && caughtUp {
                    // Process managers append as they go: done when the head stopped moving.
                    let head = try await store.stats().headPosition
                    if head == target { break }
                    target = head
                }
                if clock.now - lastReport >= .seconds(1) || !json {
                    if json && clock.now - lastReport < .seconds(1) { continue }
                    lastReport = clock.now
                    report(statuses, json: json, done: false, target: target)
                }
            }
            report(runners.statuses, json: json, done: true)
            if follow {
                let lags = runners.runners.flatMap { $0.recentApplyLags() }.sorted()
                if !lags.isEmpty, json {
                    Console.line(EventFormatting.jsonText(["apply_lag_ms_median": lags[lags.count / 2], "apply_lag_ms_p99": lags[lags.count * 99 / 100], "batches": lags.count]))
                }
            }
        }
    }

    private func report(_ statuses: [HandlerStatus], json: Bool, done: Bool, target: GlobalPosition? = nil) {
        if json {
            let now = Date()
            let handlers: [[String: Any]] = statuses.map { s in
                var row: [String: Any] = ["name": s.name, "checkpoint": s.position.value, "head": s.head.value, "lag_events": s.lag]
                row["lag_seconds"] = (s.lagSeconds(at: now) * 1000).rounded() / 1000
                row["status"] = s.phase.rawValue
                row["events_per_second"] = s.eventsPerSecond.rounded()
                let error: String? = s.failure?.description ?? s.lastError
                row["error"] = error.map { $0 as Any } ?? NSNull()
                row["keeper"] = s.keeper.map { $0.description as Any } ?? NSNull()
                return row
            }
            Console.line(EventFormatting.jsonText(["done": done, "handlers": handlers]))
            return
        }
        let line = statuses.map { s -> String in
            let of = max(target?.value ?? s.head.value, 1)
            let fraction = min(1, Double(s.position.value) / Double(of))
            let filled = Int(fraction * 20)
            return "\(s.name) [\(String(repeating: "█", count: filled))\(String(repeating: "·", count: 20 - filled))] \(s.position.value)/\(of) \(s.phase.rawValue)"
        }.joined(separator: "  ")
        if done { Console.line("\r" + line) } else { print("\r" + line, terminator: ""); fflush(nil) }
    }
}

/// Ctrl-C and SIGTERM as a flag, so a running command stops cleanly (leases given up).
final class StopSignal: @unchecked Sendable {
    private let flag = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
    private var sources: [DispatchSourceSignal] = []

    init() {
        flag.pointee = 0
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [flag] in flag.pointee = 1 }
            source.resume()
            sources.append(source)
        }
    }

    var requested: Bool { flag.pointee != 0 }
}
