import Foundation

/// One line of a causality tree as people read it (the CLI prints them, the explorer draws them).
public struct TraceLine: Hashable, Sendable {
    /// What the line shows.
    public enum Kind: Hashable, Sendable {
        /// The correlation, counts and span.
        case header
        /// A command: its source, text and time after its cause.
        case command
        /// An event of the command above.
        case event
        /// A process manager has not reacted to the event above yet.
        case pending
        /// A process manager failed at the event above.
        case stopped
        /// The command above names a cause that is not in the store.
        case dangling
        /// Anything else worth saying (a cause outside the correlation, no command sent).
        case note
    }
    /// How deep in the tree (0 for the header and the first command).
    public var depth: Int
    /// What the line shows.
    public var kind: Kind
    /// The line as text (not yet made visible: callers escape control characters).
    public var text: String
    /// The event the line shows (for `.event` lines), to follow it.
    public var event: RecordedEvent?
}

extension CausalityTrace {
    /// The tree as indented lines: commands, their events, and under each event what reacted
    /// to it (commands sent) or is still pending, stopped, or dangling.
    public func lines() -> [TraceLine] {
        var out: [TraceLine] = []
        let all = events
        let span = all.count > 1 ? all.last!.recordedAt.timeIntervalSince(all.first!.recordedAt) * 1000 : 0
        let commands = hops.count
        var header = correlationID.map { "correlation \($0.uuidString)" } ?? "no correlation recorded: the event's own command only"
        header += " · \(all.count) event\(all.count == 1 ? "" : "s"), \(commands) command\(commands == 1 ? "" : "s"), \(Self.ms(span)) first to last"
        if !handlersKnown { header += " · process managers' checkpoints unknown: nothing marked pending" }
        out.append(TraceLine(depth: 0, kind: .header, text: header))
        for root in roots { append(root, depth: 0, to: &out) }
        return out
    }

    private func append(_ hop: Hop, depth: Int, to out: inout [TraceLine]) {
        var text = depth == 0 ? "▶ " : "↳ "
        text += hop.source.map { "\($0): " } ?? "source not recorded: "
        text += hop.text ?? "command \(hop.commandID.map { $0.uuidString } ?? "not recorded") on \(hop.stream)"
        if let after = hop.afterMilliseconds { text += "  +\(Self.ms(after))" }
        out.append(TraceLine(depth: depth, kind: .command, text: text))
        switch hop.link {
        case .origin, .event:
            break
        case .outside(let id, let position):
            out.append(TraceLine(depth: depth + 1, kind: .note, text: "caused by event #\(position.value) (\(id.uuidString)), outside this correlation"))
        case .dangling(let id):
            out.append(TraceLine(depth: depth + 1, kind: .dangling, text: "⚠ dangling: caused by \(id.uuidString), which is not in the store"))
        }
        for node in hop.events {
            let e = node.event
            let mark = e.eventID == focus ? "● " : ""
            out.append(TraceLine(depth: depth + 1, kind: .event, text: "\(mark)#\(e.position.value) \(e.streamID) v\(e.version.value) \(e.type) \(Self.data(e))", event: e))
            for reaction in node.reactions { append(reaction, depth: depth + 2, to: &out) }
            for m in node.marks {
                switch m.state {
                case .pending:
                    out.append(TraceLine(depth: depth + 2, kind: .pending, text: "… pending: \(m.handler) has not reacted yet (its checkpoint is #\(m.checkpoint.value))"))
                case .stopped(let message):
                    out.append(TraceLine(depth: depth + 2, kind: .stopped, text: "✗ stopped: \(m.handler) failed here: \(message)"))
                case .noCommand:
                    out.append(TraceLine(depth: depth + 2, kind: .note, text: "\(m.handler) reacted: no command"))
                }
            }
        }
    }

    static func ms(_ value: Double) -> String {
        value < 10 ? String(format: "%.1f ms", value) : "\(Int(value.rounded())) ms"
    }

    static func data(_ e: RecordedEvent) -> String {
        let text = String(decoding: e.data, as: UTF8.self)
        return text.count > 160 ? String(text.prefix(159)) + "…" : text
    }
}
