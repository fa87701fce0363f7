import Foundation

extension CausalityTrace {
    /// Where a trace starts.
    public enum Start: Hashable, Sendable {
        /// An event id, or a correlation id (whichever the store holds).
        case id(UUID)
        /// An event's position in `$all`.
        case position(GlobalPosition)

        /// Parses `EVENT-ID`, `CORRELATION-ID` (UUIDs) or `POSITION` (`42` or `#42`).
        public init?(_ text: String) {
            let t = text.trimmingCharacters(in: .whitespaces)
            if let id = UUID(uuidString: t) {
                self = .id(id)
            } else if let n = Int64(t.hasPrefix("#") ? String(t.dropFirst()) : t), n > 0 {
                self = .position(GlobalPosition(n))
            } else {
                return nil
            }
        }
    }

    /// Builds the trace of `start` from `store`.
    ///
    /// The store has no index by correlation: this reads `$all` from the first event (once to
    /// find the correlation, once more for causation ids that point outside it) — fine for
    /// inspection, O(events in the store).
    /// - Parameters:
    ///   - handlers: the process managers' checkpoints; `nil` when unknown (nothing is then
    ///     marked pending).
    /// - Throws: ``TraceError`` when the start names no event or correlation of the store; the
    ///   store's errors.
    public static func build(store: any EventStore, start: Start, handlers: [TraceHandler]?, pageSize: Int = 2_000) async throws -> CausalityTrace {
        var scanned = 0
        var found: RecordedEvent?
        var correlation: UUID?
        var members: [RecordedEvent] = []
        switch start {
        case .position(let position):
            guard let event = try await store.readAll(from: position, limit: 1).first, event.position == position else {
                throw TraceError("no event at position #\(position.value) in the store")
            }
            found = event
            correlation = event.metadata.correlationID
        case .id(let id):
            // One pass: the event with this id, or the events correlated by it.
            try await scan(store, pageSize: pageSize, scanned: &scanned) { e in
                if e.eventID == id { found = e }
                if e.metadata.correlationID == id { members.append(e) }
            }
            if let found {
                correlation = found.metadata.correlationID
                if correlation != id { members = [] }
            } else if !members.isEmpty {
                correlation = id
            } else {
                throw TraceError("no event and no correlation with id \(id.uuidString) in the store (\(scanned) events read)")
            }
        }
        if let correlation, members.isEmpty {
            try await scan(store, pageSize: pageSize, scanned: &scanned) { e in
                if e.metadata.correlationID == correlation { members.append(e) }
            }
        }
        if members.isEmpty, let found { members = [found] }
        // Causation ids that point outside the correlation: stored elsewhere, or nowhere.
        let ids = Set(members.map(\.eventID))
        var outside: [UUID: GlobalPosition] = [:]
        let missing = Set(members.compactMap { e -> UUID? in
            guard let c = e.metadata.causationID, c != e.metadata.commandID, !ids.contains(c) else { return nil }
            return c
        })
        if !missing.isEmpty {
            try await scan(store, pageSize: pageSize, scanned: &scanned) { e in
                if missing.contains(e.eventID) { outside[e.eventID] = e.position }
            }
        }
        var trace = assemble(members.sorted { $0.position < $1.position }, outside: outside, handlers: handlers)
        trace.correlationID = correlation
        trace.focus = found?.eventID
        trace.scanned = scanned
        return trace
    }

    /// Builds the tree of `events` (one correlation, in store order) — pure.
    public static func assemble(_ events: [RecordedEvent], outside: [UUID: GlobalPosition] = [:], handlers: [TraceHandler]?) -> CausalityTrace {
        // Group the events into hops by command id (an event without one is its own hop).
        var hops: [Hop] = []
        var hopOf: [UUID: Int] = [:]
        var byEvent: [UUID: RecordedEvent] = [:]
        let ids = Set(events.map(\.eventID))
        for e in events {
            byEvent[e.eventID] = e
            let key = e.metadata.commandID ?? e.eventID
            if let i = hopOf[key], hops[i].stream == e.streamID {
                hops[i].events.append(EventNode(event: e, reactions: [], marks: []))
                continue
            }
            let m = e.metadata
            let link: Link
            if let c = m.causationID, c != m.commandID {
                if ids.contains(c) {
                    link = .event(c)
                } else if let position = outside[c] {
                    link = .outside(c, position)
                } else {
                    link = .dangling(c)
                }
            } else {
                link = .origin
            }
            var after: Double?
            if case .event(let c) = link, let cause = byEvent[c] {
                after = (e.recordedAt.timeIntervalSince(cause.recordedAt) * 1000 * 10).rounded() / 10
            }
            hopOf[key] = hops.count
            hops.append(Hop(
                commandID: m.commandID, source: m.custom[CommandOrigin.sourceKey], text: m.custom[CommandOrigin.commandKey],
                stream: e.streamID, link: link, afterMilliseconds: after,
                events: [EventNode(event: e, reactions: [], marks: [])]))
        }
        // Attach each hop under the event that caused it, children before parents (a cause is
        // always stored before its effects, so reverse store order finishes children first).
        var eventIndex: [UUID: (hop: Int, node: Int)] = [:]
        for (h, hop) in hops.enumerated() {
            for (n, node) in hop.events.enumerated() { eventIndex[node.event.eventID] = (h, n) }
        }
        var attached = Set<Int>()
        for h in hops.indices.reversed() {
            guard case .event(let c) = hops[h].link, let at = eventIndex[c], at.hop < h else { continue }
            hops[at.hop].events[at.node].reactions.insert(hops[h], at: 0)
            attached.insert(h)
        }
        var roots = hops.indices.filter { !attached.contains($0) }.map { hops[$0] }
        if let handlers { roots = roots.map { mark($0, handlers: handlers) } }
        return CausalityTrace(correlationID: nil, focus: nil, roots: roots, scanned: events.count, handlersKnown: handlers != nil)
    }

    /// Marks the events a process manager reacts to but has not reached, stopped at, or
    /// passed without sending anything.
    private static func mark(_ hop: Hop, handlers: [TraceHandler]) -> Hop {
        var hop = hop
        for i in hop.events.indices {
            let e = hop.events[i].event
            hop.events[i].reactions = hop.events[i].reactions.map { mark($0, handlers: handlers) }
            for h in handlers where h.reactsTo.contains(e.type) {
                let reacted = hop.events[i].reactions.contains { $0.source == CommandOrigin.process(h.name) }
                if let failure = h.failure, failure.position == e.position {
                    hop.events[i].marks.append(HandlerMark(handler: h.name, checkpoint: h.checkpoint, state: .stopped(failure.message)))
                } else if h.checkpoint < e.position && !reacted {
                    hop.events[i].marks.append(HandlerMark(handler: h.name, checkpoint: h.checkpoint, state: .pending))
                } else if !reacted {
                    hop.events[i].marks.append(HandlerMark(handler: h.name, checkpoint: h.checkpoint, state: .noCommand))
                }
            }
        }
        return hop
    }

    /// The stored event with id `id`, if any (reads `$all` from the first event: the store has
    /// no index by event id).
    public static func findEvent(store: any EventStore, id: UUID, pageSize: Int = 2_000) async throws -> RecordedEvent? {
        var found: RecordedEvent?
        var scanned = 0
        try await scan(store, pageSize: pageSize, scanned: &scanned) { e in if e.eventID == id { found = e } }
        return found
    }

    private static func scan(_ store: any EventStore, pageSize: Int, scanned: inout Int, _ body: (RecordedEvent) -> Void) async throws {
        var position = GlobalPosition.start
        while true {
            let page = try await store.readAll(from: position.next, limit: pageSize)
            guard let last = page.last else { return }
            page.forEach(body)
            scanned += page.count
            position = last.position
            try Task.checkCancellation()
        }
    }
}
