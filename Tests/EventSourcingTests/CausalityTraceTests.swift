import EventScope
import Foundation
import Testing

/// The causality tree built from correlation and causation ids: what it links, what it flags.
@Suite("Causality trace")
struct CausalityTraceTests {
    private func append(_ store: InMemoryEventStore, _ stream: StreamID, _ type: EventType, _ metadata: EventMetadata) async throws -> RecordedEvent {
        try await store.append([ProposedEvent(type: type, data: Data("{}".utf8), metadata: metadata)], to: stream, expected: .any).events[0]
    }

    @Test("a causation id that names no stored event is flagged dangling; one in another correlation says where it is")
    func danglingCausation() async throws {
        let store = InMemoryEventStore()
        let correlation = UUID()
        let elsewhere = try await append(store, "thing-0", "thing.other", EventMetadata(correlationID: UUID()))
        let start = CommandOrigin.started(by: "cli", text: "start thing-1", commandID: correlation)
        let root = try await append(store, "thing-1", "thing.started", start)
        let ghost = UUID()
        let orphan = try await append(store, "thing-2", "thing.moved", EventMetadata(correlationID: correlation, causationID: ghost, commandID: UUID(), custom: ["source": "process:movers"]))
        let foreign = try await append(store, "thing-3", "thing.moved", EventMetadata(correlationID: correlation, causationID: elsewhere.eventID, commandID: UUID()))

        let trace = try await CausalityTrace.build(store: store, start: .id(correlation), handlers: nil)
        #expect(trace.correlationID == correlation)
        #expect(trace.roots.map(\.link) == [.origin, .dangling(ghost), .outside(elsewhere.eventID, elsewhere.position)])
        #expect(trace.events.map(\.eventID) == [root.eventID, orphan.eventID, foreign.eventID])
        let lines = trace.lines()
        #expect(lines.contains { $0.kind == .dangling && $0.text.contains(ghost.uuidString) && $0.text.contains("not in the store") })
        #expect(lines.contains { $0.text.contains("outside this correlation") && $0.text.contains("#\(elsewhere.position.value)") })
        // From an event id, the same correlation; from an unknown id, a clear error.
        #expect(try await CausalityTrace.build(store: store, start: .id(orphan.eventID), handlers: nil).focus == orphan.eventID)
        await #expect(throws: TraceError.self) { try await CausalityTrace.build(store: store, start: .id(UUID()), handlers: nil) }
        await #expect(throws: TraceError.self) { try await CausalityTrace.build(store: store, start: .position(99), handlers: nil) }
    }

    @Test("an event a process manager reacts to is pending while its checkpoint is behind, stopped where it failed, linked once it reacted")
    func pendingAndStopped() async throws {
        let store = InMemoryEventStore()
        let start = CommandOrigin.started(by: "explorer", text: "order cart-1")
        let ordered = try await append(store, "cart-1", "cart.ordered", start)
        let handler = TraceHandler(name: "shipping", checkpoint: .start, reactsTo: ["cart.ordered"])
        var trace = try await CausalityTrace.build(store: store, start: .position(ordered.position), handlers: [handler])
        #expect(trace.roots[0].events[0].marks.map(\.state) == [.pending])
        #expect(trace.lines().contains { $0.kind == .pending && $0.text.contains("shipping has not reacted yet") })

        let failure = HandlerFailure(position: ordered.position, stream: "cart-1", eventType: "cart.ordered", message: "no address")
        trace = try await CausalityTrace.build(store: store, start: .position(ordered.position), handlers: [TraceHandler(name: "shipping", checkpoint: .start, reactsTo: ["cart.ordered"], failure: failure)])
        #expect(trace.roots[0].events[0].marks.map(\.state) == [.stopped("no address")])

        let commands = ProcessCommands(engine: Engine(store: store, catalog: CommandCatalog()), process: "shipping", cause: ordered)
        let shipped = try await append(store, "parcel-1", "parcel.shipped", commands.metadata(step: "ship", text: "ship parcel-1"))
        trace = try await CausalityTrace.build(store: store, start: .position(shipped.position), handlers: [TraceHandler(name: "shipping", checkpoint: shipped.position, reactsTo: ["cart.ordered"])])
        #expect(trace.roots.count == 1)
        #expect(trace.roots[0].source == "explorer" && trace.roots[0].text == "order cart-1")
        let reaction = try #require(trace.roots[0].events[0].reactions.first)
        #expect(reaction.source == "process:shipping" && reaction.link == .event(ordered.eventID))
        #expect(trace.roots[0].events[0].marks.isEmpty)
        #expect(trace.lines().map(\.kind) == [.header, .command, .event, .command, .event])
    }

    @Test("a process manager's command id is the same for the same cause, process and step, and differs otherwise")
    func derivedCommandIDs() {
        let cause = UUID()
        #expect(cause.processCommandID(process: "transfers", step: "send") == cause.processCommandID(process: "transfers", step: "send"))
        let ids: Set<UUID> = [
            cause.processCommandID(process: "transfers", step: "send"), cause.processCommandID(process: "transfers", step: "receive"),
            cause.processCommandID(process: "audit", step: "send"), UUID().processCommandID(process: "transfers", step: "send"),
        ]
        #expect(ids.count == 4)
    }

    @Test("a start is an id or a position")
    func start() {
        #expect(CausalityTrace.Start("42") == .position(42))
        #expect(CausalityTrace.Start("#7") == .position(7))
        #expect(CausalityTrace.Start("0") == nil)
        #expect(CausalityTrace.Start("abc") == nil)
        let id = UUID()
        #expect(CausalityTrace.Start(id.uuidString.lowercased()) == .id(id))
    }
}
