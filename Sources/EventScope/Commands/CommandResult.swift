import Foundation

/// What a successful command returns: the events it appended and the stream's new version.
///
/// A command that decided no events succeeds too, with no events and the version it was
/// decided at. A command recognised by its ``EventMetadata/commandID`` as applied before
/// returns the events it stored then.
public struct CommandResult: Hashable, Sendable {
    /// The aggregate's stream.
    public var streamID: StreamID
    /// The stream's version after the command (unchanged if it produced no events).
    public var version: StreamVersion
    /// The events the command appended, as recorded.
    public var events: [RecordedEvent]

    /// Creates a result (the engine makes them; tests and tools may too).
    public init(streamID: StreamID, version: StreamVersion, events: [RecordedEvent]) {
        self.streamID = streamID
        self.version = version
        self.events = events
    }
}

/// Why a command did not run. Every case says what happened and what to do.
///
/// Every case but ``inDoubt(stream:message:)`` means nothing was written: the command can
/// be corrected or sent again. The first four and ``syntax(_:)`` come from checking text
/// input, before anything runs.
public enum CommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No command of that name exists for the stream's category.
    case unknownCommand(name: String, category: String, available: [String])
    /// No aggregate type is registered for the stream's category.
    case unknownCategory(String, available: [String])
    /// The stream name is not `category-id`.
    case invalidStream(String)
    /// A field is missing, unknown or malformed.
    case invalidField(field: String, reason: String)
    /// A domain rule refused the command; nothing was written. The refusal keeps the value
    /// the decision threw (``Refusal/error``) and its message.
    case refused(Refusal)
    /// Other writers kept changing the stream; the command gave up after this many attempts.
    case conflict(stream: StreamID, attempts: Int)
    /// The store failed; nothing was written. The failure keeps the stream, the version the
    /// command was decided at and the store's error (``StoreFailure/eventStoreError``).
    case store(StoreFailure)
    /// The store took the append but its answer was lost: the command's events may or may
    /// not be stored. Sending the command again with the same command id
    /// (``EventMetadata/commandID``) applies it at most once.
    case inDoubt(stream: StreamID, message: String)
    /// The aggregate's history holds an event this program cannot decode (an unknown type,
    /// bad data, a failing upcaster), so its state is unknown and no command runs on it.
    case unreadableHistory(stream: StreamID, version: StreamVersion, type: EventType, reason: String)
    /// The store went backwards under the aggregate (it was reset); nothing was written.
    /// The aggregate is reloaded from what the store holds now: send the command again.
    case storeReset(stream: StreamID, message: String)
    /// The command line could not be parsed.
    case syntax(String)
    /// The decision threw an error that is not a ``DomainRefusal``: a bug in the decision,
    /// not a refusal (it does not count in ``EngineMetrics/refused``). Nothing was written.
    case decisionFailed(CapturedError)
    /// An event the decision returned could not be encoded (its `Encodable` conformance
    /// threw): a bug in the event type. Nothing was written.
    case encodingFailed(CapturedError)

    /// What happened and what to do, in one line for people.
    public var description: String {
        switch self {
        case .unknownCommand(let name, let category, let available):
            return "unknown command \"\(name)\" for \(category); available: \(available.joined(separator: ", "))"
        case .unknownCategory(let category, let available):
            return "unknown aggregate category \"\(category)\"; known categories: \(available.joined(separator: ", "))"
        case .invalidStream(let s):
            return "invalid stream \"\(s)\": expected CATEGORY-ID, e.g. counter-1"
        case .invalidField(let field, let reason): return "field \(field): \(reason)"
        case .refused(let refusal): return "refused: \(refusal.message)"
        case .conflict(let stream, let attempts):
            return "conflict on \(stream): other writers changed it \(attempts) times in a row; try again"
        case .store(let failure): return "store error: \(failure.message)"
        case .inDoubt(let stream, let message):
            return "in doubt: \(message). The command on \(stream) may or may not have been applied; send it again with the same command id to apply it at most once"
        case .unreadableHistory(let stream, let version, let type, let reason):
            return "cannot run commands on \(stream): its event at version \(version.value) (\(type)) cannot be decoded: \(reason)"
        case .storeReset(let stream, let message):
            return "\(message); \(stream) was reloaded, nothing was written: send the command again"
        case .syntax(let message): return message
        case .decisionFailed(let error):
            return "the decision failed (a bug, not a refusal: throw a DomainError or a DomainRefusal to refuse): \(error)"
        case .encodingFailed(let error):
            return "an event of the decision cannot be encoded (a bug in the event type): \(error)"
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
        case .inDoubt: return "in_doubt"
        case .unreadableHistory: return "unreadable_history"
        case .storeReset: return "store_reset"
        case .syntax: return "syntax"
        case .decisionFailed: return "decision_failed"
        case .encodingFailed: return "encoding_failed"
        }
    }
}
