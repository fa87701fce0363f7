import ArgumentParser
import EventScopeBench
import EventScopeStores

/// `eventscope bench`: the engine's and the store's figures, measured in one run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark commands, loads and throughput on the chosen kind of store, against the store's own limit.",
        discussion: """
            Runs on a scratch store of the chosen kind (for SQLite a fresh file next to the \
            chosen one, with its durability setting), never on your data. Measures: command \
            latency on resident aggregates with 10 / 1,000 / 100,000 events; cold-load time for \
            the same; throughput with 1 / 8 / 64 concurrent clients over 1,000 counters (--streams); and the \
            store's own limit (for SQLite: plain inserts of same-sized rows over as many streams, \
            1,000 per transaction) with the ratio of the 64-client throughput to it; the rebuild \
            rate of the counters read model over 1,000,000 counter events (200,000 with --quick) \
            and the read models' lag behind a 10,000 events/s load, the explorer open.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Shorter runs (seconds instead of a minute); noisier figures.")
    var quick = false

    @Option(help: "How many counters the throughput clients spread over; the store limit uses as many streams.")
    var streams = 1_000

    func validate() throws {
        guard streams >= 1 else { throw ValidationError("--streams must be at least 1, got \(streams)") }
    }

    func run() async throws {
        let target = try await ScratchStore.make(like: storeOptions.location)
        let figures: BenchFigures
        do {
            figures = try await Benchmark.run(on: target, quick: quick, streams: streams, readModels: .demo) {
                // Progress goes to stderr, so `--json` output stays one clean object.
                Console.error($0)
            }
        } catch {
            await target.finish()
            throw error
        }
        await target.finish()
        if output.json {
            Console.line(EventFormatting.jsonText(figures.json))
        } else {
            for line in figures.table { Console.line(line) }
        }
    }
}
