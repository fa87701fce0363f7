import ArgumentParser
import EventScope

/// The kinds of failure a script can tell apart: the `error` of the JSON object printed with
/// `--json`, and the exit status. The README's table is this one.
enum FailureKind: String, CaseIterable {
    /// A domain rule refused the command; nothing was written.
    case refused
    /// Other writers kept changing the stream; try again.
    case conflict
    /// The store may or may not have applied the command; resend it with the same --command-id.
    case inDoubt = "in_doubt"
    /// The stream (or what was asked for) does not exist.
    case notFound = "not_found"
    /// The store cannot be reached or used right now (server down, file locked); retry later.
    case storeUnavailable = "store_unavailable"
    /// The store's location or contents are not usable (no such directory, not a database,
    /// a newer schema); retrying will not help.
    case storeInvalid = "store_invalid"
    /// The store went backwards (reset) under the command; nothing was written, send it again.
    case storeReset = "store_reset"
    /// The command line is wrong (unknown option, command, field or value).
    case usage
    /// Anything else: a failed check (`demo` found a lost update), history that cannot be
    /// decoded, a bug in a decision.
    case failed

    /// The exit status of this kind.
    var exitStatus: Int32 {
        switch self {
        case .refused: return 1
        case .conflict: return 2
        case .inDoubt: return 3
        case .notFound: return 4
        case .storeUnavailable: return 5
        case .storeInvalid: return 6
        case .storeReset: return 7
        case .usage: return ExitCode.validationFailure.rawValue  // 64, as ArgumentParser's own
        case .failed: return 70
        }
    }
}

/// An error as scripts see it: its kind, its message for people, and details.
struct FailureReport {
    var kind: FailureKind
    var message: String
    var details: [String: String] = [:]

    init(_ error: any Error) {
        message = String(describing: error)
        switch error {
        case let e as CLIFailure:
            kind = e.kind
            details = e.details
        case let e as CommandError:
            (kind, details) = Self.classify(e)
        case let e as EventStoreError:
            kind = Self.classify(e)
        default:
            kind = .failed
        }
    }

    private static func classify(_ error: CommandError) -> (FailureKind, [String: String]) {
        switch error {
        case .refused(let refusal): return (.refused, ["reason": refusal.message])
        case .conflict(let stream, let attempts): return (.conflict, ["stream": stream.rawValue, "attempts": String(attempts)])
        case .inDoubt(let stream, _): return (.inDoubt, ["stream": stream.rawValue])
        case .storeReset(let stream, _): return (.storeReset, ["stream": stream.rawValue])
        case .store(let failure):
            var details: [String: String] = [:]
            if let stream = failure.stream { details["stream"] = stream.rawValue }
            if let version = failure.version { details["version"] = String(version.value) }
            return (failure.eventStoreError.map(classify) ?? .storeUnavailable, details)
        case .unknownCommand, .unknownCategory, .invalidStream, .invalidField, .syntax: return (.usage, [:])
        case .unreadableHistory(let stream, let version, let type, _):
            return (.failed, ["stream": stream.rawValue, "version": String(version.value), "type": type.rawValue])
        case .decisionFailed, .encodingFailed: return (.failed, [:])
        }
    }

    private static func classify(_ error: EventStoreError) -> FailureKind {
        switch error {
        case .unavailable, .streamBusy: return .storeUnavailable
        case .invalid: return .storeInvalid
        case .wrongExpectedVersion, .duplicateEventID: return .conflict
        case .inDoubt: return .inDoubt
        case .storeReset: return .storeReset
        }
    }
}
