import ArgumentParser
import EventScope
import EventScopeTesting
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

    /// Child mode: one engine's clients, every outcome logged as it happens.
    private func runChild(engine index: Int) async throws {
        guard let run, let childLog else { throw CLIFailure("child mode needs --run and --child-log") }
        let log = try AcknowledgementLog(path: childLog)
        let options = self.options
        try await withStore(storeOptions) { store in
            await TortureProcesses.runChild(store: store, options: options, engine: index, run: run, log: log)
        }
    }

    /// Spawns this program as the children, kills some midway, and audits their logs.
    private func runProcesses() async throws {
        let options = self.options
        let location = storeOptions.location
        if !output.json { Console.error("torture: seed \(options.seed), \(processes) processes on \(location), killing \(kill) midway…") }
        let torture = TortureProcesses(options: options, kill: kill, duration: .milliseconds(Int64(duration * 1000)))
        let result = try await withStore(storeOptions) { store in
            try await torture.run(store: store, executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()) { i, run, log in
                [
                    "torture", "--store", location.url, "--seed", String(options.seed), "--duration", String(duration),
                    "--clients", String(clients), "--check-steps", String(checkSteps), "--processes", String(processes),
                    "--child-engine", String(i), "--run", run, "--child-log", log,
                ]
            }
        }
        if output.json {
            Console.line(EventFormatting.jsonText(result.json(store: location.description, seed: options.seed)))
        } else {
            result.text(store: location.description, seed: options.seed).forEach { Console.line($0) }
        }
        if !result.passed { throw ExitCode(1) }
    }
}
