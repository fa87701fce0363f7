import EventScope
import Foundation

/// What a torture run did and found: counts by outcome, faults by kind, each engine's share,
/// and the violations (0 expected). ``text`` is for people, ``json`` for tools.
public struct TortureReport: Sendable {
    public let evidence: TortureEvidence
    public let violations: [TortureViolation]
    /// Faults injected, per engine.
    public let faults: [[FaultKind: Int]]
    public let duration: Duration
    public let store: String

    public var seed: UInt64 { evidence.options.seed }
    public var records: [TortureRecord] { evidence.records }

    public func count(_ kind: String) -> Int { records.filter { $0.outcome.kind == kind }.count }
    public var acknowledged: Int { count("acknowledged") }
    public var refused: Int { count("refused") }
    public var inDoubt: Int { count("in_doubt") }
    public var conflictFailures: Int { count("conflict") }
    public var cancelled: Int { count("cancelled") }

    /// Other failures by kind (store errors, unreadable history...).
    public var failures: [String: Int] {
        var result: [String: Int] = [:]
        for r in records {
            switch r.outcome {
            case .failed, .unreadableHistory: result[r.outcome.kind, default: 0] += 1
            default: break
            }
        }
        return result
    }

    /// Faults injected over all engines, by kind.
    public var faultTotals: [FaultKind: Int] {
        faults.reduce(into: [:]) { total, engine in engine.forEach { total[$0.key, default: 0] += $0.value } }
    }

    /// Acknowledged commands per engine.
    public var shares: [Int] {
        (0..<evidence.options.engines).map { e in records.filter { $0.command.engine == e && $0.outcome.kind == "acknowledged" }.count }
    }

    /// A hash of every command's outcome in the order they were recorded: equal for two runs
    /// of one seed only when the whole schedule was replayed (a deterministic executor).
    public var trace: String {
        var hash = StableHash()
        for r in records { hash.combine("\(r.command.engine).\(r.command.client).\(r.command.index) \(r.outcome.kind)") }
        return hash.hex
    }

    /// The plan's fingerprint: equal for equal seeds and options, whatever the timing.
    public var planFingerprint: String { TorturePlan.fingerprint(evidence.options) }

    public var passed: Bool { violations.isEmpty }

    /// The report for people: figures, then each check with its violations (the first few).
    public var text: [String] {
        let o = evidence.options
        let e = o.resolvedEngineOptions
        var lines = [
            "torture on \(store): seed \(seed), \(o.engines) engine(s) × \(o.clientsPerEngine) client(s), \(o.counters) counter(s) + \(o.accounts) account(s)\(o.poison > 0 ? " + 1 poisoned" : "")",
            "engine options: maxResident \(e.maxResident), idleTimeout \(e.idleTimeout.map { "\($0)" } ?? "none"), maxConflictRetries \(e.maxConflictRetries), maxBatch \(e.maxBatch)",
            "duration \(Self.seconds(duration)) s; commands \(records.count): acknowledged \(acknowledged), refused \(refused), in doubt \(inDoubt), conflict failures \(conflictFailures), cancelled \(cancelled)"
                + failures.sorted(by: { $0.key < $1.key }).map { ", \($0.key) \($0.value)" }.joined(),
            "faults injected: " + FaultKind.allCases.map { "\($0.rawValue) \(faultTotals[$0] ?? 0)" }.joined(separator: ", "),
            "store conflicts retried per engine: " + evidence.metrics.map { "\($0.conflicts)" }.joined(separator: " / ")
                + "; evictions: " + evidence.metrics.map { "\($0.evicted)" }.joined(separator: " / ")
                + "; snapshots written: " + evidence.metrics.map { "\($0.snapshotsWritten)" }.joined(separator: " / ")
                + "; cold loads from a snapshot: \(evidence.coldLoadMetrics.snapshotLoads)",
            "acknowledged per engine: " + shares.enumerated().map { i, n in "e\(i) \(n) (\(acknowledged == 0 ? 0 : n * 100 / acknowledged)%)" }.joined(separator: ", "),
            "plan \(planFingerprint), trace \(trace)",
        ]
        for check in TortureCheck.all {
            let found = violations.filter { $0.check == check.name }
            lines.append("\(found.isEmpty ? "ok  " : "FAIL") \(check.name)\(found.isEmpty ? "" : " — \(found.count) violation(s)")")
            for v in found.prefix(5) { lines.append("       \(v.message)") }
            if found.count > 5 { lines.append("       … and \(found.count - 5) more") }
        }
        lines.append(passed ? "no violations (seed \(seed))" : "\(violations.count) violation(s); replay with seed \(seed)")
        return lines
    }

    /// The report as one JSON object (for `JSONSerialization`).
    public var json: [String: Any] {
        let e = evidence.options.resolvedEngineOptions
        return [
            "store": store, "seed": String(seed), "duration_s": Self.seconds(duration),
            "engines": evidence.options.engines, "clients_per_engine": evidence.options.clientsPerEngine,
            "engine_options": [
                "max_resident": e.maxResident, "idle_timeout_ms": e.idleTimeout.map { Self.milliseconds($0) } ?? NSNull(),
                "max_conflict_retries": e.maxConflictRetries, "max_batch": e.maxBatch,
            ] as [String: Any],
            "commands": records.count, "acknowledged": acknowledged, "refused": refused, "in_doubt": inDoubt,
            "conflict_failures": conflictFailures, "cancelled": cancelled, "failures": failures,
            "conflicts_retried": evidence.metrics.map(\.conflicts), "evictions": evidence.metrics.map(\.evicted),
            "faults": Dictionary(uniqueKeysWithValues: FaultKind.allCases.map { ($0.rawValue, faultTotals[$0] ?? 0) }),
            "acknowledged_per_engine": shares,
            "checks": TortureCheck.all.map { check in
                ["name": check.name, "violations": violations.filter { $0.check == check.name }.count] as [String: Any]
            },
            "violations": violations.prefix(100).map { ["check": $0.check, "message": $0.message] },
            "violation_count": violations.count, "plan": planFingerprint, "trace": trace,
        ]
    }

    static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return ((Double(c.seconds) + Double(c.attoseconds) / 1e18) * 1000).rounded() / 1000
    }

    static func milliseconds(_ d: Duration) -> Int {
        let c = d.components
        return Int(c.seconds * 1000 + c.attoseconds / 1_000_000_000_000_000)
    }
}
