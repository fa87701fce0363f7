import DemoDomain
import EventSourcing
import Foundation
import Synchronization

/// N concurrent clients incrementing counters through one engine: the load behind `demo`
/// and `bench`. Each client waits for its command's answer before sending the next, as a
/// person or a request handler would.
struct CounterLoad: Sendable {
    /// When the load stops.
    enum Limit: Sendable {
        /// After this many increments in total.
        case commands(Int)
        /// After this long.
        case duration(Duration)
    }

    /// What the clients did.
    struct Report: Sendable {
        var commands = 0
        var ok = 0
        var errors = 0
        var seconds = 0.0
        /// Acknowledged increment event ids, by counter id (when `recordAcks`).
        var acknowledged: [String: [UUID]] = [:]
        /// The first error seen, for people.
        var firstError: String?
        /// Failed commands by kind (`conflict`, `store`, `refused`, …).
        var errorsByKind: [String: Int] = [:]
        /// The first error of each kind.
        var exampleByKind: [String: String] = [:]

        var perSecond: Double { seconds > 0 ? Double(ok) / seconds : 0 }
    }

    let engine: Engine
    let clients: Int
    /// The counter ids (streams `counter-<id>`).
    let counterIDs: [String]
    let limit: Limit
    /// Metadata attached to every increment (the run's correlation id).
    var metadata = EventMetadata()
    /// Keep the acknowledged event ids, to verify them afterwards.
    var recordAcks = false
    /// Called with every acknowledged event, as soon as it is acknowledged.
    var onAck: (@Sendable (RecordedEvent) -> Void)?

    /// Creates the counters that do not exist yet (an "already created" refusal is fine: the
    /// counter exists, perhaps made by another process a moment ago).
    func createCounters() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (i, id) in counterIDs.enumerated() {
                group.addTask {
                    do {
                        _ = try await engine.execute(Counter.self, id: id, Counter.create)
                    } catch CommandError.refused {
                        // Already created.
                    }
                }
                if i % 64 == 63 { try await group.waitForAll() }
            }
            try await group.waitForAll()
        }
    }

    /// Runs the clients until the limit and reports what they did.
    func run() async -> Report {
        let claimed = Tally()
        let clock = ContinuousClock()
        let start = clock.now
        let deadline: ContinuousClock.Instant? = {
            if case .duration(let d) = limit { return start + d }
            return nil
        }()
        let total: Int? = {
            if case .commands(let k) = limit { return k }
            return nil
        }()
        let partials = await withTaskGroup(of: Report.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var report = Report()
                    var i = client
                    while true {
                        if let total, claimed.next() > total { break }
                        if let deadline, clock.now >= deadline { break }
                        let id = counterIDs[i % counterIDs.count]
                        i += clients
                        report.commands += 1
                        do {
                            let result = try await engine.execute(Counter.self, id: id, metadata: metadata, Counter.increment)
                            report.ok += 1
                            if recordAcks { report.acknowledged[id, default: []] += result.events.map(\.eventID) }
                            if let onAck { result.events.forEach(onAck) }
                        } catch {
                            report.errors += 1
                            let kind = (error as? CommandError)?.kind ?? "other"
                            report.errorsByKind[kind, default: 0] += 1
                            if report.exampleByKind[kind] == nil { report.exampleByKind[kind] = String(describing: error) }
                            if report.firstError == nil { report.firstError = String(describing: error) }
                        }
                    }
                    return report
                }
            }
            return await group.reduce(into: [Report]()) { $0.append($1) }
        }
        var report = Report()
        for p in partials {
            report.commands += p.commands
            report.ok += p.ok
            report.errors += p.errors
            report.firstError = report.firstError ?? p.firstError
            report.errorsByKind.merge(p.errorsByKind, uniquingKeysWith: +)
            report.exampleByKind.merge(p.exampleByKind) { first, _ in first }
            for (id, acks) in p.acknowledged { report.acknowledged[id, default: []] += acks }
        }
        let elapsed = clock.now - start
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }
}

/// A counter shared by concurrent clients.
private final class Tally: Sendable {
    private let value = Atomic<Int>(0)
    /// Adds one and returns the new value.
    func next() -> Int { value.add(1, ordering: .relaxed).newValue }
}
