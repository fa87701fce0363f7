import ArgumentParser
import EventScope
import EventScopeExplorer
import Foundation

/// `eventscope trace EVENT-ID|POSITION|CORRELATION-ID`: the causality tree of a correlation.
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Print the causality tree of an event's correlation: commands, events, reactions, pending steps.",
        discussion: """
            Examples:
              eventscope trace 42                                     (the event at position 42)
              eventscope trace 0193f1c2-…                             (an event id or a correlation id)
              eventscope trace 42 --json

            The tree starts at the command a person sent (source cli or explorer, with its text); \
            under each event come the commands process managers sent in reaction (source \
            process:NAME, with the milliseconds from the event to their first event). A step a \
            process manager has not reached yet is marked pending (its checkpoint is behind); one \
            it failed at is marked stopped; a causation id that names no stored event is flagged \
            dangling. The store has no index by correlation: trace reads all events.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var readModelOptions: ReadModelOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("An event id, a correlation id, or a position (42 or #42).", valueName: "event-id|position|correlation-id"))
    var target: String

    func validate() throws {
        if CausalityTrace.Start(target) == nil {
            throw ValidationError("expected an event id or correlation id (a UUID) or a position (a positive number), got \"\(target)\"")
        }
    }

    func run() async throws {
        let start = CausalityTrace.Start(target)!
        let trace: CausalityTrace
        do {
            trace = try await withReadModels(storeOptions, readModelOptions) { store, runners, _ in
                var handlers: [TraceHandler] = []
                for case let process as ProcessManagerHandler in runners.models {
                    handlers.append(TraceHandler(
                        name: process.name, checkpoint: try await process.checkpoint(), reactsTo: process.process.reactsTo,
                        failure: try await process.recordedLease()?.failure))
                }
                return try await CausalityTrace.build(store: store, start: start, handlers: handlers)
            }
        } catch let error as TraceError {
            throw CLIFailure(error.description)
        }
        if output.json {
            Console.line(Self.json(trace).compact)
        } else {
            for line in trace.lines() {
                Console.line(Console.visible(String(repeating: "  ", count: line.depth) + line.text))
            }
        }
    }

    // MARK: - JSON

    static func json(_ trace: CausalityTrace) -> JSONValue {
        .object([
            ("correlation_id", trace.correlationID.map { .string($0.uuidString) } ?? .null),
            ("focus_event_id", trace.focus.map { .string($0.uuidString) } ?? .null),
            ("events_read", .integer(Int64(trace.scanned))),
            ("handlers_known", .bool(trace.handlersKnown)),
            ("commands", .array(trace.roots.map(json))),
        ])
    }

    static func json(_ hop: CausalityTrace.Hop) -> JSONValue {
        let cause: JSONValue
        switch hop.link {
        case .origin: cause = .object([("kind", .string("origin"))])
        case .event(let id): cause = .object([("kind", .string("event")), ("event_id", .string(id.uuidString))])
        case .outside(let id, let position):
            cause = .object([("kind", .string("outside_correlation")), ("event_id", .string(id.uuidString)), ("position", .integer(position.value))])
        case .dangling(let id): cause = .object([("kind", .string("dangling")), ("event_id", .string(id.uuidString))])
        }
        return .object([
            ("command_id", hop.commandID.map { .string($0.uuidString) } ?? .null),
            ("source", hop.source.map { .string($0) } ?? .null),
            ("command", hop.text.map { .string($0) } ?? .null),
            ("stream", .string(hop.stream.rawValue)),
            ("caused_by", cause),
            ("after_ms", hop.afterMilliseconds.map { .number(String($0)) } ?? .null),
            ("events", .array(hop.events.map { node in
                guard case .object(var members) = EventFormatting.json(node.event) else { return .null }
                members.append(("reactions", .array(node.reactions.map(json))))
                members.append(("marks", .array(node.marks.map { m in
                    var state: [(key: String, value: JSONValue)] = [("handler", .string(m.handler)), ("checkpoint", .integer(m.checkpoint.value))]
                    switch m.state {
                    case .pending: state.append(("state", .string("pending")))
                    case .noCommand: state.append(("state", .string("no_command")))
                    case .stopped(let message): state += [("state", .string("stopped")), ("message", .string(message))]
                    }
                    return .object(state)
                })))
                return .object(members)
            })),
        ])
    }
}
