import Foundation

/// Describes one command for people and tools, and runs it from text fields.
public struct CommandDescriptor: Sendable {
    /// The aggregate category it targets.
    public let category: String
    /// The command's name, e.g. `increment`.
    public let name: String
    public let help: String
    public let fields: [CommandField]
    let run: @Sendable (Engine, String, FieldValues, EventMetadata) async throws -> CommandResult

    /// A usage line: `deposit account-ID amount=<integer>`.
    public var usage: String {
        ([name, "\(category)-ID"] + fields.map { $0.required ? "\($0.name)=<\($0.type.rawValue)>" : "[\($0.name)=<\($0.type.rawValue)>]" })
            .joined(separator: " ")
    }
}

/// The state folded from (part of) a stream, as JSON for people.
public struct FoldedState: Hashable, Sendable {
    /// The state as pretty-printed JSON with sorted keys.
    public var json: Data
    /// The version it was folded up to.
    public var version: StreamVersion
    /// Events that could not be applied (unknown type or undecodable), by version.
    public var skipped: [StreamVersion]
}

/// Describes one aggregate type for people and tools.
public struct AggregateDescriptor: Sendable {
    public let category: String
    public let help: String
    let makeFolder: @Sendable () -> StateFolder

    /// The state after `events` (a stream's events in order, from version 1).
    public func fold(_ events: some Sequence<RecordedEvent>, codec: EventCodec) -> FoldedState {
        var folder = makeFolder()
        folder.apply(events, codec: codec)
        return folder.folded
    }

    /// A folder at the initial state, to apply a stream's events to one step at a time.
    public func folder() -> StateFolder { makeFolder() }
}

/// A command parsed from a line such as `deposit account-7 amount=50`.
public struct ParsedCommand: Hashable, Sendable {
    public var name: String
    public var stream: String
    public var fields: [String: String]

    public init(name: String, stream: String, fields: [String: String]) {
        self.name = name
        self.stream = stream
        self.fields = fields
    }
}

/// A command checked against the catalog, ready to run.
public struct ValidatedCommand: Sendable {
    public let descriptor: CommandDescriptor
    public let streamID: StreamID
    public let values: FieldValues
}

/// Every aggregate, event and command of an application: the codec for its events and the
/// descriptions the CLI and the explorer are built from.
///
/// ```swift
/// var catalog = CommandCatalog()
/// catalog.register(Counter.self, help: "A counter")
/// catalog.register("increment", of: Counter.self, help: "Adds one") { _ in Counter.increment }
/// ```
public struct CommandCatalog: Sendable {
    public private(set) var codec = EventCodec()
    public private(set) var aggregates: [String: AggregateDescriptor] = [:]
    private var commands: [String: [CommandDescriptor]] = [:]
    /// Seed data, traffic and example command lines for people trying the domain, if it offers them.
    public var demo: CatalogDemo?

    public init() {}

    /// Registers an aggregate type and its events.
    public mutating func register<A: Aggregate>(_ type: A.Type, help: String) {
        precondition(aggregates[A.category] == nil, "aggregate category \(A.category) registered twice")
        A.registerEvents(in: &codec)
        aggregates[A.category] = AggregateDescriptor(category: A.category, help: help) { StateFolder(A.self) }
    }

    /// Registers a command of aggregate `A`, built from validated fields.
    public mutating func register<A: Aggregate>(
        _ name: String, of type: A.Type, help: String, fields: [CommandField] = [],
        decision: @escaping @Sendable (FieldValues) throws -> Decision<A>
    ) {
        precondition(aggregates[A.category] != nil, "register aggregate \(A.category) before its commands")
        precondition(command(name, category: A.category) == nil, "command \(name) registered twice for \(A.category)")
        let descriptor = CommandDescriptor(category: A.category, name: name, help: help, fields: fields) { engine, id, values, metadata in
            try await engine.execute(A.self, id: id, metadata: metadata, try decision(values))
        }
        commands[A.category, default: []].append(descriptor)
    }

    /// Categories in name order.
    public var categories: [String] { aggregates.keys.sorted() }

    /// The commands of a category, in registration order.
    public func commands(for category: String) -> [CommandDescriptor] { commands[category] ?? [] }

    /// Every command, by category then registration order.
    public var allCommands: [CommandDescriptor] { categories.flatMap { commands(for: $0) } }

    public func command(_ name: String, category: String) -> CommandDescriptor? {
        commands[category]?.first { $0.name == name }
    }

    /// Checks a command name, stream and fields, without running anything.
    /// - Throws: ``CommandError`` naming exactly what is wrong.
    public func validate(command name: String, stream: String, fields: [String: String]) throws -> ValidatedCommand {
        let streamID = StreamID(stream)
        guard stream.contains("-"), !streamID.category.isEmpty, !streamID.id.isEmpty else {
            throw CommandError.invalidStream(stream)
        }
        guard aggregates[streamID.category] != nil else {
            throw CommandError.unknownCategory(streamID.category, available: categories)
        }
        guard let descriptor = command(name, category: streamID.category) else {
            throw CommandError.unknownCommand(name: name, category: streamID.category, available: commands(for: streamID.category).map(\.name))
        }
        for key in fields.keys.sorted() where !descriptor.fields.contains(where: { $0.name == key }) {
            let known = descriptor.fields.map(\.name)
            throw CommandError.invalidField(
                field: key, reason: known.isEmpty ? "\(name) takes no fields" : "unknown field; \(name) takes \(known.joined(separator: ", "))")
        }
        for field in descriptor.fields {
            guard let text = fields[field.name] else {
                if field.required { throw CommandError.invalidField(field: field.name, reason: "missing (\(field.help))") }
                continue
            }
            if let problem = field.problem(with: text) { throw CommandError.invalidField(field: field.name, reason: problem) }
        }
        return ValidatedCommand(descriptor: descriptor, streamID: streamID, values: FieldValues(fields))
    }

    /// Parses `NAME STREAM [FIELD=VALUE ...]`; values may be quoted (`owner="Ada L"`).
    public static func parse(_ line: String) throws -> ParsedCommand {
        let words = try tokenize(line)
        guard words.count >= 2 else {
            throw CommandError.syntax("expected COMMAND STREAM [FIELD=VALUE ...], e.g. increment counter-1")
        }
        return try parse(name: words[0], stream: words[1], assignments: Array(words[2...]))
    }

    /// Builds a command from its name, stream and `FIELD=VALUE` words.
    public static func parse(name: String, stream: String, assignments: [String]) throws -> ParsedCommand {
        var fields: [String: String] = [:]
        for word in assignments {
            guard let eq = word.firstIndex(of: "="), eq != word.startIndex else {
                throw CommandError.syntax("expected FIELD=VALUE, got \"\(word)\"")
            }
            let key = String(word[..<eq])
            guard fields[key] == nil else { throw CommandError.syntax("field \(key) given twice") }
            fields[key] = String(word[word.index(after: eq)...])
        }
        return ParsedCommand(name: name, stream: stream, fields: fields)
    }

    /// Splits a line into words; double or single quotes group a word, `\` escapes a character.
    public static func tokenize(_ line: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for ch in line {
            if escaped {
                current.append(ch)
                escaped = false
                inWord = true
            } else if ch == "\\" {
                escaped = true
            } else if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
            } else if ch == "\"" || ch == "'" {
                quote = ch
                inWord = true
            } else if ch.isWhitespace {
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            } else {
                current.append(ch)
                inWord = true
            }
        }
        if quote != nil { throw CommandError.syntax("unterminated quote") }
        if inWord { words.append(current) }
        return words
    }

    static func prettyJSON<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(value)) ?? Data("null".utf8)
    }
}
