import EventScope
import Foundation

/// How a command ended, as its caller saw it.
public enum TortureOutcome: Hashable, Sendable {
    /// Acknowledged: these events (ids in order) were appended; the stream is at `version`.
    case acknowledged(eventIDs: [UUID], versions: [StreamVersion], version: StreamVersion)
    /// A domain rule refused it.
    case refused(String)
    /// The engine reported that its append may or may not have been stored.
    case inDoubt(String)
    /// Other writers kept changing the stream.
    case conflict(attempts: Int)
    /// The history of the aggregate could not be decoded.
    case unreadableHistory(String)
    /// Any other failure (store down, store reset...): nothing may be stored.
    case failed(kind: String, message: String)
    /// The caller cancelled and got a `CancellationError`: it may or may not be stored.
    case cancelled

    init(_ result: Result<CommandResult, any Error>) {
        switch result {
        case .success(let r):
            self = .acknowledged(eventIDs: r.events.map(\.eventID), versions: r.events.map(\.version), version: r.version)
        case .failure(let error as CommandError):
            switch error {
            case .refused(let refusal): self = .refused(refusal.message)
            case .inDoubt(_, let m): self = .inDoubt(m)
            case .conflict(_, let attempts): self = .conflict(attempts: attempts)
            case .unreadableHistory: self = .unreadableHistory(error.description)
            default: self = .failed(kind: error.kind, message: error.description)
            }
        case .failure(is CancellationError):
            self = .cancelled
        case .failure(let error):
            self = .failed(kind: "other", message: String(describing: error))
        }
    }

    /// A short name for counts and the trace.
    public var kind: String {
        switch self {
        case .acknowledged: return "acknowledged"
        case .refused: return "refused"
        case .inDoubt: return "in_doubt"
        case .conflict: return "conflict"
        case .unreadableHistory: return "unreadable_history"
        case .failed(let kind, _): return "failed:\(kind)"
        case .cancelled: return "cancelled"
        }
    }

    /// Whether the command's events may be in the store without it being acknowledged.
    var mayBeStored: Bool {
        switch self {
        case .acknowledged, .inDoubt, .cancelled: return true
        default: return false
        }
    }
}

/// One command and how it ended.
public struct TortureRecord: Hashable, Sendable {
    public var command: TortureCommand
    public var outcome: TortureOutcome
    /// The outcome's place in the order outcomes were recorded by the whole run.
    public var sequence: Int
}
