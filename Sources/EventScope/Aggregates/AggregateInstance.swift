import Foundation
import Synchronization

/// The one live instance of an aggregate in this process: its state and version, and a
/// mailbox of commands run strictly one batch at a time.
///
/// Swift actors are re-entrant at every `await`, so an actor method that awaited the store
/// would let a second command see state that is not committed yet. Commands therefore go
/// into a mailbox drained by one task (as a GenServer's is); the commands waiting when a
/// batch starts are decided in order against the evolving state and appended together, in
/// one atomic append.
///
/// The rules that keep its promises:
/// - **State is only what committed.** ``state`` and ``version`` change only when events
///   are known to be stored: read from the store, or appended and answered with exactly the
///   events this batch proposed, at the versions that follow. Anything else (an idempotent
///   answer carrying another version, a lost reply) makes the instance read the stream.
/// - **Every outcome is decided against committed state.** A refusal is answered only once
///   the batch it was decided in has committed, because it may have been decided against a
///   sibling's events; if the append fails, it is decided again.
/// - **Another process's write is not an error.** On `wrongExpectedVersion` the instance
///   reads what it missed and decides again, after a short random wait; having lost a round,
///   it claims the stream's turn (``WriterTurn``) with its next append, so that a process
///   that keeps winning cannot starve it.
/// - **History it cannot read stops it.** An event the codec cannot decode leaves the state
///   unknown, so commands fail with ``CommandError/unreadableHistory(stream:version:type:reason:)``
///   instead of being decided on a wrong state.
/// - **A command id makes a retry safe.** A command's event ids derive from its id (the
///   caller's ``EventMetadata/commandID`` or one drawn per command), so a command found in
///   the history is answered with its stored events rather than applied twice.
/// - **A snapshot never changes an outcome.** A first load may start from the stream's
///   snapshot (``SnapshotStore``) only when its schema is this program's and the stream still
///   holds the event it was folded to; the window of recent event ids is read from the stream
///   as before (the events up to the snapshot are read for their ids, not decoded). Anything
///   else folds the stream from its events. Snapshots are written from committed state only,
///   by a background task, never on the command path; a failed write is only counted.
actor AggregateInstance<A: Aggregate>: AnyAggregateInstance {
    private struct Job {
        let decision: Decision<A>
        let metadata: EventMetadata
        /// The caller's command id, or one drawn for this command; its events' ids derive from it.
        let commandID: UUID
        let continuation: CheckedContinuation<CommandResult, any Error>
    }

    /// What one job came to in one attempt at a batch.
    private enum Outcome {
        /// Its events are `proposed[range]` (possibly empty).
        case events(Range<Int>)
        /// A domain rule (or bad input) refused it against the state before it.
        case refused(CommandError)
        /// Its command id is already in the history, at these versions.
        case alreadyApplied(ClosedRange<Int64>)
        /// The same command id as an earlier job of this batch: the same answer.
        case sameAs(Int)
    }

    let stream: StreamID
    /// This engine's id in turn-taking between writers of a contended stream.
    private let writerID: UUID
    private let store: any EventStore
    private let codec: EventCodec
    private let counters: EngineCounters
    private let maxConflictRetries: Int
    private let maxBatch: Int
    /// Where snapshots are read and written; `nil` when the type declares no policy, the
    /// store keeps none, or the engine was told not to use them.
    private let snapshots: (any SnapshotStore)?

    private var state = A.initialState
    private var version = StreamVersion.none
    private var loaded = false
    /// Set when the history holds an event that cannot be decoded; every command fails with it.
    private var unreadable: CommandError?
    /// The ids and versions of the most recent events, to recognise a command sent again.
    private var history = CommandWindow()
    /// The stream may hold events this instance has not read (after an in-doubt append).
    private var needsCatchUp = false
    /// The newest events read by the last catch-up (at most a window's worth): to tell
    /// whether an in-doubt append landed, and to answer a command found in the history
    /// without reading its events again.
    private var lastRead: [UUID: RecordedEvent] = [:]
    private var mailbox: [Job] = []
    /// The id of the event at ``version`` (what a snapshot of this state is checked against).
    private var lastEventID: UUID?
    /// The version of the newest snapshot known to be stored (or being written).
    private var snapshotVersion: Int64 = 0
    private var snapshotInFlight = false
    private var cachedSchema: String?
    private var draining = false
    let leases = Atomic<Int>(0)

    init(
        stream: StreamID, writerID: UUID, store: any EventStore, codec: EventCodec, counters: EngineCounters, maxConflictRetries: Int, maxBatch: Int,
        useSnapshots: Bool = true
    ) {
        self.snapshots = useSnapshots && A.snapshotPolicy != nil ? store as? any SnapshotStore : nil
        self.stream = stream
        self.writerID = writerID
        self.store = store
        self.codec = codec
        self.counters = counters
        self.maxConflictRetries = maxConflictRetries
        self.maxBatch = maxBatch
    }

    /// Runs a decision against this aggregate and appends its events.
    func execute(_ decision: Decision<A>, metadata: EventMetadata) async throws -> CommandResult {
        try await withCheckedThrowingContinuation { continuation in
            mailbox.append(Job(decision: decision, metadata: metadata, commandID: metadata.commandID ?? .newEventID(), continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    /// The committed state and version, loading the stream first if needed.
    func snapshot() async throws -> (state: A.State, version: StreamVersion) {
        if !loaded { try await catchUp() }
        if let unreadable { throw unreadable }
        return (state, version)
    }

    private func drain() async {
        while !mailbox.isEmpty {
            // Index loops and whole-array moves on the hot path, not `prefix`, `enumerated` or
            // `zip`: this actor is generic over the aggregate, so each generic wrapper of its
            // jobs costs a runtime metadata lookup per use (`perf`: such lookups were about 6%
            // of the Redis demo's samples).
            let batch: [Job]
            if mailbox.count <= maxBatch {
                batch = mailbox
                mailbox = []
            } else {
                batch = Array(mailbox[0..<maxBatch])
                mailbox.removeSubrange(0..<maxBatch)
            }
            await process(batch)
        }
        draining = false
    }

    private func process(_ batch: [Job]) async {
        if !loaded || needsCatchUp {
            guard await catchUp(orFail: batch) else { return }
        } else if let unreadable {
            fail(batch, with: unreadable)
            return
        }
        await decideAndAppend(batch)
    }

    // MARK: - Reading the stream

    /// Reads and folds the events past ``version`` (a first load starts from a valid snapshot
    /// when there is one).
    private func catchUp() async throws {
        if !loaded, version == .none, snapshots != nil, try await loadFromSnapshot() {
            finishCatchUp()
            return
        }
        let events = try await store.readStream(stream, from: version.next)
        lastRead = Dictionary(events.suffix(history.capacity).map { ($0.eventID, $0) }, uniquingKeysWith: { a, _ in a })
        fold(events)
        finishCatchUp()
    }

    private func finishCatchUp() {
        needsCatchUp = false
        if !loaded {
            loaded = true
            counters.loaded.add(1, ordering: .relaxed)
        }
        considerSnapshot()
    }

    /// The schema this program writes and accepts for `A`'s snapshots.
    private var schema: String {
        if let cachedSchema { return cachedSchema }
        let s = SnapshotPolicy.schema(of: A.self, codec: codec)
        cachedSchema = s
        return s
    }

    /// Loads the state from the stream's snapshot and folds the events after it. Returns
    /// `false` (nothing changed) when there is no usable snapshot; a snapshot store that
    /// fails is treated as having none.
    private func loadFromSnapshot() async throws -> Bool {
        guard let snapshots, let stored = try? await snapshots.snapshot(of: stream) else { return false }
        let state: A.State
        switch SnapshotCoding.state(stored, as: A.self, schema: schema) {
        case .success(let s): state = s
        case .failure:
            counters.snapshotsIgnored.add(1, ordering: .relaxed)
            return false
        }
        // The window of recent ids reaches back before the snapshot: read those events for
        // their ids (they are not decoded), and the events after it to fold.
        let from = max(1, stored.version.value - Int64(history.capacity) + 1)
        let events = try await store.readStream(stream, from: StreamVersion(from))
        // Another load ran meanwhile (``snapshot()`` runs outside the mailbox): keep its work.
        guard version == .none, !loaded else { return false }
        guard let at = events.first(where: { $0.version == stored.version }), at.eventID == stored.eventID else {
            // The stream no longer holds the history the snapshot was folded from.
            counters.snapshotsIgnored.add(1, ordering: .relaxed)
            return false
        }
        for r in events where r.version <= stored.version { history.record(r.eventID, version: r.version.value) }
        self.state = state
        version = stored.version
        lastEventID = stored.eventID
        snapshotVersion = stored.version.value
        lastRead = Dictionary(events.suffix(history.capacity).map { ($0.eventID, $0) }, uniquingKeysWith: { a, _ in a })
        fold(events)
        counters.snapshotLoads.add(1, ordering: .relaxed)
        return true
    }

    /// Writes a snapshot of the committed state in the background when the policy says so.
    private func considerSnapshot() {
        guard let snapshots, let policy = A.snapshotPolicy, unreadable == nil, !snapshotInFlight,
              version.value - snapshotVersion >= Int64(policy.every), let eventID = lastEventID
        else { return }
        snapshotInFlight = true
        let (state, version, stream, schema) = (self.state, self.version, self.stream, self.schema)
        Task.detached(priority: .utility) { [weak self] in
            var written = false
            if let data = try? SnapshotCoding.encoder.encode(state) {
                let record = StoredSnapshot(streamID: stream, version: version, eventID: eventID, schema: schema, state: data)
                written = (try? await snapshots.writeSnapshot(record)) != nil
            }
            await self?.snapshotFinished(version: version.value, written: written)
        }
    }

    private func snapshotFinished(version written: Int64, written ok: Bool) {
        snapshotInFlight = false
        // A failed write is not retried before another `every` events: a failing store must
        // not be hammered, and no outcome depends on it.
        snapshotVersion = max(snapshotVersion, written)
        if ok { counters.snapshotsWritten.add(1, ordering: .relaxed) } else { counters.snapshotFailures.add(1, ordering: .relaxed) }
        considerSnapshot()
    }

    /// Catches up; when that fails, or the history turns out unreadable, fails `batch` with
    /// why and returns `false`.
    private func catchUp(orFail batch: [Job]) async -> Bool {
        do { try await catchUp() } catch {
            fail(batch, with: await commandError(fromStore: error))
            return false
        }
        if let unreadable {
            fail(batch, with: unreadable)
            return false
        }
        return true
    }

    /// Folds events past the current version. A catch-up can interleave with another at an
    /// `await` (``snapshot()`` runs outside the mailbox), so events already folded are skipped.
    private func fold(_ recorded: [RecordedEvent]) {
        for r in recorded where r.version > version {
            guard unreadable == nil else { return }
            switch codec.decode(r) {
            case .event(let event):
                state = A.apply(event, to: state)
            case .unknownType(let type, _):
                unreadable = .unreadableHistory(
                    stream: stream, version: r.version, type: type,
                    reason: "no event type \"\(type)\" is registered in this program (an older binary, or a missing upcaster)")
                return
            case .undecodable(let type, _, let reason):
                unreadable = .unreadableHistory(stream: stream, version: r.version, type: type, reason: reason)
                return
            }
            version = r.version
            lastEventID = r.eventID
            history.record(r.eventID, version: r.version.value)
        }
    }

    /// Forgets everything after the store went backwards; the next command reloads.
    private func forgetAfterReset() {
        state = A.initialState
        version = .none
        loaded = false
        needsCatchUp = false
        unreadable = nil
        history = CommandWindow()
        lastEventID = nil
        snapshotVersion = 0
    }

    // MARK: - Deciding and appending

    /// Decides the batch against the committed state and appends the accepted events; on a
    /// conflict, catches up and decides every job again.
    private func decideAndAppend(_ batch: [Job]) async {
        var batch = batch
        var attempt = 0
        while true {
            attempt += 1
            let base = version
            var next = state
            var proposed: [ProposedEvent] = []
            var outcomes: [Outcome] = []
            var firstByCommand: [UUID: Int] = [:]
            outcomes.reserveCapacity(batch.count)
            for i in batch.indices {
                let job = batch[i]
                if batch.count > 1 {
                    if let first = firstByCommand[job.commandID] {
                        outcomes.append(.sameAs(first))
                        continue
                    }
                    firstByCommand[job.commandID] = i
                }
                if let applied = history.versions(of: job.commandID) {
                    outcomes.append(.alreadyApplied(applied))
                    continue
                }
                do {
                    let events = try job.decision.decide(next)
                    let start = proposed.count
                    for (n, event) in events.enumerated() {
                        proposed.append(try codec.propose(event, metadata: job.metadata, eventID: job.commandID.derivedEventID(n)))
                    }
                    outcomes.append(.events(start..<proposed.count))
                    next = A.fold(events, from: next)
                } catch {
                    outcomes.append(.refused(Self.commandError(error)))
                }
            }
            if proposed.isEmpty {
                // Every outcome was decided against the committed state alone.
                await answer(batch, outcomes, recorded: [], base: base)
                return
            }

            do {
                // After a lost round, claim the stream's turn: the next attempt then lands.
                let started = ContinuousClock.now
                let result = try await store.append(proposed, to: stream, expected: .exact(base), turn: WriterTurn(owner: writerID, claim: attempt > 1))
                counters.appendDuration.record(since: started)
                if Self.sameIDs(result.events, proposed) {
                    // Our events are stored: the commands are applied, whatever else happened.
                    if version == base, Self.areNumbered(result.events, after: base) {
                        state = next
                        version = result.events[result.events.count - 1].version
                        lastEventID = result.events[result.events.count - 1].eventID
                        for e in result.events { history.record(e.eventID, version: e.version.value) }
                        considerSnapshot()
                    } else {
                        // Stored by an earlier attempt (same ids, other versions), or the
                        // stream moved meanwhile: read it before the next batch.
                        needsCatchUp = true
                    }
                    await answer(batch, outcomes, recorded: result.events, base: base)
                    return
                }
                // Not what we proposed (a store breaking its contract): read the stream and
                // decide again; commands found there are answered with their events.
                try await catchUp()
            } catch EventStoreError.wrongExpectedVersion(_, _, let actual) where actual < base {
                await storeWentBack(batch, message: "the store went back from version \(base.value) of \(stream) to \(actual.value)")
                return
            } catch EventStoreError.wrongExpectedVersion(_, _, let actual) {
                counters.conflicts.add(1, ordering: .relaxed)
                counters.logger.debug("another writer changed the stream; deciding again", metadata: ["stream": "\(stream)", "expected": "\(base.value)", "actual": "\(actual.value)", "attempt": "\(attempt)"])
                if attempt > maxConflictRetries {
                    counters.logger.warning("gave up after conflicts", metadata: ["stream": "\(stream)", "attempts": "\(attempt)"])
                    await giveUpAfterConflicts(batch, attempts: attempt)
                    return
                }
                await backoff(attempt: attempt)
                guard await catchUp(orFail: batch) else { return }
            } catch EventStoreError.streamBusy(_, let retryAfter) {
                // Another writer holds the turn: nothing was written, and our state may still
                // be current. Wait for its append, then read and decide again.
                counters.conflicts.add(1, ordering: .relaxed)
                if attempt > maxConflictRetries {
                    await giveUpAfterConflicts(batch, attempts: attempt)
                    return
                }
                try? await Task.sleep(for: min(retryAfter, WriterTurn.lease))
                guard await catchUp(orFail: batch) else { return }
            } catch EventStoreError.storeReset(let previous, let head) {
                await storeWentBack(batch, message: "the store was reset (its head went back from \(previous.value) to \(head.value))")
                return
            } catch EventStoreError.duplicateEventID(_, let id) {
                // A command resent after its events left the window: the store holds them
                // and refuses to store them twice. That command alone is answered; the rest
                // are decided again.
                guard let owner = Self.owner(of: id, in: outcomes, proposed) else {
                    fail(batch, with: .store(StoreFailure(EventStoreError.duplicateEventID(stream: stream, eventID: id), stream: stream, version: base)))
                    return
                }
                finish(batch[owner], .failure(CommandError.store(StoreFailure(
                    EventStoreError.duplicateEventID(stream: stream, eventID: id), stream: stream, version: base,
                    message: "command \(batch[owner].commandID.uuidString) was applied earlier (its event \(id) is stored in \(stream)); it was not applied again"))))
                batch.remove(at: owner)
                if batch.isEmpty { return }
            } catch EventStoreError.inDoubt(_, let message) {
                await settleInDoubt(batch, outcomes, proposed: proposed, message: message)
                return
            } catch {
                // Nothing was written (stores throw `inDoubt` when something may have been).
                // Refusals decided against a sibling's events are not justified now: they are
                // decided again with the next batch.
                let mapped = await commandError(fromStore: error)
                requeueRefusalsAfterSiblings(batch, outcomes, failingOthersWith: mapped)
                return
            }
        }
    }

    /// Answers a batch that lost every round: `conflict` means "nothing of yours is stored",
    /// so the stream is read first, and a command whose events are there after all (an
    /// earlier attempt of it, or a resend of an in-doubt one, landed meanwhile) is answered
    /// with them. Only the others fail with `conflict`.
    private func giveUpAfterConflicts(_ batch: [Job], attempts: Int) async {
        guard await catchUp(orFail: batch) else { return }
        var failed = 0
        for job in batch {
            if let applied = history.versions(of: job.commandID) {
                finish(job, await storedResult(applied, commandID: job.commandID))
            } else {
                failed += 1
                finish(job, .failure(CommandError.conflict(stream: stream, attempts: attempts)))
            }
        }
        counters.conflictFailures.add(failed, ordering: .relaxed)
    }

    /// After an in-doubt append: reads the stream once to see whether the batch landed; if it
    /// cannot tell, reports the accepted commands as in doubt (never as "nothing written").
    private func settleInDoubt(_ batch: [Job], _ outcomes: [Outcome], proposed: [ProposedEvent], message: String) async {
        if (try? await catchUp()) != nil, let first = proposed.first, lastRead[first.eventID] != nil {
            // It landed: the commands are in the history now; decide again to answer them.
            await decideAndAppend(batch)
            return
        }
        // The state may be behind the store: read the stream before the next command.
        needsCatchUp = true
        requeueRefusalsAfterSiblings(batch, outcomes, failingOthersWith: .inDoubt(stream: stream, message: message))
    }

    /// Fails the jobs that proposed events with `error`, answers refusals decided against the
    /// committed state alone, and puts refusals decided after a sibling's events back at the
    /// head of the mailbox (their sibling did not commit, so they must be decided again).
    private func requeueRefusalsAfterSiblings(_ batch: [Job], _ outcomes: [Outcome], failingOthersWith error: CommandError) {
        var sawEvents = false
        var again: [Job] = []
        for (job, outcome) in zip(batch, outcomes) {
            switch outcome {
            case .events(let range):
                sawEvents = sawEvents || !range.isEmpty
                finish(job, .failure(error))
            case .refused(let refusal):
                if sawEvents { again.append(job) } else { finish(job, .failure(refusal)) }
            case .alreadyApplied, .sameAs:
                // Answered by reading the history: decide again (cheap) with the next batch.
                again.append(job)
            }
        }
        mailbox.insert(contentsOf: again, at: 0)
    }

    private func storeWentBack(_ batch: [Job], message: String) async {
        forgetAfterReset()
        fail(batch, with: .storeReset(stream: stream, message: message))
    }

    /// Answers every job of a batch whose events (if any) committed as `recorded`.
    private func answer(_ batch: [Job], _ outcomes: [Outcome], recorded: [RecordedEvent], base: StreamVersion) async {
        var results: [Result<CommandResult, any Error>] = []
        results.reserveCapacity(batch.count)
        for outcome in outcomes {
            switch outcome {
            case .events(let range):
                let events = Array(recorded[range])
                let at = range.isEmpty ? (range.lowerBound == 0 ? base : recorded[range.lowerBound - 1].version) : events[events.count - 1].version
                results.append(.success(CommandResult(streamID: stream, version: at, events: events)))
            case .refused(let error):
                if case .refused = error { counters.refused.add(1, ordering: .relaxed) }
                results.append(.failure(error))
            case .alreadyApplied(let versions):
                results.append(await storedResult(versions, commandID: batch[results.count].commandID))
            case .sameAs(let first):
                results.append(results[first])
            }
        }
        for i in batch.indices { finish(batch[i], results[i]) }
    }

    /// The events a command stored earlier: from the last catch-up, or read back.
    private func storedResult(_ versions: ClosedRange<Int64>, commandID: UUID) async -> Result<CommandResult, any Error> {
        let known = (0..<versions.count).compactMap { lastRead[commandID.derivedEventID($0)] }
        if known.count == versions.count {
            return .success(CommandResult(streamID: stream, version: StreamVersion(versions.upperBound), events: known))
        }
        do {
            let events = try await store.read(stream, from: StreamVersion(versions.lowerBound), limit: versions.count)
            return .success(CommandResult(streamID: stream, version: StreamVersion(versions.upperBound), events: events))
        } catch {
            // It is applied, but its events cannot be shown: the caller may resend it (same
            // command id), which cannot apply it twice.
            return .failure(CommandError.inDoubt(
                stream: stream,
                message: "command \(commandID.uuidString) was applied (versions \(versions.lowerBound)…\(versions.upperBound)) but reading its events back failed: \(error)"))
        }
    }

    /// The job whose proposed events include the event `id`.
    private static func owner(of id: String, in outcomes: [Outcome], _ proposed: [ProposedEvent]) -> Int? {
        for (i, outcome) in outcomes.enumerated() {
            if case .events(let range) = outcome, proposed[range].contains(where: { $0.eventID.uuidString.caseInsensitiveCompare(id) == .orderedSame }) {
                return i
            }
        }
        return nil
    }

    /// Whether `recorded` were stored right after `base`, at the versions that follow it.
    private static func areNumbered(_ recorded: [RecordedEvent], after base: StreamVersion) -> Bool {
        for i in recorded.indices where recorded[i].version.value != base.value + Int64(i) + 1 { return false }
        return true
    }

    /// Whether `recorded` carry exactly the ids of `proposed`, in order.
    private static func sameIDs(_ recorded: [RecordedEvent], _ proposed: [ProposedEvent]) -> Bool {
        guard recorded.count == proposed.count else { return false }
        for i in recorded.indices where recorded[i].eventID != proposed[i].eventID { return false }
        return true
    }

    // MARK: - Contention

    /// Waits a short random while after a conflict, so that processes that met each other
    /// do not meet again in lockstep. Short: the loser of a round is the one that must not
    /// starve; it claims the turn next (``WriterTurn``).
    private func backoff(attempt: Int) async {
        let ceiling = min(100 * attempt, 2_000)  // µs
        try? await Task.sleep(for: .microseconds(Int.random(in: 0...ceiling)))
    }

    // MARK: - Answers

    private func finish(_ job: Job, _ result: Result<CommandResult, any Error>) {
        counters.commands.add(1, ordering: .relaxed)
        job.continuation.resume(with: result)
    }

    private func fail(_ jobs: [Job], with error: CommandError) {
        for job in jobs { finish(job, .failure(error)) }
    }

    /// A store error as a command error; a reset store also resets this instance.
    private func commandError(fromStore error: any Error) async -> CommandError {
        switch error {
        case EventStoreError.storeReset(let previous, let head):
            forgetAfterReset()
            return .storeReset(stream: stream, message: "the store was reset (its head went back from \(previous.value) to \(head.value))")
        case EventStoreError.inDoubt(let stream, let message):
            return .inDoubt(stream: stream, message: message)
        case let e as CommandError:
            return e
        default:
            return .store(StoreFailure(error, stream: stream, version: version))
        }
    }

    /// What a decision's error (or its events' encoding error) answers: a domain refusal is
    /// a refusal; anything else is a bug, reported as such.
    static func commandError(_ error: any Error) -> CommandError {
        switch error {
        case let e as CommandError: return e
        case let e as any DomainRefusal: return .refused(Refusal(e))
        case let e as EncodingError: return .encodingFailed(CapturedError(e))
        default: return .decisionFailed(CapturedError(error))
        }
    }
}
