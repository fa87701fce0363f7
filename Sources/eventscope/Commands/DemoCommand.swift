import ArgumentParser
import EventScopeDemo
import EventScope
import Foundation

/// `eventscope demo`: a load generator that checks nothing acknowledged was lost.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load generator: concurrent clients increment counters, then verify nothing was lost.",
        discussion: """
            N clients increment counter-demo-0 … counter-demo-(M-1) (created when missing), each \
            waiting for its answer before sending the next. Afterwards every acknowledged \
            increment is looked up in the store: `lost` counts those missing (it must be 0). \
            Several demo processes may run on one store at once: each checks its own \
            acknowledged increments, and that every counter's stream adds up. Commands that fail \
            (a store outage, conflicts between processes beyond the retries) are counted as \
            errors, by kind; the exit status is 1 only if something acknowledged was lost or the \
            counters do not add up.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Concurrent clients.")
    var clients = 8

    @Option(help: "How many counters the clients share.")
    var aggregates = 10

    @Option(help: "Increments to send in total (default 1000 unless --duration is given).")
    var commands: Int?

    @Option(help: "Send increments for this many seconds instead of a fixed number.")
    var duration: Double?

    @Flag(
        name: .customLong("read-model"), inversion: .prefixedNo,
        help: ArgumentHelp(
            "Run the counters read model live beside the load and check it afterwards (SQLite stores).",
            discussion: "--no-read-model sends the commands alone, e.g. to compare with a library that projects nothing meanwhile."))
    var readModelEnabled = true

    @Option(help: ArgumentHelp("Append the id of every acknowledged event to this file, as it is acknowledged (crash tests).", visibility: .hidden))
    var ackLog: String?

    func validate() throws {
        guard clients >= 1 else { throw ValidationError("--clients must be at least 1, got \(clients)") }
        guard aggregates >= 1 else { throw ValidationError("--aggregates must be at least 1, got \(aggregates)") }
        if commands != nil, duration != nil { throw ValidationError("give --commands or --duration, not both") }
        if let commands, commands < 0 { throw ValidationError("--commands must be 0 or more, got \(commands)") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be a positive number of seconds") }
    }

    func run() async throws {
        guard let plan = DemoCatalog.demo.traffic else { throw CLIFailure("the demo catalog describes no traffic") }
        let streams = plan.streams(count: aggregates)
        let ids = streams.map(\.id)
        let runID = UUID()
        let ackSink = try ackLog.map { try AcknowledgementLog(path: $0) }
        var onAck: (@Sendable (RecordedEvent) -> Void)?
        if let ackSink {
            onAck = { event in ackSink.write(event.eventID.uuidString) }
        }
        let acknowledge = onAck
        let (report, check, audit, storeName, readModel) = try await withStore(storeOptions) { store -> (LoadReport, LossCheck, CounterAudit, String, CounterReadModelCheck.Outcome?) in
            let engine = makeEngine(store: store)
            defer { engine.shutdown() }
            let load = try LoadGenerator(
                engine: engine, plan: plan, streams: streams, clients: clients,
                limit: duration.map { .duration(.milliseconds(Int64($0 * 1000))) } ?? .commands(commands ?? 1_000),
                metadata: EventMetadata(correlationID: runID, custom: ["source": "eventscope demo"]),
                onAck: acknowledge)
            if !output.json {
                Console.line("demo: \(clients) clients, \(aggregates) counters (\(streams[0])…\(aggregates - 1)) on \(store.displayName), run \(runID.uuidString.prefix(8))")
            }
            let readModel = readModelEnabled ? CounterReadModelCheck.start(on: store) : nil
            let baseline = try await load.prepare()
            let progress = output.json || !ProgressBar.isTerminal ? nil : ProgressBar(
                goal: duration.map { .seconds($0) } ?? .items(commands ?? 1_000),
                done: { load.acknowledgedSoFar + load.failedSoFar })
            let report = await load.run()
            await progress?.finish()
            let check = try await LossCheck.run(store: store, acknowledged: report.acknowledged, after: baseline)
            let audit = try await CounterAudit.run(store: store, counterIDs: ids, correlationID: runID)
            let readModelProblems = try await readModel?.finish(counterIDs: ids)
            return (report, check, audit, store.displayName, readModelProblems)
        }
        if output.json {
            var object: [String: Any] = [
                "commands": report.commands, "ok": report.ok, "errors": report.errors,
                "seconds": (report.seconds * 1000).rounded() / 1000, "per_second": report.perSecond.rounded(),
                "lost": check.lost, "store": storeName, "clients": clients, "aggregates": aggregates,
                "total_count": audit.totalCount, "consistent": audit.inconsistent.isEmpty,
            ]
            object["read_model_run"] = readModel != nil
            switch readModel {
            case .agrees?: object["read_model_ok"] = true
            case .disagrees?: object["read_model_ok"] = false
            case .behind(let why)?:
                object["read_model_ok"] = false
                object["read_model_behind"] = why
            case .keptElsewhere(let why)?:
                object["read_model_elsewhere"] = why
            case nil: break
            }
            if let first = report.firstError { object["first_error"] = first }
            if !report.errorsByKind.isEmpty { object["errors_by_kind"] = report.errorsByKind }
            Console.line(EventFormatting.jsonText(object))
        } else {
            Console.line(String(
                format: "commands %d  ok %d  errors %d  seconds %.2f  per_second %.0f  lost %d",
                report.commands, report.ok, report.errors, report.seconds, report.perSecond, check.lost))
            Console.line("counters now total \(audit.totalCount) (all runs, all processes)")
            switch readModel {
            case .agrees?: Console.line("counters read model (table counters) agrees with the event log")
            case .behind(let why)?: Console.line("counters read model is behind: \(why)")
            case .keptElsewhere(let why)?: Console.line("counters read model not checked: \(why)")
            default: break
            }
            if let first = report.firstError {
                let kinds = report.errorsByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                Console.line("errors by kind: \(kinds); first: \(first)")
            }
        }
        if check.lost > 0 {
            throw CLIFailure("\(check.lost) acknowledged increments are missing from the store")
        }
        if !audit.inconsistent.isEmpty {
            throw CLIFailure("counter streams do not add up: \(audit.inconsistent.joined(separator: ", "))")
        }
        if case .disagrees(let wrong)? = readModel {
            throw CLIFailure("the counters read model disagrees with the event log: \(wrong.joined(separator: "; "))")
        }
        if case .behind(let why)? = readModel {
            throw CLIFailure("the counters read model could not catch up: \(why)")
        }
        if audit.attributed < report.ok {
            throw CLIFailure("only \(audit.attributed) of \(report.ok) acknowledged increments carry this run's id in the store")
        }
    }
}
