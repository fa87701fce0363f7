import EventScope
import Foundation

// MARK: - What engines hold and decide

extension TortureCheck {
    /// Every engine's live instance holds exactly the fold of its stream up to its version.
    public static let residentStateIsFold = TortureCheck(name: "resident state equals the fold of its stream at its version") { evidence in
        var problems: [String] = []
        for view in evidence.resident where view.target != .poisoned {
            let events = evidence.stored[view.target] ?? []
            switch view.result {
            case .failure(let error):
                problems.append("engine \(view.engine) could not give the state of \(view.target): \(error)")
            case .success(let (state, version)):
                let states = evidence.prefixStates(of: view.target, events)
                guard Int(version.value) < states.count else {
                    problems.append("engine \(view.engine) holds \(view.target) at version \(version.value), the stream has \(events.count) event(s)")
                    continue
                }
                let folded = states[Int(version.value)]
                if folded != state {
                    problems.append("engine \(view.engine) holds \(view.target) at version \(version.value) with \(state), the fold of its stream to that version is \(folded)")
                }
            }
        }
        return problems
    }

    /// A fresh engine loads every aggregate to the fold of its whole stream, whether it starts
    /// from a snapshot or folds the events alone: a snapshot never changes an outcome.
    public static let coldLoadsAreFolds = TortureCheck(name: "a cold load, from a snapshot or from the events, equals the fold of the stream") { evidence in
        var problems: [String] = []
        for load in evidence.coldLoads {
            let how = load.engine == 0 ? "with snapshots" : "without snapshots"
            let events = evidence.stored[load.target] ?? []
            switch (load.target, load.result) {
            case (.poisoned, .success(let (state, version))):
                problems.append("a cold load \(how) gave the poisoned account's state (\(state) at version \(version.value)) instead of failing")
            case (.poisoned, .failure):
                continue
            case (_, .failure(let error)):
                problems.append("a cold load \(how) of \(load.target) failed: \(error)")
            case (_, .success(let (state, version))):
                let folded = evidence.prefixStates(of: load.target, events).last
                if version.value != Int64(events.count) || folded != state {
                    problems.append("a cold load \(how) gave \(load.target) \(state) at version \(version.value); its stream folds to \(folded.map { "\($0)" } ?? "?") at version \(events.count)")
                }
            }
        }
        return problems
    }

    /// Every snapshot a store kept for time travel holds the fold of its stream at its version,
    /// taken at the event the stream holds there: a fold for time travel that starts from any of
    /// them (the newest at or before a version) reaches the same state as one from version 1.
    public static let keptSnapshotsAreFolds = TortureCheck(name: "every kept snapshot equals the fold of its stream at its version") { evidence in
        var problems: [String] = []
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        for (target, kept) in evidence.keptSnapshots.sorted(by: { "\($0.key)" < "\($1.key)" }) where target != .poisoned {
            let events = evidence.stored[target] ?? []
            let states = evidence.prefixStates(of: target, events)
            for snapshot in kept {
                let v = Int(snapshot.version.value)
                guard v >= 1, v < states.count, events[v - 1].eventID == snapshot.eventID else {
                    problems.append("\(target)'s snapshot at v\(v) was taken at event \(snapshot.eventID), which its stream of \(events.count) event(s) does not hold there")
                    continue
                }
                let state: TortureState?
                switch target {
                case .counter: state = (try? decoder.decode(TortureCounter.State.self, from: snapshot.state)).map(TortureState.counter)
                case .account, .poisoned: state = (try? decoder.decode(TortureAccount.State.self, from: snapshot.state)).map(TortureState.account)
                }
                if state != states[v] {
                    problems.append("\(target)'s snapshot at v\(v) holds \(state.map { "\($0)" } ?? "undecodable state"); the fold of its stream to v\(v) is \(states[v])")
                }
            }
        }
        return problems
    }

    /// A refusal was decided against state that committed: some prefix of the final stream
    /// (version 0 included) under which the command's rule refuses it.
    public static let refusalsJustified = TortureCheck(name: "every refusal is justified by some committed state") { evidence in
        var statesByTarget: [TortureTarget: [TortureState]] = [:]
        var problems: [String] = []
        for r in evidence.records where r.command.target != .poisoned {
            guard case .refused(let message) = r.outcome else { continue }
            let target = r.command.target
            if statesByTarget[target] == nil { statesByTarget[target] = evidence.prefixStates(of: target, evidence.stored[target] ?? []) }
            let states = statesByTarget[target]!
            if !states.contains(where: { TortureEvidence.refuses(r.command, in: $0) }) {
                problems.append("\(r.command) was refused (\(message)) but no committed state of its stream (versions 0…\(states.count - 1)) refuses it")
            }
        }
        return problems
    }

    /// With one engine (the only writer), no command fails on a conflict: its commands queue.
    /// With several, conflict failures are counted in the report (the goal is zero) but are
    /// not a violation: the retries are bounded.
    public static let noConflictInsideOneEngine = TortureCheck(name: "no command fails on a conflict inside one engine") { evidence in
        guard evidence.options.engines == 1 else { return [] }
        return evidence.records.compactMap { r in
            guard case .conflict(let attempts) = r.outcome else { return nil }
            return "\(r.command) failed with a conflict after \(attempts) attempt(s), though engine \(r.command.engine) is the only writer"
        }
    }

    /// An aggregate whose history holds an undecodable event runs no command and gives no state.
    public static let undecodableHistoryFailsLoudly = TortureCheck(name: "an undecodable event makes loading fail loudly") { evidence in
        guard evidence.options.poison > 0 else { return [] }
        var problems = evidence.records.compactMap { r -> String? in
            guard r.command.target == .poisoned, case .acknowledged = r.outcome else { return nil }
            return "\(r.command) was acknowledged, though its aggregate's history holds an event that cannot be decoded"
        }
        for view in evidence.resident where view.target == .poisoned {
            if case .success(let (state, version)) = view.result {
                problems.append("engine \(view.engine) gave the poisoned account's state (\(state) at version \(version.value)) instead of failing")
            }
        }
        return problems
    }

    /// Every engine (process) got commands through.
    public static let everyEngineProgressed = TortureCheck(name: "every engine made progress") { evidence in
        (0..<evidence.options.engines).compactMap { engine in
            let acknowledged = evidence.records.filter { $0.command.engine == engine && $0.outcome.kind == "acknowledged" }.count
            return acknowledged > 0 ? nil : "engine \(engine) had no command acknowledged"
        }
    }
}
