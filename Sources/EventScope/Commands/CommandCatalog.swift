import Foundation

/// Every aggregate, event and command of an application: the codec for its events and the
/// descriptions the CLI and the explorer are built from.
///
/// ```swift
/// var catalog = CommandCatalog()
/// catalog.register(Counter.self, help: "A counter")
/// catalog.register("increment", of: Counter.self, help: "Adds one") { _ in Counter.increment }
/// ```
public struct CommandCatalog: Sendable {
    /// The codec of every registered aggregate's events.
    public private(set) var codec = EventCodec()
    /// The registered aggregate types, by category.
    public private(set) var aggregates: [String: AggregateDescriptor] = [:]
    private var commands: [String: [CommandDescriptor]] = [:]
    /// Seed data, traffic and example command lines for people trying the domain, if it offers them.
    public var demo: CatalogDemo?

    /// Creates an empty catalog.
    public init() {}

    /// Registers an aggregate type and its events.
    /// - Parameters:
    ///   - type: the aggregate type; its ``Aggregate/registerEvents(in:)`` fills ``codec``.
    ///   - help: one line for people: what the aggregate is.
    /// - Precondition: no aggregate of the same category is registered yet.
    public mutating func register<A: Aggregate>(_ type: A.Type, help: String) {
        precondition(aggregates[A.category] == nil, "aggregate category \(A.category) registered twice")
        A.registerEvents(in: &codec)
        var descriptor = AggregateDescriptor(category: A.category, help: help) { StateFolder(A.self) }
        descriptor.snapshotPolicy = A.snapshotPolicy
        descriptor.snapshotCheck = { snapshot, codec in SnapshotCoding.check(snapshot, as: A.self, codec: codec) }
        descriptor.snapshotFolder = { snapshot, codec in
            SnapshotCoding.state(snapshot, as: A.self, schema: SnapshotPolicy.schema(of: A.self, codec: codec))
                .map { StateFolder(A.self, state: $0, version: snapshot.version) }
        }
        aggregates[A.category] = descriptor
    }

    /// Registers a command of aggregate `A`, built from validated fields.
    /// - Parameters:
    ///   - name: the command's name, unique within the category (e.g. `deposit`).
    ///   - type: the aggregate type it targets, registered before.
    ///   - help: one line for people: what the command does.
    ///   - fields: its fields; ``validate(command:stream:fields:)`` checks values against them.
    ///   - decision: builds the decision from the validated values; it runs only after
    ///     validation, so a required field is present and parses as its type.
    /// - Precondition: the aggregate is registered and has no command of the same name.
    public mutating func register<A: Aggregate>(
        _ name: String, of type: A.Type, help: String, fields: [CommandField] = [],
        decision: @escaping @Sendable (FieldValues) throws -> Decision<A>
    ) {
        precondition(aggregates[A.category] != nil, "register aggregate \(A.category) before its commands")
        precondition(command(name, category: A.category) == nil, "command \(name) registered twice for \(A.category)")
        let decides: @Sendable (Data?, FieldValues) -> Bool = { json, values in
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            var state = A.initialState
            if let json {
                guard let decoded = try? decoder.decode(A.State.self, from: json) else { return true }
                state = decoded
            }
            return (try? decision(values).decide(state)) != nil
        }
        let descriptor = CommandDescriptor(category: A.category, name: name, help: help, fields: fields, decides: decides) { engine, id, values, metadata in
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

    /// The command called `name` in `category`, or `nil` if there is none.
    public func command(_ name: String, category: String) -> CommandDescriptor? {
        commands[category]?.first { $0.name == name }
    }

    /// Checks a command name, stream and fields, without running anything.
    /// - Throws: ``CommandError`` naming exactly what is wrong, in this order:
    ///   ``CommandError/invalidStream(_:)`` when the stream is not `category-id`;
    ///   ``CommandError/unknownCategory(_:available:)``;
    ///   ``CommandError/unknownCommand(name:category:available:)``;
    ///   ``CommandError/invalidField(field:reason:)`` for an unknown field, a missing required
    ///   one, or a value its type rejects.
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
    /// - Throws: ``CommandError/syntax(_:)`` for a line with fewer than two words, a word
    ///   that is not `FIELD=VALUE`, a field given twice, or an unterminated quote.
    public static func parse(_ line: String) throws -> ParsedCommand {
        let words = try tokenize(line)
        guard words.count >= 2 else {
            throw CommandError.syntax("expected COMMAND STREAM [FIELD=VALUE ...], e.g. increment counter-1")
        }
        return try parse(name: words[0], stream: words[1], assignments: Array(words[2...]))
    }

    /// Builds a command from its name, stream and `FIELD=VALUE` words.
    /// - Throws: ``CommandError/syntax(_:)`` for a word that is not `FIELD=VALUE` or a field
    ///   given twice.
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
    /// - Throws: ``CommandError/syntax(_:)`` for an unterminated quote.
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
        encoder.dateEncodingStrategy = EventCodec.encoder.dateEncodingStrategy  // dates as events store them
        return (try? encoder.encode(value)) ?? Data("null".utf8)
    }
}
