import ArgumentParser
import EventScopeBench
import EventScopeStores
import EventScopeDemo
import EventScopeDemoReadModels
import EventScope
import EventScopeExplorerRuntime
import Foundation
import EventScopeTerminalUI
import EventScopeCurses
import GRDB

/// `eventscope` / `eventscope explore`: the live, interactive view of the event store.
struct ExploreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open the explorer (the default): watch events live, open aggregates, issue commands.",
        discussion: """
            Panes: aggregates (1), live events (2), inspector (3: the selected event, or an opened \
            aggregate with time travel), command log (4). Press ? inside for every key. \
            Quit with q or Ctrl-C; the terminal is restored.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var readModelOptions: ReadModelOptions

    @Flag(name: .long, help: "Hide every way to write: command line, forms, seeding, demo traffic.")
    var readOnly = false

    @Flag(name: .long, help: "Seed a few demo counters and accounts when the explorer opens.")
    var demo = false

    @Flag(name: .long, help: "Enable the mouse: click to select and focus, wheel to scroll.")
    var mouse = false

    @Flag(name: .long, help: "No colours (also when $NO_COLOR is set).")
    var noColor = false

    @Flag(name: .long, help: ArgumentHelp("Measure the explorer on a scratch store of the --store kind, print the figures and exit (`eventscope bench` includes them).", visibility: .hidden))
    var bench = false

    @Flag(name: .long, help: ArgumentHelp("With --bench: 100,000 events instead of 1,000,000, shorter load.", visibility: .hidden))
    var quick = false

    @Flag(name: .long, help: ArgumentHelp("With --bench: print the rows as JSON (`eventscope bench` reads them).", visibility: .hidden))
    var json = false

    func validate() throws {
        if readOnly && demo { throw ValidationError("--demo writes to the store; it cannot be combined with --read-only") }
        if readOnly && readModelOptions.readModels != nil {
            throw ValidationError("--read-only keeps the read models in memory (nothing is written); --read-models cannot be combined with it")
        }
    }

    func run() async throws {
        MallocArenas.limit(to: 2)
        if bench { return try await runBench() }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIFailure("the explorer needs a terminal; for scripts use `eventscope tail`, `streams`, `show` or `send`")
        }
        // Read-only never creates a store: a mistyped path is an error, not an empty store.
        let store = try await storeOptions.open(mustExist: readOnly)
        var options = ExplorerOptions(readOnly: readOnly, mouse: mouse, seedOnStart: demo)
        // The read models run whenever the explorer runs. They write (tables, checkpoints,
        // leases): read-only, they are kept in a private in-memory database instead, rebuilt
        // from the store at each start, so nothing is written anywhere.
        var readModelDatabase: ReadModelDatabase?
        if readOnly {
            // The transfer process manager sends commands: it does not run read-only.
            options.readModels = DemoProjections.readModels(database: try DatabaseQueue())
            options.readModelsWhere = "in memory: read-only (rebuilt from the store at each start; nothing is written; the transfer process, which sends commands, does not run)"
        } else {
            do {
                readModelDatabase = try await (readModelOptions.readModels ?? ReadModelLocation()).open(for: store, at: storeOptions.location)
            } catch {
                await store.close()
                throw error
            }
            options.readModels = readModelOptions.models(database: readModelDatabase!, engine: makeEngine(store: store))
            options.readModelsWhere = "in " + readModelDatabase!.description
        }
        defer { readModelDatabase?.close() }
        do {
            try await CursesBackend.run(options: CursesOptions(mouse: mouse, colorMode: noColor ? ColorMode.none : nil)) { backend in
                await ExplorerRunner.run(store: store, catalog: DemoCatalog.make(), backend: backend, options: options)
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// `--bench`: the explorer's rows of `eventscope bench`, on a scratch store.
    private func runBench() async throws {
        let target = try await ScratchStore.make(like: storeOptions.location)
        do {
            Console.error("explorer bench on \(target.description)\(quick ? " (quick)" : "")…")
            // The read models run in the explorer, as they always do.
            let readModels = try await BenchReadModels.demo.open(target.store, target.location)
            let rows: [BenchRow]
            do {
                rows = try await Benchmark.explorerRows(store: target.store, quick: quick, readModels: readModels.models)
            } catch {
                await readModels.close()
                throw error
            }
            await readModels.close()
            if json {
                Console.line(EventFormatting.jsonText(["rows": rows.map { ["key": $0.key, "value": $0.value, "unit": $0.unit, "label": $0.label] }]))
            } else {
                for row in rows {
                    Console.line(row.label.padding(toLength: 72, withPad: " ", startingAt: 0) + String(format: "%10.1f ", row.value) + row.unit)
                }
            }
        } catch {
            await target.finish()
            throw error
        }
        await target.finish()
    }
}
