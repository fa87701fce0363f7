import EventScope
import EventScopeTerminalUI

extension Explorer {
    /// The X-ray popup: the causality tree, one line per command, event or mark.
    static func drawXRay(_ xray: XRayState, in screen: Rect, into buffer: inout Buffer) {
        let size = Size(width: max(10, screen.width - 2), height: max(3, screen.height))
        let title = "Causality X-ray of #\(xray.event.position.value) — Enter opens, f filters the tail, r reloads, Esc closes"
        var lines: [Line]
        if let error = xray.error {
            lines = [Line("⚠ " + error, style: Theme.error)]
        } else if xray.trace == nil {
            lines = [Line("reading the store for the correlation of #\(xray.event.position.value)…", style: Theme.dim)]
        } else {
            lines = xray.lines.enumerated().map { i, line in
                let indent = String(repeating: "  ", count: line.depth)
                var style: Style
                switch line.kind {
                case .header: style = Theme.title
                case .command: style = Theme.jsonKey
                case .event: style = line.event?.eventID == xray.event.eventID ? Theme.title : .plain
                case .pending: style = Theme.warning
                case .stopped, .dangling: style = Theme.error
                case .note: style = Theme.dim
                }
                if i == xray.selected { style = style.adding(.reverse) }
                return Line(indent + line.text, style: style)
            }
        }
        let visible = max(1, size.height - 2)
        let scroll = max(0, min(xray.selected - visible / 2, lines.count - visible))
        buffer.render(Popup(title: title, size: size, content: Paragraph(lines, scroll: scroll)), in: screen)
    }
}

extension Explorer {
    /// The inspector's correlation and causation lines: the ids as stored, shown as links with
    /// the key that follows each (x: the X-ray of the correlation; C: the causing event).
    static func causalityLines(_ e: RecordedEvent) -> [Line] {
        func label(_ text: String) -> Span { Span(text.padding(toLength: 12, withPad: " ", startingAt: 0), style: Theme.label) }
        var lines: [Line] = []
        if let correlation = e.metadata.correlationID {
            lines.append(Line([label("correlation"), Span(correlation.uuidString, style: Style(modifiers: .underline)), Span("  x X-ray", style: Theme.dim)]))
        } else {
            lines.append(Line([label("correlation"), Span("—")]))
        }
        switch e.metadata.causationID {
        case nil:
            lines.append(Line([label("causation"), Span("—")]))
        case let cause? where cause == e.metadata.commandID:
            let source = e.metadata.custom[CommandOrigin.sourceKey].map { ", sent from \($0)" } ?? ""
            lines.append(Line([label("causation"), Span(cause.uuidString), Span("  its command\(source)", style: Theme.dim)]))
        case let cause?:
            lines.append(Line([label("causation"), Span(cause.uuidString, style: Style(modifiers: .underline)), Span("  C follows", style: Theme.dim)]))
        }
        return lines
    }
}
