import ArgumentParser
import EventScope
import Foundation

/// `eventscope tail`: `$all` in commit order, optionally following live commits of any process.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print events of $all in commit order; with --follow, keep printing new ones.",
        discussion: """
            Without --from, starts at the last 10 events, or the last --limit events. With \
            --follow it then keeps printing new events until interrupted (--limit picks how many \
            of the newest to start with; it does not stop following). With --json, prints one \
            JSON object per line.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The first position to print (1 is the first event).")
    var from: Int64?

    @Flag(help: "Keep printing events as they are committed, by this or any other process.")
    var follow = false

    @Option(help: "The most events to print; with --follow, the newest events to start with.")
    var limit: Int?

    func validate() throws {
        if let from, from < 1 { throw ValidationError("--from must be a position of 1 or more, got \(from)") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit)") }
        if follow, limit != nil, from != nil {
            throw ValidationError("with --follow, --limit picks the newest events to start with: give --from or --limit, not both")
        }
    }

    func run() async throws {
        try await withStore(storeOptions, reading: true) { store in
            let start: GlobalPosition
            if let from {
                start = GlobalPosition(from)
            } else {
                let backlog = limit ?? 10
                let head = try await store.stats().headPosition
                start = GlobalPosition(max(1, head.value - Int64(backlog) + 1))
            }
            // Following never stops by itself: --limit only chose where it starts.
            let cap = follow ? Int.max : (limit ?? (from != nil ? Int.max : 10))
            var printed = 0
            if follow {
                for try await e in store.subscribeAll(from: start) {
                    show(e)
                    printed += 1
                    if printed >= cap { break }
                }
            } else {
                var next = start
                while printed < cap {
                    let page = try await store.readAll(from: next, limit: min(1_000, cap - printed))
                    for e in page { show(e) }
                    printed += page.count
                    guard let last = page.last else { break }
                    next = last.position.next
                }
            }
        }
    }

    private func show(_ e: RecordedEvent) {
        Console.line(output.json ? EventFormatting.json(e).compact : EventFormatting.line(e))
    }
}
