import ArgumentParser
import EventScope
import EventScopeExplorer
import Foundation

/// `eventscope show STREAM [--at VERSION]`: a stream's events and the state folded from them.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a stream's events and the aggregate state folded from them.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The stream, e.g. counter-1.", completion: Completions.streams)
    var stream: String

    @Option(help: "Show the state as of this version (time travel).")
    var at: Int64?

    func validate() throws {
        if let at, at < 1 { throw ValidationError("--at must be a version of 1 or more, got \(at)") }
    }

    func run() async throws {
        let streamID = StreamID(stream)
        let (events, info) = try await withStore(storeOptions, reading: true) { store in
            guard let info = try await store.streamInfo(streamID) else {
                throw CLIFailure("no stream \(stream) in \(store.displayName); list them with: eventscope streams", kind: .notFound, details: ["stream": stream])
            }
            if let at, at > info.version.value {
                throw CLIFailure("\(stream) has \(info.version) events; --at must be at most \(info.version)", kind: .notFound, details: ["stream": stream])
            }
            var events = try await store.readStream(streamID)
            if let at { events = Array(events.prefix(Int(at))) }
            return (events, info)
        }
        let catalog = EventScope.catalog
        let folded = catalog.aggregates[streamID.category]?.fold(events, codec: catalog.codec)
        let version = events.last?.version ?? .none
        if output.json {
            let state = folded.map { EventFormatting.embedded($0.json) } ?? .null
            var members: [(key: String, value: JSONValue)] = [
                ("stream", .string(stream)), ("version", .integer(version.value)), ("current_version", .integer(info.version.value)),
                ("state", state), ("events", .array(events.map(EventFormatting.json))),
            ]
            if let skipped = folded?.skipped, !skipped.isEmpty { members.append(("skipped_versions", .array(skipped.map { .integer($0.value) }))) }
            Console.line(JSONValue.object(members).compact)
            return
        }
        let when = version == info.version ? "version \(version)" : "version \(version) of \(info.version)"
        Console.line("\(Console.visible(stream)) at \(when)")
        for e in events { Console.line("  " + EventFormatting.line(e)) }
        if let folded {
            Console.line("state:")
            Console.line(Console.visible(String(decoding: folded.json, as: UTF8.self), keepingNewlines: true))
            if !folded.skipped.isEmpty {
                Console.line("(events at versions \(folded.skipped.map(\.description).joined(separator: ", ")) could not be applied: unknown type or undecodable data)")
            }
        } else {
            Console.line("state: unknown (no aggregate of category \"\(Console.visible(streamID.category))\" is registered)")
        }
    }
}
