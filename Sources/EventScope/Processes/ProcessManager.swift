import Foundation

/// A process manager (a saga): reacts to events by sending commands through the engine.
///
/// It runs as a handler (``ProcessManagerHandler``) with a checkpoint of its own, so it is
/// paused, stepped, retried and shown like any read model. Each command it sends goes through
/// ``ProcessCommands``, which records the causing event as its causation, keeps the chain's
/// correlation, and derives the command id from the causing event, the process and the step:
/// a replay after a crash, or a second process running the same process manager, sends the
/// same command id again, and the engine applies a command id at most once.
///
/// A step a domain rule refuses is the process manager's to handle, visibly: it sends a
/// compensating command (a refund), never stops silently. A refusal stores nothing, though, so
/// the same step run again (by a second process, or a replay) may be accepted later; where a
/// compensation could then race the step succeeding, let the aggregate record its refusal as
/// an event and compensate in reaction to that event (as the demo's transfers do: the target
/// records a rejection, the refund follows it).
public protocol ProcessManager: Sendable {
    /// A stable name: its checkpoint key, and `process:NAME` in the metadata of what it sends.
    var name: String { get }
    /// The event types it reacts to (the causality X-ray marks such an event pending while the
    /// process manager's checkpoint is behind it).
    var reactsTo: Set<EventType> { get }
    /// Sends the commands `event` calls for, through `commands`. Called once per event past
    /// the checkpoint — and again for the same event after a crash before its checkpoint was
    /// recorded, which is safe because ``ProcessCommands`` gives the same command the same id.
    /// - Throws: an error that is not the event's fault (a store outage) is retried; any other
    ///   error stops the process manager at the event until a person retries or skips it.
    func react(to event: RecordedEvent, commands: ProcessCommands) async throws
}

/// How a process manager sends commands in reaction to one event.
public struct ProcessCommands: Sendable {
    /// The engine the commands run on.
    public let engine: Engine
    /// The process manager's name.
    public let process: String
    /// The event being reacted to.
    public let cause: RecordedEvent

    /// Creates a sender for the reaction of `process` to `cause`.
    public init(engine: Engine, process: String, cause: RecordedEvent) {
        self.engine = engine
        self.process = process
        self.cause = cause
    }

    /// The metadata of the command sent at `step`: the chain's correlation (the cause's, or
    /// the cause's id when it has none), the cause as causation, the derived command id.
    public func metadata(step: String, text: String) -> EventMetadata {
        EventMetadata(
            correlationID: cause.metadata.correlationID ?? cause.eventID, causationID: cause.eventID,
            commandID: cause.eventID.processCommandID(process: process, step: step),
            custom: [CommandOrigin.sourceKey: CommandOrigin.process(process), CommandOrigin.commandKey: text, CommandOrigin.stepKey: step])
    }

    /// Runs `decision` on aggregate `id` of type `A` as the step `step` of the reaction.
    ///
    /// A step already applied (by an earlier run or another process) is answered with the
    /// events it stored then; when those have left the aggregate's window the result has no
    /// events (the store refused to store them twice).
    /// - Parameters:
    ///   - step: names the step within the reaction (`"withdraw"`); it makes the command id.
    ///   - text: the command as a person would read it, for the X-ray.
    /// - Throws: ``CommandError/refused(_:)`` when a domain rule refuses it (the process
    ///   manager compensates); other ``CommandError``s as ``Engine/execute(_:id:metadata:_:)``.
    @discardableResult
    public func execute<A: Aggregate>(_ type: A.Type, id: String, step: String, text: String, _ decision: Decision<A>) async throws -> CommandResult {
        do {
            return try await engine.execute(type, id: id, metadata: metadata(step: step, text: text), decision)
        } catch CommandError.store(let failure) {
            if case .duplicateEventID? = failure.eventStoreError {
                return CommandResult(streamID: A.stream(id), version: failure.version ?? .none, events: [])
            }
            throw CommandError.store(failure)
        }
    }
}

extension UUID {
    /// The command id of step `step` of process `process` reacting to the event with this id:
    /// the same inputs always give the same id (FNV-1a over the three, as a version-8 UUID),
    /// so every process and every replay sends a step with one id.
    public func processCommandID(process: String, step: String) -> UUID {
        var bytes = Array(withUnsafeBytes(of: uuid) { Array($0) })
        bytes += Array("\u{0}\(process)\u{0}\(step)".utf8)
        var h1: UInt64 = 0xcbf2_9ce4_8422_2325
        var h2: UInt64 = 0x8422_2325_cbf2_9ce4
        for b in bytes {
            h1 = (h1 ^ UInt64(b)) &* 0x0000_0100_0000_01B3
            h2 = (h2 ^ UInt64(b) ^ 0x5a) &* 0x0000_0100_0000_01B3
            h2 = h2 ^ (h2 >> 29)
        }
        var out = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            out[i] = UInt8(truncatingIfNeeded: h1 >> (8 * UInt64(i)))
            out[8 + i] = UInt8(truncatingIfNeeded: h2 >> (8 * UInt64(i)))
        }
        out[6] = out[6] & 0x0F | 0x80
        out[8] = out[8] & 0x3F | 0x80
        return UUID(uuid: (out[0], out[1], out[2], out[3], out[4], out[5], out[6], out[7], out[8], out[9], out[10], out[11], out[12], out[13], out[14], out[15]))
    }
}
