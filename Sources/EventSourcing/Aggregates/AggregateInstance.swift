import Foundation
import Synchronization

/// Type-erased view of an instance, for the registry.
protocol AnyAggregateInstance: AnyObject, Sendable {
    /// Commands queued or running; an instance with work is not evicted if another can be.
    var inFlight: Int { get }
}

/// The one live instance of an aggregate in this process: its state and version, and a
/// mailbox of commands run strictly one batch at a time.
///
/// Swift actors are re-entrant at every `await`, so an actor method that awaited the store
/// would let a second command see state that is not committed yet. Commands therefore go
/// into a mailbox drained by one task (as a GenServer's is); the commands waiting when a
/// batch starts are decided in order against the evolving state and appended together, in
/// one atomic append. A refused command is dropped from its batch without affecting the
/// others. When the store reports that another process wrote to the stream, the instance
/// reads what it missed and decides the batch again, up to `maxConflictRetries` times.
actor AggregateInstance<A: Aggregate>: AnyAggregateInstance {
    private struct Job {
        let decision: Decision<A>
        let metadata: EventMetadata
        let continuation: CheckedContinuation<CommandResult, any Error>
    }

    let stream: StreamID
    private let store: any EventStore
    private let codec: EventCodec
    private let counters: EngineCounters
    private let maxConflictRetries: Int
    private let maxBatch: Int

    private var state = A.initialState
    private var version = StreamVersion.none
    private var loaded = false
    private var mailbox: [Job] = []
    private var draining = false
    private let inFlightCount = Atomic<Int>(0)

    nonisolated var inFlight: Int { inFlightCount.load(ordering: .relaxed) }

    init(stream: StreamID, store: any EventStore, codec: EventCodec, counters: EngineCounters, maxConflictRetries: Int, maxBatch: Int) {
        self.stream = stream
        self.store = store
        self.codec = codec
        self.counters = counters
        self.maxConflictRetries = maxConflictRetries
        self.maxBatch = maxBatch
    }

    /// Runs a decision against this aggregate and appends its events.
    func execute(_ decision: Decision<A>, metadata: EventMetadata) async throws -> CommandResult {
        inFlightCount.add(1, ordering: .relaxed)
        defer { inFlightCount.subtract(1, ordering: .relaxed) }
        return try await withCheckedThrowingContinuation { continuation in
            mailbox.append(Job(decision: decision, metadata: metadata, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    /// The committed state and version, loading the stream first if needed.
    func snapshot() async throws -> (state: A.State, version: StreamVersion) {
        if !loaded { try await load() }
        return (state, version)
    }

    private func drain() async {
        while !mailbox.isEmpty {
            let take = min(maxBatch, mailbox.count)
            let batch = Array(mailbox.prefix(take))
            mailbox.removeFirst(take)
            await process(batch)
        }
        draining = false
    }

    private func load() async throws {
        let events = try await store.readStream(stream, from: version.next)
        apply(events)
        if !loaded {
            loaded = true
            counters.loaded.add(1, ordering: .relaxed)
        }
    }

    /// Applies events past the current version. A load can interleave with another at an
    /// `await` (``snapshot()`` runs outside the mailbox), so events already applied are skipped.
    private func apply(_ recorded: [RecordedEvent]) {
        for r in recorded where r.version > version {
            if let event = codec.decode(r).event { state = A.apply(event, to: state) }
            version = r.version
        }
    }

    private func process(_ batch: [Job]) async {
        do {
            if !loaded { try await load() }
        } catch {
            fail(batch, with: CommandError.store(String(describing: error)))
            return
        }
        await decideAndAppend(batch)
    }

    /// Decides the batch against the current state and appends the accepted events; on a
    /// conflict, catches up and decides again (refused jobs are answered at once).
    private func decideAndAppend(_ batch: [Job]) async {
        var remaining = batch
        var attempt = 0
        while !remaining.isEmpty {
            attempt += 1
            var next = state
            var proposed: [ProposedEvent] = []
            var accepted: [(job: Job, range: Range<Int>)] = []
            for job in remaining {
                do {
                    let events = try job.decision.decide(next)
                    let encoded = try events.map { try codec.propose($0, metadata: job.metadata) }
                    accepted.append((job, proposed.count..<proposed.count + encoded.count))
                    proposed += encoded
                    next = A.fold(events, from: next)
                } catch {
                    counters.refused.add(1, ordering: .relaxed)
                    counters.commands.add(1, ordering: .relaxed)
                    job.continuation.resume(throwing: Self.commandError(error))
                }
            }
            remaining = []
            if accepted.isEmpty { return }
            if proposed.isEmpty {
                for (job, _) in accepted {
                    counters.commands.add(1, ordering: .relaxed)
                    job.continuation.resume(returning: CommandResult(streamID: stream, version: version, events: []))
                }
                return
            }
            do {
                let result = try await store.append(proposed, to: stream, expected: .exact(version))
                state = next
                version = result.version
                for (job, range) in accepted {
                    counters.commands.add(1, ordering: .relaxed)
                    job.continuation.resume(
                        returning: CommandResult(streamID: stream, version: result.events[range.upperBound - 1].version, events: Array(result.events[range])))
                }
            } catch EventStoreError.wrongExpectedVersion {
                counters.conflicts.add(1, ordering: .relaxed)
                do { try await load() } catch {
                    fail(accepted.map(\.job), with: CommandError.store(String(describing: error)))
                    return
                }
                if attempt > maxConflictRetries {
                    counters.conflictFailures.add(1, ordering: .relaxed)
                    fail(accepted.map(\.job), with: CommandError.conflict(stream: stream, attempts: attempt))
                    return
                }
                remaining = accepted.map(\.job)
            } catch {
                fail(accepted.map(\.job), with: CommandError.store(String(describing: error)))
                return
            }
        }
    }

    private func fail(_ jobs: [Job], with error: CommandError) {
        for job in jobs {
            counters.commands.add(1, ordering: .relaxed)
            job.continuation.resume(throwing: error)
        }
    }

    static func commandError(_ error: any Error) -> CommandError {
        switch error {
        case let e as CommandError: return e
        case let e as DomainError: return .refused(e.message)
        default: return .refused(String(describing: error))
        }
    }
}
