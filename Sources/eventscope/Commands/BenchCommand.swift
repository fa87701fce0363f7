import ArgumentParser
import EventSourcing
import Foundation

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
            1,000 per transaction) with the ratio of the 64-client throughput to it.
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
        let target = try await BenchTarget.make(storeOptions.url)
        let figures: BenchFigures
        do {
            figures = try await measure(target)
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

    private func measure(_ target: BenchTarget) async throws -> BenchFigures {
        var bench = EngineBench(store: target.store, quick: quick)
        bench.throughputStreams = streams
        progress("bench on \(target.description)\(quick ? " (quick)" : "")")
        progress("seeding counters with 10, 1000 and 100000 events…")
        let seeded = try await bench.seed()
        progress("hot command latency…")
        let hot = try await bench.hotLatency(seeded: seeded)
        progress("cold loads…")
        let cold = try await bench.coldLoad(seeded: seeded)
        progress("throughput with 1, 8 and 64 clients…")
        let (throughput, writer) = try await bench.throughput()
        progress("store appends without the engine…")
        let storeAppend64 = try await bench.storeAppendThroughput(clients: 64)
        progress("the store's own limit…")
        // The same 200,000 rows in both modes: the limit falls as the table and its random
        // event-id index grow, and a smaller table would flatter it against the store under
        // test, which holds over 100,000 events by then.
        let limit = try await target.limit(rows: 200_000, streams: streams)
        var figures = BenchFigures(
            store: target.description, quick: quick, streams: streams, hotLatencyUS: hot, coldLoadMS: cold,
            throughput: throughput, storeLimit: limit, limitMethod: target.limitDescription)
        figures.storeAppend64 = storeAppend64
        figures.averageGroup = writer[64]?.appendsPerTransaction
        figures.writerBusy = writer[64]?.busy
        if !RenderRows.skip {
            progress("terminal rendering…")
            figures.extra = try await RenderRows.measure(quick: quick)
        }
        progress("explorer: first frame on a big store, tailing a 10,000 ev/s load…")
        figures.extra += try await ExplorerBench.run(store: target.store, quick: quick)
        return figures
    }

    /// Progress for people goes to stderr, so `--json` output stays one clean object.
    private func progress(_ text: String) {
        Console.error(text)
    }
}
