import ArgumentParser
import EventScope
import EventScopeExplorer
import Foundation

/// `eventscope streams`: the aggregates in the store, most recently changed first.
struct StreamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streams",
        abstract: "List aggregates (streams) with their category, version and last update.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Only streams of this category, e.g. counter.")
    var category: String?

    @Option(help: "Only streams whose name or last event type contains this text.")
    var contains: String?

    @Flag(help: "Sort by name instead of most recent change.")
    var byName = false

    @Option(help: "The most streams to list.")
    var limit = 100

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    func run() async throws {
        let query = StreamQuery(category: category, contains: contains, order: byName ? .name : .recent)
        let (rows, total) = try await withStore(storeOptions, reading: true) { store in
            var rows: [StreamInfo] = []
            var cursor: StreamCursor?
            while rows.count < limit {
                let want = min(1_000, limit - rows.count)
                let page = try await store.streams(after: cursor, limit: want, query: query)
                rows += page
                guard let last = page.last, page.count == want else { break }
                cursor = .after(last, order: query.order)
            }
            return (rows, try await store.stats().streamCount)
        }
        if output.json {
            Console.line(JSONValue.object([("streams", .array(rows.map(EventFormatting.json))), ("total_streams", .integer(total))]).compact)
            return
        }
        guard !rows.isEmpty else {
            Console.line(total == 0 ? "no streams yet; try: eventscope send create counter-1" : "no stream matches")
            return
        }
        let table: [[String]] = [["STREAM", "CATEGORY", "VERSION", "LAST EVENT", "UPDATED"]]
            + rows.map {
                [Console.visible($0.streamID.rawValue), Console.visible($0.category), String($0.version.value),
                 Console.visible($0.lastEventType.rawValue), EventFormatting.timestamp($0.lastUpdated)]
            }
        for line in TextTable.render(table) { Console.line(line) }
        if rows.count < total, category == nil, contains == nil {
            Console.line("(\(rows.count) of \(total) streams; use --limit to see more)")
        }
    }
}
