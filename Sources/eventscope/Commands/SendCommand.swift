import ArgumentParser
import EventScope
import EventScopeDemoReadModels
import EventScopeExplorer
import Foundation

/// `eventscope send COMMAND STREAM [FIELD=VALUE ...]`: runs one command through the catalog.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Run a command on an aggregate and print the events it appended.",
        discussion: """
            Examples:
              eventscope send create counter-1
              eventscope send increment counter-1
              eventscope send open account-7 owner=Ada
              eventscope send deposit account-7 amount=50

            Commands:
            \(EventScope.catalog.allCommands.map { "  \($0.usage)\n      \($0.help)" }.joined(separator: "\n"))

            A refused command (e.g. already created, insufficient funds) prints why, appends \
            nothing and exits with status 1.

            Every command carries a command id (--command-id, or a new one). When the store \
            takes a command but its answer is lost, the command is "in doubt": it may or may \
            not be applied. Send it again with the same --command-id: it is applied at most once.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The command, e.g. increment.", completion: Completions.commandNames)
    var command: String

    @Argument(help: "The aggregate's stream, CATEGORY-ID, e.g. counter-1.", completion: Completions.streams)
    var stream: String

    @Argument(help: ArgumentHelp("The command's fields.", valueName: "field=value"), completion: Completions.fields)
    var fields: [String] = []

    @Option(help: ArgumentHelp("The command's id (a UUID): resending a command with the same id applies it at most once.", valueName: "uuid"))
    var commandID: String?

    func validate() throws {
        if let commandID, UUID(uuidString: commandID) == nil {
            throw ValidationError("--command-id must be a UUID such as 6F9619FF-8B86-D011-B42D-00CF4FC964FF, got \"\(commandID)\"")
        }
    }

    /// The command parsed and checked against the catalog — once, before any store is
    /// opened, so a mistake comes with the usage; the engine runs the result as it is.
    private func validated() throws -> ValidatedCommand {
        do {
            let parsed = try CommandCatalog.parse(name: command, stream: stream, assignments: fields)
            return try EventScope.catalog.validate(command: parsed.name, stream: parsed.stream, fields: parsed.fields)
        } catch let error as CommandError {
            var message = error.description
            let category = StreamID(stream).category
            if let descriptor = EventScope.catalog.command(command, category: category) {
                message += "\nUsage of \(command): eventscope send \(descriptor.usage)"
            }
            throw ValidationError(message)
        }
    }

    func run() async throws {
        let validated = try validated()
        let id = commandID.flatMap(UUID.init(uuidString:)) ?? UUID()
        let result: CommandResult
        do {
            result = try await withStore(storeOptions) { store in
                let engine = makeEngine(store: store)
                defer { engine.shutdown() }
                return try await engine.send(validated, metadata: CommandOrigin.started(by: "cli", text: validated.text, commandID: id))
            }
        } catch let error as CommandError {
            guard case .inDoubt = error else { throw error }
            let again = (["eventscope", "send", command, stream] + fields + ["--command-id", id.uuidString]).joined(separator: " ")
            throw CLIFailure(
                "\(error.description)\nTo apply it at most once, send it again with the same id:\n  \(again)",
                kind: .inDoubt, details: ["stream": stream, "command_id": id.uuidString])
        }
        if output.json {
            Console.line(JSONValue.object([
                ("stream", .string(result.streamID.rawValue)),
                ("version", .integer(result.version.value)),
                ("events", .array(result.events.map(EventFormatting.json))),
            ]).compact)
        } else {
            for e in result.events { Console.line(EventFormatting.line(e)) }
            Console.line("\(result.streamID) is at version \(result.version)")
            for process in DemoProjections.processes {
                guard let e = result.events.first(where: { process.reactsTo.contains($0.type) }) else { continue }
                Console.line("process manager \(process.name) reacts to \(e.type): it runs in the explorer and in `eventscope project`; `eventscope trace \(e.position.value)` follows it")
            }
        }
    }
}
