import ArgumentParser
import EventSourcing
import EventSourcingTesting
import Foundation

/// `eventscope torture`: the seeded torture harness on a store, in this process (N engines
/// standing for processes) or across real child processes, some killed with `kill -9`.
struct TortureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "torture",
        abstract: "Check the engine's promises under contention, faults and hostile timing: a seeded simulation.",
        discussion: """
            Runs random commands (a bounded counter, an account that must not be overdrawn) from \
            several engines on one store, through a store wrapper that injects latency, failures \
            and replies lost after commit, with tiny residency caps; then checks every promise \
            (acknowledged events stored exactly once, nothing else stored unless in doubt, \
            resident state = fold of the stream, refusals justified, no conflict inside one engine, \
            progress). The seed fixes the command plan and the fault plan: a failing run prints it, \
            and --seed replays it. With --processes N the engines are real child processes on the \
            store (not memory:), --kill K of them are killed midway, and their logs are checked \
            against the store. Exit status 1 when a promise was broken. Writes streams \
            tcounter-s<seed>-… and taccount-s<seed>-… to the store: use a scratch store.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The seed (default: a random one, printed).")
    var seed: UInt64?

    @Option(help: "Seconds to send commands for.")
    var duration: Double = 10

    @Option(help: "Engines in this process (standing for processes).")
    var engines = 3

    @Option(help: "Concurrent callers per engine (or per child process).")
    var clients = 4

    @Option(help: "Run the engines as this many child processes instead (not with memory:).")
    var processes = 0

    @Option(help: "Kill this many of the child processes with SIGKILL midway.")
    var kill = 0

    @Option(help: "Share of steps that only check a rule and decide no events (0 to avoid such commands).")
    var checkSteps = 0.15

    @Option(help: ArgumentHelp("Child mode: run this engine's commands and log them.", visibility: .private))
    var childEngine: Int?

    @Option(help: ArgumentHelp("Child mode: the run tag naming the streams.", visibility: .private))
    var run: String?

    @Option(help: ArgumentHelp("Child mode: the log file.", visibility: .private))
    var childLog: String?

    func validate() throws {
        guard duration > 0 else { throw ValidationError("--duration must be a positive number of seconds") }
        guard engines >= 1, clients >= 1 else { throw ValidationError("--engines and --clients must be at least 1") }
        guard processes >= 0, kill >= 0, kill <= processes else { throw ValidationError("--kill must be between 0 and --processes") }
        guard (0...1).contains(checkSteps) else { throw ValidationError("--check-steps must be between 0 and 1") }
        if processes > 0, storeOptions.location == .memory {
            throw ValidationError("--processes needs a store the processes share (sqlite:PATH or redis://…), not memory:")
        }
    }

    var options: TortureOptions {
        TortureOptions(
            seed: seed ?? 0, engines: processes > 0 ? processes : engines, clientsPerEngine: clients,
            budget: .duration(.milliseconds(Int64(duration * 1000))), checkSteps: checkSteps,
            poison: processes > 0 ? 0 : 0.02)
    }

    func run() async throws {
        var resolved = self
        if resolved.seed == nil { resolved.seed = UInt64.random(in: 0...UInt64.max) }
        if let childEngine {
            try await resolved.runChild(engine: childEngine)
        } else if processes > 0 {
            try await resolved.runProcesses()
        } else {
            try await resolved.runInProcess()
        }
    }

    // MARK: - In this process

    private func runInProcess() async throws {
        if !output.json { Console.error("torture: seed \(options.seed), \(duration) s on \(storeOptions.location)…") }
        let report = try await withStore(storeOptions) { store in
            try await TortureSimulation(options: options).run(on: store)
        }
        if output.json {
            Console.line(EventFormatting.jsonText(report.json))
        } else {
            report.text.forEach { Console.line($0) }
        }
        if !report.passed { throw ExitCode(1) }
    }

    // MARK: - Child processes

    /// Runs one engine's clients (with its faults) and logs every command as it goes.
    private func runChild(engine index: Int) async throws {
        guard let run, let childLog else { throw CLIFailure("child mode needs --run and --child-log") }
        let log = try AckLog(path: childLog)
        let options = self.options
        try await withStore(storeOptions) { store in
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
                            log.write(Self.line(outcome, command.commandID))
                        }
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

    /// Spawns the children, kills some midway, waits for the rest, and audits their logs.
    private func runProcesses() async throws {
        let options = self.options
        let runTag = "s\(options.seed)-\(UInt32.random(in: 0...UInt32.max))"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventscope-torture-\(runTag)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var children: [(process: Process, log: String)] = []
        for i in 0..<processes {
            let log = directory.appendingPathComponent("child-\(i).log").path
            let p = Process()
            p.executableURL = executable
            p.arguments = [
                "torture", "--store", storeOptions.location.url, "--seed", String(options.seed), "--duration", String(duration),
                "--clients", String(clients), "--check-steps", String(checkSteps), "--processes", String(processes),
                "--child-engine", String(i), "--run", runTag, "--child-log", log,
            ]
            // A child's crash report goes to its own file; its fatal-error line is shown in the report.
            _ = FileManager.default.createFile(atPath: log + ".stderr", contents: nil)
            p.standardError = FileHandle(forWritingAtPath: log + ".stderr")
            try p.run()
            children.append((p, log))
        }
        if !output.json { Console.error("torture: seed \(options.seed), \(processes) processes on \(storeOptions.location), killing \(kill) midway…") }
        let started = ContinuousClock.now
        var pick = SeededGenerator(seed: options.seed).derive(0x4B)
        var victims = Set<Int>()
        while victims.count < kill { victims.insert(pick.int(in: 0...(processes - 1))) }
        try await Task.sleep(for: .milliseconds(Int64(duration * 500)))
        for i in victims.sorted() { Foundation.kill(children[i].process.processIdentifier, SIGKILL) }
        for child in children { child.process.waitUntilExit() }

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
        let stored = try await withStore(storeOptions) { store in
            var all: [RecordedEvent] = []
            for c in 0..<options.counters { all += try await store.readStream(TortureTarget.counter(c).stream(run: runTag)) }
            for a in 0..<options.accounts { all += try await store.readStream(TortureTarget.account(a).stream(run: runTag)) }
            return all
        }
        let result = TortureProcessAudit(children: audited, stored: stored).run()
        let seconds = Double((ContinuousClock.now - started).components.seconds)
        if output.json {
            Console.line(EventFormatting.jsonText([
                "store": storeOptions.location.description, "seed": String(options.seed), "processes": processes, "killed": victims.sorted(),
                "exits": audited.map(\.exit), "acknowledged": result.acknowledged, "refused": result.refused,
                "in_doubt": result.inDoubt, "failed": result.failed, "in_flight_at_kill": result.inFlightAtKill,
                "stored_events": stored.count, "duration_s": seconds,
                "violations": result.violations.prefix(100).map { ["check": $0.check, "message": $0.message] },
                "violation_count": result.violations.count,
            ] as [String: Any]))
        } else {
            Console.line("torture on \(storeOptions.location): seed \(options.seed), \(processes) processes (killed \(victims.sorted().map(String.init).joined(separator: ", ")))")
            Console.line("exits: " + audited.map { "p\($0.index) \($0.exit)" }.joined(separator: ", "))
            Console.line("acknowledged \(result.acknowledged), refused \(result.refused), in doubt \(result.inDoubt), failed \(result.failed), in flight at the kill \(result.inFlightAtKill); \(stored.count) events stored")
            for v in result.violations.prefix(20) { Console.line("FAIL \(v)") }
            Console.line(result.violations.isEmpty ? "no violations (seed \(options.seed))" : "\(result.violations.count) violation(s); replay with seed \(options.seed)")
        }
        if !result.violations.isEmpty { throw ExitCode(1) }
    }
}
