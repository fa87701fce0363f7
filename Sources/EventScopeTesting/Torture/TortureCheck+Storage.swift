import EventScope
import Foundation

// MARK: - What the store holds against what callers were told

extension TortureCheck {
    /// No crash, and no lost answer: every command sent got an outcome. (A crash of the
    /// process itself is caught by whoever ran it: the test's exit test, or the CLI parent.)
    public static let everyCommandAnswered = TortureCheck(name: "no crash: every command was answered") { evidence in
        var indices: [String: [Int]] = [:]
        for r in evidence.records { indices["e\(r.command.engine).c\(r.command.client)", default: []].append(r.command.index) }
        return indices.sorted(by: { $0.key < $1.key }).compactMap { client, answered in
            answered.sorted() == Array(0..<answered.count) ? nil : "client \(client) sent \(answered.max().map { $0 + 1 } ?? 0) commands but \(answered.count) were answered"
        }
    }

    /// Every acknowledged command's events are in the store exactly once, as acknowledged,
    /// contiguous in its stream, and after the events of the same client's earlier commands.
    public static let acknowledgedStoredExactlyOnce = TortureCheck(name: "acknowledged commands are stored exactly once, in order") { evidence in
        let byCommand = evidence.storedByCommand
        var problems: [String] = []
        var lastVersion: [String: StreamVersion] = [:]
        for r in evidence.records.sorted(by: { ($0.command.engine, $0.command.client, $0.command.index) < ($1.command.engine, $1.command.client, $1.command.index) }) {
            guard case .acknowledged(let ids, let versions, _) = r.outcome else { continue }
            let stored = byCommand[r.command.commandID] ?? []
            if stored.map(\.eventID) != ids {
                problems.append("\(r.command) was acknowledged with \(ids.count) event(s) \(versions.map(\.value)), the store holds \(stored.count) with its id at versions \(stored.map(\.version.value))")
                continue
            }
            if stored.map(\.version) != versions {
                problems.append("\(r.command) was acknowledged at versions \(versions.map(\.value)), stored at \(stored.map(\.version.value))")
            }
            if let wrong = stored.first(where: { $0.streamID != r.command.target.stream(run: evidence.run) }) {
                problems.append("\(r.command): its event \(wrong.eventID) is stored in \(wrong.streamID)")
            }
            if !isContiguous(stored) {
                problems.append("\(r.command): its events are not contiguous in the stream (versions \(stored.map(\.version.value)))")
            }
            let key = "e\(r.command.engine).c\(r.command.client) \(r.command.target)"
            if let first = stored.first {
                if let previous = lastVersion[key], first.version <= previous {
                    problems.append("\(r.command) is stored at version \(first.version.value), before an earlier command of the same client (version \(previous.value))")
                }
                lastVersion[key] = stored.last?.version
            }
        }
        return problems
    }

    /// Events in the store belong to acknowledged commands, or to commands reported in doubt
    /// (or abandoned by a cancelled caller); never to a refused or failed command.
    public static let unacknowledgedNotStored = TortureCheck(name: "nothing unacknowledged is stored unless reported in doubt") { evidence in
        let records = Dictionary(evidence.records.map { ($0.command.commandID, $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [String] = []
        for (target, events) in evidence.stored.sorted(by: { $0.key < $1.key }) {
            for e in events where !evidence.harnessEventIDs.contains(e.eventID) && e.metadata.commandID == nil {
                problems.append("\(target) v\(e.version.value) (\(e.type)) carries no command id")
            }
        }
        for (commandID, events) in evidence.storedByCommand.sorted(by: { $0.value[0].position < $1.value[0].position }) {
            guard let r = records[commandID] else {
                problems.append("\(events.count) stored event(s) at \(events[0].streamID) v\(events[0].version.value) carry command id \(commandID), which no command of this run had")
                continue
            }
            if !r.outcome.mayBeStored {
                problems.append("\(r.command) was answered \(r.outcome.kind) (\(r.outcome.message)) but \(events.count) of its event(s) are stored at versions \(events.map(\.version.value))")
            } else if !isContiguous(events) {
                problems.append("\(r.command) (\(r.outcome.kind)) is stored in pieces: versions \(events.map(\.version.value))")
            }
        }
        return problems
    }

    public static func isContiguous(_ events: [RecordedEvent]) -> Bool {
        zip(events, events.dropFirst()).allSatisfy { $1.version.value == $0.version.value + 1 && $1.streamID == $0.streamID }
    }
}

extension TortureEvidence {
    /// Stored events (not the harness's own) by the command id in their metadata, in stream order.
    var storedByCommand: [UUID: [RecordedEvent]] {
        var result: [UUID: [RecordedEvent]] = [:]
        for (_, events) in stored {
            for e in events {
                guard let id = e.metadata.commandID, !harnessEventIDs.contains(e.eventID) else { continue }
                result[id, default: []].append(e)
            }
        }
        return result
    }
}

extension TortureOutcome {
    /// The message of a failure, or the kind.
    var message: String {
        switch self {
        case .refused(let m), .inDoubt(let m), .unreadableHistory(let m), .failed(_, let m): return m
        default: return kind
        }
    }
}
