import EventScope
import Foundation
import EventScopeTerminalUI

extension Explorer {
    static func drawInspector(_ state: ExplorerState, in area: Rect, into buffer: inout Buffer) {
        if let view = state.inspector.aggregate {
            drawAggregate(state, view, in: area, into: &buffer)
        } else {
            drawEventDetail(state, in: area, into: &buffer)
        }
    }

    // MARK: - Event detail

    static func drawEventDetail(_ state: ExplorerState, in area: Rect, into buffer: inout Buffer) {
        let event = state.tail.selected
        let title: [Span] = event.map { [Span("Event ", style: Theme.title), Span("#\($0.position)", style: Theme.position)] } ?? [Span("Event", style: Theme.title)]
        let block = paneBlock(.inspector, state, title: title)
        let inner = block.inner(area)
        buffer.render(block, in: area)
        guard let event else {
            buffer.render(Paragraph([Line("Select an event in the live events pane (2) to read it here; Enter opens its aggregate.", style: Theme.dim)], wrap: true), in: inner)
            return
        }
        let lines = eventLines(event, codec: state.config.catalog.codec)
        buffer.render(Paragraph(lines, wrap: true, scroll: state.inspector.scroll), in: inner)
    }

    /// An event's detail: type and decoding status, identifiers, data and metadata as JSON.
    static func eventLines(_ e: RecordedEvent, codec: EventCodec) -> [Line] {
        var lines: [Line] = []
        var head: [Span] = [Span(e.type.rawValue, style: Theme.eventType.bold), Span("  ")]
        switch codec.decode(e) {
        case .event: head.append(Span("✓ decoded", style: Theme.ok))
        case .unknownType: head.append(Span("⚠ UNKNOWN TYPE — shown raw", style: Theme.warning))
        case .undecodable(_, _, let reason): head.append(Span("⚠ UNDECODABLE (\(reason)) — shown raw", style: Theme.warning))
        }
        lines.append(Line(head))
        func field(_ label: String, _ value: String, _ style: Style = .plain) -> Line {
            Line([Span(label.padding(toLength: 12, withPad: " ", startingAt: 0), style: Theme.label), Span(value, style: style)])
        }
        lines.append(field("stream", e.streamID.rawValue, Theme.category))
        lines.append(Line([
            Span("version     ", style: Theme.label), Span("\(e.version)", style: Theme.version),
            Span("   position ", style: Theme.label), Span("\(e.position)", style: Theme.position),
        ]))
        lines.append(field("recorded at", Format.timestamp(e.recordedAt)))
        // Ids exactly as stored (`uuidString`, upper case), so a copied id finds the row.
        lines.append(field("event id", e.eventID.uuidString))
        lines += causalityLines(e)
        for (key, value) in e.metadata.custom.sorted(by: { $0.key < $1.key }) {
            lines.append(field(key, value))
        }
        lines.append(Line("data", style: Theme.label.underlined))
        if let value = JSONValue.parse(e.data) {
            lines += JSONLines.render(value)
        } else {
            lines.append(Line("⚠ not JSON — raw bytes:", style: Theme.warning))
            lines += Line.lines(String(decoding: e.data, as: UTF8.self))
        }
        return lines
    }

    // MARK: - Aggregate view

    static func drawAggregate(_ state: ExplorerState, _ view: AggregateView, in area: Rect, into buffer: inout Buffer) {
        var title: [Span] = [Span(view.stream.rawValue, style: Theme.title)]
        if view.windowLoading, let wanted = view.wantedVersion {
            title.append(Span(" · loading v\(wanted) of \(view.head)…", style: Theme.warning))
        } else if let selected = view.selectedEvent {
            // "of" the store's head, never of what happens to be loaded; "latest" only when it is.
            title.append(Span(" · v\(selected.version) of \(view.head)", style: Theme.version))
            title.append(Span(view.isLatest ? " · latest" : " · time travel", style: view.isLatest ? Theme.dim : Theme.warning))
        }
        title += indexSpans(view)
        let block = paneBlock(.inspector, state, title: title)
        let inner = block.inner(area)
        buffer.render(block, in: area)
        guard !inner.isEmpty else { return }
        if view.loading {
            buffer.render(Paragraph([Line("loading \(view.stream)…", style: Theme.dim)]), in: inner)
            return
        }
        if view.events.isEmpty {
            buffer.render(Paragraph([Line("\(view.stream) has no events yet.", style: Theme.dim)], wrap: true), in: inner)
            return
        }
        let columns = ScreenLayout.aggregateColumns(inInner: inner)
        // Versions
        // A window of a long stream says which versions it holds (the rest load as you travel).
        let held = view.isWhole || view.events.isEmpty ? ""
            : " v\(view.events.first!.version)–\(view.events.last!.version) of \(view.head)"
        buffer.set(line: Line([Span("Versions", style: Theme.dim), Span(held, style: Theme.dim)]), in: columns[0].row(0))
        let versionWidth = "v\(max(view.head, view.events.last?.version ?? .none)) ".count
        // Items only for the visible versions: a stream can have thousands.
        let listArea = ScreenLayout.versionListArea(inInner: inner)
        var list = view.list
        list.scrollIntoView(height: max(1, listArea.height), count: view.events.count)
        let start = list.offset
        let end = min(view.events.count, start + max(1, listArea.height))
        // The stream names the category: `book.lent` reads as `lent` here.
        let prefix = view.stream.category + "."
        let items = view.events[start..<end].map { e in
            let type = e.type.rawValue.hasPrefix(prefix) ? String(e.type.rawValue.dropFirst(prefix.count)) : e.type.rawValue
            return ListItem(Line([Span("v\(e.version)".padding(toLength: versionWidth, withPad: " ", startingAt: 0), style: Theme.version), Span(type, style: Theme.eventType)]))
        }
        var window = ListState(selected: list.selected.map { $0 - start }, offset: 0)
        if window.selected.map({ $0 < 0 || $0 >= items.count }) == true { window.selected = nil }
        let highlight = state.focus == .inspector ? Theme.selected : Theme.selectedUnfocused
        buffer.render(List(items, highlightStyle: highlight, highlightSymbol: "▶"), in: listArea, state: &window)
        for y in inner.y..<inner.bottom { buffer[columns[1].x, y] = Cell("│", style: Theme.dim) }
        // State and change
        buffer.render(Paragraph(readModelLines(state, view) + aggregateStateLines(state, view), wrap: true, scroll: state.inspector.scroll), in: columns[2])
    }

    static func aggregateStateLines(_ state: ExplorerState, _ view: AggregateView) -> [Line] {
        guard let event = view.selectedEvent else { return [] }
        guard let folded = view.folded, folded.version == event.version else {
            return [Line("folding the state at v\(event.version)…", style: Theme.dim)]
        }
        var lines: [Line] = []
        lines.append(Line([Span("State at ", style: Theme.title), Span("v\(folded.version)", style: Theme.version.bold)] + foldOriginSpans(folded)))
        if !folded.known {
            lines.append(Line("⚠ no aggregate \"\(view.stream.category)\" in the catalog: state unknown", style: Theme.warning))
        } else if let value = folded.state {
            lines += JSONLines.render(value, changes: folded.changes, gutter: true)
            lines.append(folded.changeKnown ? changeSummary(folded) : changeUnknown(folded))
        }
        if !folded.skipped.isEmpty {
            lines.append(Line("⚠ events not applied (unknown or undecodable): " + folded.skipped.map { "v\($0)" }.joined(separator: ", "), style: Theme.warning))
        }
        lines.append(Line(""))
        lines += eventLines(event, codec: state.config.catalog.codec)
        return lines
    }

    /// `+1 added ~1 changed -1 removed`, or that the event changed nothing.
    static func changeSummary(_ folded: FoldedView) -> Line {
        var added = 0, changed = 0, removed = 0
        for change in folded.changes.values {
            switch change {
            case .added: added += 1
            case .changed: changed += 1
            case .removed: removed += 1
            }
        }
        guard added + changed + removed > 0 else { return Line("no field changed", style: Theme.dim) }
        var spans: [Span] = []
        if added > 0 { spans.append(Span("\(added) added ", style: Theme.added)) }
        if changed > 0 { spans.append(Span("\(changed) changed ", style: Theme.changed)) }
        if removed > 0 { spans.append(Span("\(removed) removed", style: Theme.removed)) }
        return Line(spans)
    }
}
