import EventScope
import Foundation

/// One promise of the engine, checked against the evidence of a run: a name that says the
/// rule, and the violations found (empty when the promise held).
///
/// Like ``StoreContract/Check``: one rule per check, written once, run on every store.
public struct TortureCheck: Sendable, CustomStringConvertible {
    public let name: String
    let body: @Sendable (TortureEvidence) -> [String]

    public var description: String { name }

    /// The violations of this rule in `evidence`.
    public func violations(in evidence: TortureEvidence) -> [TortureViolation] {
        body(evidence).map { TortureViolation(check: name, message: $0) }
    }

    /// Every check, in the order the report lists them.
    public static var all: [TortureCheck] {
        [
            .everyCommandAnswered, .acknowledgedStoredExactlyOnce, .unacknowledgedNotStored,
            .residentStateIsFold, .refusalsJustified, .noConflictInsideOneEngine,
            .undecodableHistoryFailsLoudly, .everyEngineProgressed, .coldLoadsAreFolds, .keptSnapshotsAreFolds,
        ]
    }
}

/// A broken promise: which check, and what exactly went wrong (with command ids and versions).
public struct TortureViolation: Hashable, Sendable, CustomStringConvertible {
    public var check: String
    public var message: String
    public var description: String { "[\(check)] \(message)" }
}
