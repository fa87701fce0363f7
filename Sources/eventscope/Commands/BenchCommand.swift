import ArgumentParser
import EventScopeBench
import EventScopeStores
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
            let (location, quick) = (storeOptions.location, quick)
            figures = try await Benchmark.run(
                on: target, quick: quick, streams: streams, readModels: .demo,
                explorer: { try await Self.explorerRowsInChildProcess(like: location, quick: quick) }
            ) {
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

    /// The explorer's rows measured by `eventscope explore --bench --json` in a child process
    /// (on its own scratch store of the same kind), so that its peak memory is the explorer's
    /// and not what the bench's earlier parts left resident. Its progress goes to our stderr.
    /// - Throws: ``BenchFailure`` when the child fails or prints no rows.
    static func explorerRowsInChildProcess(like location: StoreLocation, quick: Bool) async throws -> [BenchRow] {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let arguments = ["explore", "--bench", "--json", "--store", location.url] + (quick ? ["--quick"] : [])
        // Process and its pipe block: on a thread of their own, never on the cooperative pool.
        let (status, output): (Int32, Data) = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let child = Process()
                child.executableURL = executable
                child.arguments = arguments
                let stdout = Pipe()
                child.standardOutput = stdout
                child.standardError = FileHandle.standardError
                do {
                    try child.run()
                } catch {
                    continuation.resume(throwing: BenchFailure("bench: could not start \(executable.path) for the explorer's figures: \(error)"))
                    return
                }
                let data = stdout.fileHandleForReading.readDataToEndOfFile()
                child.waitUntilExit()
                continuation.resume(returning: (child.terminationStatus, data))
            }
        }
        guard status == 0 else {
            throw BenchFailure("bench: the explorer's figures failed (`eventscope \(arguments.joined(separator: " "))` exited with \(status))")
        }
        guard let object = try? JSONSerialization.jsonObject(with: output) as? [String: Any],
              let rows = object["rows"] as? [[String: Any]]
        else {
            throw BenchFailure("bench: the explorer's figures were not JSON rows: \(String(decoding: output.prefix(200), as: UTF8.self))")
        }
        return try rows.map { row in
            guard let key = row["key"] as? String, let value = row["value"] as? Double, let unit = row["unit"] as? String else {
                throw BenchFailure("bench: an explorer row without key, value and unit: \(row)")
            }
            return BenchRow(key, value, unit, label: row["label"] as? String)
        }
    }
}
