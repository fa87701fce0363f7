import EventScope
import Foundation

/// The check of a torture run across real processes: children log every command they send and
/// how it ended, some are killed midway with `kill -9`, and the logs are checked against the
/// store afterwards.
///
/// A child's log has one line per event, written the moment it happens:
/// `start ID`, then `ack ID N` (acknowledged with N events), `refused ID`, `doubt ID`,
/// `cancelled ID` or `failed ID KIND`.
public struct TortureProcessAudit: Sendable {
    /// One child's log and how it ended.
    public struct Child: Sendable {
        public var index: Int
        public var lines: [String]
        /// Killed on purpose (its last commands may be in flight).
        public var killed: Bool
        /// How it exited, e.g. `exit 0`, `signal 9`.
        public var exit: String
        public var exitedCleanly: Bool

        public init(index: Int, lines: [String], killed: Bool, exit: String, exitedCleanly: Bool) {
            self.index = index
            self.lines = lines
            self.killed = killed
            self.exit = exit
            self.exitedCleanly = exitedCleanly
        }
    }

    public var children: [Child]
    /// Every event of the run's streams, as stored.
    public var stored: [RecordedEvent]

    public init(children: [Child], stored: [RecordedEvent]) {
        self.children = children
        self.stored = stored
    }

    public struct Outcome: Sendable {
        public var acknowledged = 0
        public var refused = 0
        public var inDoubt = 0
        public var failed = 0
        public var inFlightAtKill = 0
        public var violations: [TortureViolation] = []
    }

    /// Checks every rule and counts the outcomes.
    public func run() -> Outcome {
        var outcome = Outcome()
        var storedByCommand: [UUID: [RecordedEvent]] = [:]
        for e in stored {
            guard let id = e.metadata.commandID else {
                outcome.violations.append(.init(check: "stored events belong to commands", message: "\(e.streamID) v\(e.version.value) carries no command id"))
                continue
            }
            storedByCommand[id, default: []].append(e)
        }
        var mayBeStored: Set<UUID> = []
        for child in children {
            if !child.killed && !child.exitedCleanly {
                outcome.violations.append(.init(check: "no crash", message: "child \(child.index) was not killed but ended with \(child.exit)"))
            }
            var open: Set<UUID> = []
            for line in child.lines {
                let words = line.split(separator: " ").map(String.init)
                guard words.count >= 2, let id = UUID(uuidString: words[1]) else { continue }
                switch words[0] {
                case "start": open.insert(id)
                case "ack":
                    open.remove(id)
                    outcome.acknowledged += 1
                    mayBeStored.insert(id)
                    let expected = words.count > 2 ? Int(words[2]) ?? 0 : 0
                    let found = storedByCommand[id] ?? []
                    if found.count != expected || !TortureCheck.isContiguous(found) {
                        outcome.violations.append(.init(
                            check: "acknowledged commands are stored exactly once",
                            message: "child \(child.index) acknowledged \(id) with \(expected) event(s); the store holds \(found.count) at versions \(found.map(\.version.value))"))
                    }
                case "doubt", "cancelled":
                    open.remove(id)
                    outcome.inDoubt += 1
                    mayBeStored.insert(id)
                case "refused":
                    open.remove(id)
                    outcome.refused += 1
                default:
                    open.remove(id)
                    outcome.failed += 1
                }
            }
            if child.killed {
                outcome.inFlightAtKill += open.count
                mayBeStored.formUnion(open)
            } else if !open.isEmpty {
                outcome.violations.append(.init(check: "every command was answered", message: "child \(child.index) sent \(open.count) command(s) that were never answered"))
            }
        }
        for (id, events) in storedByCommand.sorted(by: { $0.value[0].position < $1.value[0].position }) where !mayBeStored.contains(id) {
            outcome.violations.append(.init(
                check: "nothing stored that was neither acknowledged nor possibly in flight",
                message: "command \(id): \(events.count) event(s) stored at \(events[0].streamID) v\(events.map(\.version.value)) but it was neither acknowledged, in doubt, nor in flight in a killed child"))
        }
        return outcome
    }
}
