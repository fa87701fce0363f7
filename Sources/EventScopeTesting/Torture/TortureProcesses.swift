import EventScope
import Foundation

/// The torture harness across real processes: children that run one engine's commands each
/// and log every outcome as it happens, some of them killed with `kill -9` midway, then the
/// logs checked against the store (``TortureProcessAudit``).
///
/// The program that uses it re-invokes itself for the children (its child mode calls
/// ``runChild(store:options:engine:run:log:)``).
public struct TortureProcesses: Sendable {
    /// The run's options (`options.engines` children).
    public let options: TortureOptions
    /// How many children get SIGKILL halfway through the run.
    public let kill: Int
    /// How long the children send commands.
    public let duration: Duration

    public init(options: TortureOptions, kill: Int, duration: Duration) {
        self.options = options
        self.kill = kill
        self.duration = duration
    }

    /// What a run across processes found.
    public struct Result: Sendable {
        public var processes: Int
        public var killed: [Int]
        public var exits: [String]
        public var outcome: TortureProcessAudit.Outcome
        public var storedEvents: Int
        public var seconds: Double
        public var passed: Bool { outcome.violations.isEmpty }
    }

    // MARK: - A child

    /// Runs engine `index`'s clients (with its faults) on `store` and logs every command: a
    /// `start` line before it is sent, and its outcome as soon as it is known.
    public static func runChild(store: any EventStore, options: TortureOptions, engine index: Int, run: String, log: AcknowledgementLog) async {
        let faulty = FaultyEventStore(store, plan: FaultPlan(seed: options.seed, rates: options.faults), engine: index)
        let engine = Engine(store: faulty, catalog: .torture(), options: options.resolvedEngineOptions)
        defer { engine.shutdown() }
        let started = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<options.clientsPerEngine {
                group.addTask {
                    var plan = TorturePlan(options: options, engine: index, client: client)
                    var sent = 0
                    while TortureSimulation.withinBudget(options.budget, sent: sent, started: started) {
                        let command = plan.next()
                        sent += 1
                        log.write("start \(command.commandID.uuidString)")
                        let outcome = await TortureSimulation.send(command, on: engine, run: run)
                        log.write(line(outcome, command.commandID))
                    }
                }
            }
        }
    }

    static func line(_ outcome: TortureOutcome, _ id: UUID) -> String {
        switch outcome {
        case .acknowledged(let ids, _, _): return "ack \(id.uuidString) \(ids.count)"
        case .refused: return "refused \(id.uuidString)"
        case .inDoubt: return "doubt \(id.uuidString)"
        case .cancelled: return "cancelled \(id.uuidString)"
        default: return "failed \(id.uuidString) \(outcome.kind)"
        }
    }

    // MARK: - The parent

    /// Spawns the children, kills some midway, waits for the rest, and audits their logs
    /// against `store`.
    /// - Parameters:
    ///   - executable: the program to run as a child (usually this one: `/proc/self/exe`).
    ///   - arguments: a child's arguments, given its index, the run tag and its log file.
    public func run(
        store: any EventStore, executable: URL, arguments: (_ index: Int, _ run: String, _ log: String) -> [String]
    ) async throws -> Result {
        let processes = options.engines
        let runTag = "s\(options.seed)-\(UInt32.random(in: 0...UInt32.max))"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventscope-torture-\(runTag)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var children: [(process: Process, log: String)] = []
        for i in 0..<processes {
            let log = directory.appendingPathComponent("child-\(i).log").path
            let p = Process()
            p.executableURL = executable
            p.arguments = arguments(i, runTag, log)
            // A child's crash report goes to its own file; its fatal-error line is shown in the report.
            _ = FileManager.default.createFile(atPath: log + ".stderr", contents: nil)
            p.standardError = FileHandle(forWritingAtPath: log + ".stderr")
            try p.run()
            children.append((p, log))
        }
        let started = ContinuousClock.now
        var pick = SeededGenerator(seed: options.seed).derive(0x4B)
        var victims = Set<Int>()
        while victims.count < min(kill, processes) { victims.insert(pick.int(in: 0...(processes - 1))) }
        try await Task.sleep(for: duration / 2)
        for i in victims.sorted() { Foundation.kill(children[i].process.processIdentifier, SIGKILL) }
        for child in children {
            while child.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        }

        let audited: [TortureProcessAudit.Child] = children.enumerated().map { i, child in
            let text = (try? String(contentsOfFile: child.log, encoding: .utf8)) ?? ""
            let p = child.process
            let stderr = (try? String(contentsOfFile: child.log + ".stderr", encoding: .utf8)) ?? ""
            let fatal = stderr.split(separator: "\n").first { $0.contains("Fatal error") }.map { " (\($0))" } ?? ""
            let exit = (p.terminationReason == .uncaughtSignal ? "signal \(p.terminationStatus)" : "exit \(p.terminationStatus)") + fatal
            return TortureProcessAudit.Child(
                index: i, lines: text.split(separator: "\n").map(String.init), killed: victims.contains(i),
                exit: exit, exitedCleanly: p.terminationReason == .exit && p.terminationStatus == 0)
        }
        var stored: [RecordedEvent] = []
        for c in 0..<options.counters { stored += try await store.readStream(TortureTarget.counter(c).stream(run: runTag)) }
        for a in 0..<options.accounts { stored += try await store.readStream(TortureTarget.account(a).stream(run: runTag)) }
        let outcome = TortureProcessAudit(children: audited, stored: stored).run()
        return Result(
            processes: processes, killed: victims.sorted(), exits: audited.map(\.exit), outcome: outcome,
            storedEvents: stored.count, seconds: (ContinuousClock.now - started) / .seconds(1))
    }
}

extension TortureProcesses.Result {
    /// The result as one JSON object's fields.
    public func json(store: String, seed: UInt64) -> [String: Any] {
        [
            "store": store, "seed": String(seed), "processes": processes, "killed": killed,
            "exits": exits, "acknowledged": outcome.acknowledged, "refused": outcome.refused,
            "in_doubt": outcome.inDoubt, "failed": outcome.failed, "in_flight_at_kill": outcome.inFlightAtKill,
            "stored_events": storedEvents, "duration_s": seconds,
            "violations": outcome.violations.prefix(100).map { ["check": $0.check, "message": $0.message] },
            "violation_count": outcome.violations.count,
        ]
    }

    /// The result for people, a line each.
    public func text(store: String, seed: UInt64) -> [String] {
        var lines = [
            "torture on \(store): seed \(seed), \(processes) processes (killed \(killed.map(String.init).joined(separator: ", ")))",
            "exits: " + exits.enumerated().map { "p\($0.offset) \($0.element)" }.joined(separator: ", "),
            "acknowledged \(outcome.acknowledged), refused \(outcome.refused), in doubt \(outcome.inDoubt), failed \(outcome.failed), in flight at the kill \(outcome.inFlightAtKill); \(storedEvents) events stored",
        ]
        lines += outcome.violations.prefix(20).map { "FAIL \($0)" }
        lines.append(passed ? "no violations (seed \(seed))" : "\(outcome.violations.count) violation(s); replay with seed \(seed)")
        return lines
    }
}
