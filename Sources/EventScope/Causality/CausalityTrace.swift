import Foundation

/// The causality tree of one correlation: the command that started it, its events, the
/// handlers that reacted, the commands process managers sent and their events — built from
/// the correlation and causation ids stored with each event (``EventMetadata``).
///
/// It shows only what the store and the handlers' checkpoints say: a causation id that points
/// at no stored event is ``Link/dangling(_:)``; a step a process manager has not reached is
/// ``HandlerMark/State/pending``; one it failed at is ``HandlerMark/State/stopped(_:)``.
public struct CausalityTrace: Hashable, Sendable {
    /// The correlation traced; `nil` when the event asked about has none (then the tree is that
    /// event's command alone).
    public var correlationID: UUID?
    /// The event asked about, when the trace started from one.
    public var focus: UUID?
    /// The commands that start the chain (normally one), in order.
    public var roots: [Hop]
    /// How many events of the store were read to build it.
    public var scanned: Int
    /// Whether the handlers' checkpoints were known (without them nothing is marked pending).
    public var handlersKnown: Bool

    /// One command and the events it produced.
    public struct Hop: Hashable, Sendable {
        /// The command's id (`nil` for events stored without one: each is its own hop).
        public var commandID: UUID?
        /// Where it came from: `cli`, `explorer`, `process:NAME`, … (`nil` when not recorded).
        public var source: String?
        /// The command as text, when recorded.
        public var text: String?
        /// The stream it ran on.
        public var stream: StreamID
        /// What caused it.
        public var link: Link
        /// Milliseconds from the causing event's commit to this command's first event (`nil`
        /// for a root).
        public var afterMilliseconds: Double?
        /// Its events, in order, with what reacted to each.
        public var events: [EventNode]
    }

    /// One event and the reactions to it.
    public struct EventNode: Hashable, Sendable {
        /// The event as stored.
        public var event: RecordedEvent
        /// Commands caused by it, in order.
        public var reactions: [Hop]
        /// Process managers that react to its type and have not (or that stopped at it).
        public var marks: [HandlerMark]
    }

    /// What a hop's causation id points at.
    public enum Link: Hashable, Sendable {
        /// A command a person sent (causation = its own command id), or no causation recorded.
        case origin
        /// An event of this correlation (the hop is listed under it).
        case event(UUID)
        /// A stored event outside this correlation, at this position.
        case outside(UUID, GlobalPosition)
        /// No event with this id is in the store.
        case dangling(UUID)
    }

    /// A process manager's state with respect to one event.
    public struct HandlerMark: Hashable, Sendable {
        /// The handler's name.
        public var handler: String
        /// Its checkpoint.
        public var checkpoint: GlobalPosition
        /// Pending, stopped, or reacted without sending a command.
        public var state: State
        /// What the process manager did with the event.
        public enum State: Hashable, Sendable {
            /// Its checkpoint is behind the event: the step has not happened yet.
            case pending
            /// It failed at this event and waits for a person (retry or skip).
            case stopped(String)
            /// It reacted and sent no command.
            case noCommand
        }
    }

    /// Every event in the tree, in store order.
    public var events: [RecordedEvent] {
        var all: [RecordedEvent] = []
        func walk(_ hop: Hop) {
            for node in hop.events {
                all.append(node.event)
                node.reactions.forEach(walk)
            }
        }
        roots.forEach(walk)
        return all.sorted { $0.position < $1.position }
    }

    /// Every hop in the tree, depth first.
    public var hops: [Hop] {
        var all: [Hop] = []
        func walk(_ hop: Hop) {
            all.append(hop)
            hop.events.forEach { $0.reactions.forEach(walk) }
        }
        roots.forEach(walk)
        return all
    }
}

/// A handler as the trace needs it: its checkpoint, which events it reacts to, its failure.
public struct TraceHandler: Hashable, Sendable {
    /// The handler's name (`process:NAME` in the metadata of what it sends).
    public var name: String
    /// The position of the last event it handled.
    public var checkpoint: GlobalPosition
    /// The event types it reacts to by sending commands.
    public var reactsTo: Set<EventType>
    /// Where it stopped, if it failed.
    public var failure: HandlerFailure?

    /// Describes a process manager for a trace.
    public init(name: String, checkpoint: GlobalPosition, reactsTo: Set<EventType>, failure: HandlerFailure? = nil) {
        self.name = name
        self.checkpoint = checkpoint
        self.reactsTo = reactsTo
        self.failure = failure
    }
}

/// Why a trace could not be built.
public struct TraceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was not found, for people.
    public let description: String
    /// Creates an error saying `description`.
    public init(_ description: String) { self.description = description }
}
