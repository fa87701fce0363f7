import Foundation

/// What a successful command returns: the events it appended and the stream's new version.
public struct CommandResult: Hashable, Sendable {
    public var streamID: StreamID
    /// The stream's version after the command (unchanged if it produced no events).
    public var version: StreamVersion
    /// The events the command appended, as recorded.
    public var events: [RecordedEvent]

    public init(streamID: StreamID, version: StreamVersion, events: [RecordedEvent]) {
        self.streamID = streamID
        self.version = version
        self.events = events
    }
}

/// Why a command did not run. Every case says what happened and what to do.
public enum CommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No command of that name exists for the stream's category.
    case unknownCommand(name: String, category: String, available: [String])
    /// No aggregate type is registered for the stream's category.
    case unknownCategory(String, available: [String])
    /// The stream name is not `category-id`.
    case invalidStream(String)
    /// A field is missing, unknown or malformed.
    case invalidField(field: String, reason: String)
    /// A domain rule refused the command; nothing was written.
    case refused(String)
    /// Other writers kept changing the stream; the command gave up after this many attempts.
    case conflict(stream: StreamID, attempts: Int)
    /// The store failed; nothing is known to be written.
    case store(String)
    /// The command line could not be parsed.
    case syntax(String)

    public var description: String {
        switch self {
        case .unknownCommand(let name, let category, let available):
            return "unknown command \"\(name)\" for \(category); available: \(available.joined(separator: ", "))"
        case .unknownCategory(let category, let available):
            return "unknown aggregate category \"\(category)\"; known categories: \(available.joined(separator: ", "))"
        case .invalidStream(let s):
            return "invalid stream \"\(s)\": expected CATEGORY-ID, e.g. counter-1"
        case .invalidField(let field, let reason): return "field \(field): \(reason)"
        case .refused(let message): return "refused: \(message)"
        case .conflict(let stream, let attempts):
            return "conflict on \(stream): other writers changed it \(attempts) times in a row; try again"
        case .store(let message): return "store error: \(message)"
        case .syntax(let message): return message
        }
    }

    /// A short machine-friendly kind, for JSON output.
    public var kind: String {
        switch self {
        case .unknownCommand: return "unknown_command"
        case .unknownCategory: return "unknown_category"
        case .invalidStream: return "invalid_stream"
        case .invalidField: return "invalid_field"
        case .refused: return "refused"
        case .conflict: return "conflict"
        case .store: return "store"
        case .syntax: return "syntax"
        }
    }
}
