import EventScope
import Foundation
import EventScopeTerminalUI

extension Explorer {
    // MARK: - Aggregates

    static func drawAggregates(_ state: ExplorerState, in area: Rect, into buffer: inout Buffer) {
        let a = state.aggregates
        var title: [Span] = [Span("Aggregates", style: Theme.title)]
        if !a.rows.isEmpty { title.append(Span(" " + listedCount(state), style: Theme.dim)) }
        title.append(Span(a.query.order == .recent ? " ↓time" : " ↓name", style: Theme.dim))
        if let filter = a.query.contains { title.append(Span(" /\(filter)", style: Theme.warning)) }
        if a.pendingToken != nil && !a.rows.isEmpty {
            // A new filter over every event's type takes a moment on a big store: the rows shown
            // until it answers are the previous listing's, and the title says so.
            let searching = a.pendingReload && a.query.contains != nil && state.config.filterMatchesAnyEventType
            title.append(Span(searching ? " searching every event's type… (rows not yet filtered)" : " loading…", style: Theme.dim))
        }
        let block = paneBlock(.aggregates, state, title: title)
        let inner = block.inner(area)
        buffer.render(block, in: area)
        if a.rows.isEmpty {
            let text: String
            if a.pendingToken != nil && a.pendingReload {
                text = a.query.contains != nil && state.config.filterMatchesAnyEventType ? "searching the type of every event in the store…" : "loading…"
            }
            else if let filter = a.query.contains {
                text = state.config.filterMatchesAnyEventType
                    ? "No aggregate's id or category, nor the type of any of its events, contains \"\(filter)\". Esc clears the filter."
                    : "No aggregate's id, category or last event type contains \"\(filter)\" (this store lists aggregates by their newest event only: one whose older events have that type is not listed). Esc clears the filter."
            }
            else if state.config.readOnly { text = "No aggregates yet." }
            else { text = emptyStoreHint(state) }
            buffer.render(Paragraph([Line(text, style: Theme.dim)], wrap: true), in: inner)
            return
        }
        let wide = inner.width >= 50
        let right = { (text: String) in Line(text, alignment: .right) }
        let header = Row([Line("Stream"), right("Ver"), right("Age")] + (wide ? [Line("Last event")] : []), style: Theme.dim)
        // Build rows only for what is visible: the listing can hold many pages.
        var list = a.list
        let height = max(1, inner.height - 1)
        list.scrollIntoView(height: height, count: a.rows.count)
        let start = list.offset
        let end = min(a.rows.count, start + height)
        // Versions are never cut: the column is as wide as the longest one shown.
        let ver = versionColumnWidth(a.rows[start..<end].map(\.version))
        let widths: [Constraint] = wide ? [.fill(1), .fixed(ver), .fixed(4), .fill(1)] : [.fill(1), .fixed(ver), .fixed(4)]
        // Narrow, the stream column is the rest of the row: a long id is cut at the front, so
        // the part that tells streams apart stays (`…demo-1548`).
        let streamWidth: Int? = wide ? nil : inner.width - 1 - ver - 4 - 2
        let rows = a.rows[start..<end].map { info -> Row in
            var cells = [
                streamLine(info.streamID, width: streamWidth),
                Line("v\(info.version)", style: Theme.version, alignment: .right),
                Line(Format.age(info.lastUpdated, now: state.now), style: Theme.dim, alignment: .right),
            ]
            if wide { cells.append(Line(info.lastEventType.rawValue, style: Theme.eventType)) }
            return Row(cells)
        }
        var window = ListState(selected: list.selected.map { $0 - start }, offset: 0)
        if window.selected.map({ $0 < 0 || $0 >= rows.count }) == true { window.selected = nil }
        let highlight = state.focus == .aggregates ? Theme.selected : Theme.selectedUnfocused
        buffer.render(Table(rows, header: header, widths: widths, highlightStyle: highlight, highlightSymbol: "▶"), in: inner, state: &window)
    }

    /// How many rows are listed, in words: `500 of 5,000` (the store's count, unfiltered),
    /// `500 so far` (more pages to load), or `500`.
    static func listedCount(_ state: ExplorerState) -> String {
        let a = state.aggregates
        let shown = Format.count(a.rows.count)
        guard a.hasMore else { return shown }
        if a.query.contains == nil, let total = state.stats?.streamCount, total >= a.rows.count { return "\(shown) of \(Format.count(total))" }
        return "\(shown) so far"
    }

    /// What to do on an empty store: seed (if the catalog offers it) or send a first command.
    static func emptyStoreHint(_ state: ExplorerState) -> String {
        let seed = state.keyMap.binds(.seed) ? "Press S to seed demo data, or : to send a command" : "Press : to send a command"
        guard let example = state.config.catalog.demo?.examples.first else { return "No aggregates yet. \(seed)." }
        return "No aggregates yet. \(seed) (\(example))."
    }

    /// A stream id with its category coloured; cut at the front when wider than `width`, so
    /// the id that tells streams apart stays (`…demo-83`).
    static func streamLine(_ id: StreamID, width: Int?) -> Line {
        guard let width, displayWidth(of: id.rawValue) > width, width > 1 else { return streamLine(id) }
        return Line([Span("…", style: Theme.dim), Span(String(id.rawValue.suffix(width - 1)))])
    }

    /// A stream id with its category coloured.
    static func streamLine(_ id: StreamID) -> Line {
        let category = id.category
        guard id.rawValue.count > category.count else { return Line(id.rawValue, style: Theme.category) }
        return Line([Span(category, style: Theme.category), Span(String(id.rawValue.dropFirst(category.count)))])
    }

    // MARK: - Live events

    static func drawEvents(_ state: ExplorerState, in area: Rect, into buffer: inout Buffer) {
        let t = state.tail
        var title: [Span] = [Span("Live events", style: Theme.title), Span(" ")]
        switch t.mode {
        case .follow: title.append(Span("● FOLLOW", style: Theme.followBadge))
        case .paused: title.append(Span(" PAUSED +\(Format.count(t.newCount)) new ", style: Theme.badge))
        case .step: title.append(Span(" STEP +\(Format.count(t.newCount)) queued ", style: Theme.badge))
        }
        if let filter = t.filter {
            title.append(Span(" /\(filter)", style: Theme.warning))
            // Say what the filter looked at: the whole store, the part read so far, or the
            // events held here.
            if let search = t.search {
                title.append(Span(" " + searchProgress(search), style: search.running ? Theme.warning : Theme.dim))
            } else if let range = t.searchedRange, range.lowerBound.value > 1 {
                title.append(Span(" in #\(Format.count(range.lowerBound.value))–#\(Format.count(range.upperBound.value)) only", style: Theme.dim))
            }
        }
        if t.skipped > 0 { title.append(Span(" ⚠ \(Format.count(t.skipped)) skipped (fell behind; still in the store)", style: Theme.warning)) }
        let block = paneBlock(.events, state, title: title)
        let inner = block.inner(area)
        buffer.render(block, in: area)
        let shown = t.shown
        if shown.isEmpty {
            let text: String
            if !t.started { text = "connecting to the store…" }
            else if let filter = t.filter {
                if let search = t.search {
                    if search.failure != nil {
                        text = "The search of the store stopped after \(Format.count(search.scanned)) of \(Format.count(search.total)) events: \(search.failure ?? ""). / then Enter searches again."
                    } else if search.finished {
                        text = "No event matches \"\(filter)\" in all \(Format.count(search.total)) events. Esc clears the filter."
                    } else {
                        text = "Searching the store for \"\(filter)\"… \(Format.count(search.scanned)) of \(Format.count(search.total)) scanned, no match yet. Esc cancels."
                    }
                } else if let range = t.searchedRange, range.lowerBound.value > 1 {
                    text = "No event among the \(Format.count(Int(range.upperBound.value - range.lowerBound.value + 1))) held here (#\(Format.count(range.lowerBound.value))–#\(Format.count(range.upperBound.value))) matches \"\(filter)\"; older events were not searched (# or g loads them). Esc clears the filter."
                } else {
                    text = "No event matches \"\(filter)\" yet. Esc clears the filter."
                }
            }
            else { text = "Waiting for events. They appear here as they are committed, by this process or any other." }
            buffer.render(Paragraph([Line(text, style: Theme.dim)], wrap: true), in: inner)
            return
        }
        let right = { (text: String) in Line(text, alignment: .right) }
        var list = t.list
        // Build rows only for what is visible: the tail can hold thousands of events.
        let height = max(1, inner.height - 1)
        list.scrollIntoView(height: height, count: shown.count)
        let start = list.offset
        let end = min(shown.count, start + height)
        let visible = shown[start..<end]
        let codec = state.config.catalog.codec
        let markers = visible.map { decodeMarker($0, codec: codec) != nil }
        // Positions and versions are never cut; the other columns give way in order (EventColumns).
        let columns = EventColumns.plan(
            width: inner.width,
            position: max(3, "\(visible.last?.position ?? .start)".count),
            version: max(3, visible.map { "v\($0.version)".count }.max() ?? 0),
            stream: visible.map { displayWidth(of: $0.streamID.rawValue) }.max() ?? 0,
            type: zip(visible, markers).map { displayWidth(of: $0.type.rawValue) + ($1 ? 1 : 0) }.max() ?? 0)
        var headerCells = [right("#")]
        var widths: [Constraint] = [.fixed(columns.position)]
        if columns.time > 0 { headerCells.append(Line("Time")); widths.append(.fixed(columns.time)) }
        headerCells += [Line("Stream"), right("Ver"), Line("Type")]
        widths += [.fixed(columns.stream), .fixed(columns.version), .fixed(columns.type)]
        if columns.data > 0 { headerCells.append(Line("Data")); widths.append(.fill(1)) }
        let header = Row(headerCells, style: Theme.dim)
        let rows = zip(visible, markers).map { e, marker -> Row in
            var typeSpans = [Span(e.type.rawValue, style: Theme.eventType)]
            if marker { typeSpans.insert(Span("⚠", style: Theme.warning), at: 0) }
            var cells = [Line("\(e.position)", style: Theme.position, alignment: .right)]
            if columns.time > 0 { cells.append(Line(Format.time(e.recordedAt), style: Theme.dim)) }
            cells += [streamLine(e.streamID, width: columns.stream), Line("v\(e.version)", style: Theme.version, alignment: .right), Line(typeSpans)]
            if columns.data > 0 { cells.append(Line(compactData(e.data), style: Theme.dim)) }
            return Row(cells)
        }
        var window = ListState(selected: list.selected.map { $0 - start }, offset: 0)
        if window.selected.map({ $0 < 0 || $0 >= rows.count }) == true { window.selected = nil }
        let highlight = state.focus == .events ? Theme.selected : Theme.selectedUnfocused
        buffer.render(Table(rows, header: header, widths: widths, highlightStyle: highlight, highlightSymbol: "▶"), in: inner, state: &window)
    }

    /// Where a store search is: `searching… 15,000 of 1,000,000 scanned`, `all 1,000,000
    /// searched`, or where it stopped after finding as many matches as the pane holds.
    static func searchProgress(_ search: EventSearch) -> String {
        if search.failure != nil {
            return "· search stopped at \(Format.count(search.scanned)) of \(Format.count(search.total)) (store error)"
        }
        if search.finished { return "· all \(Format.count(search.total)) searched" }
        if search.stoppedAtLimit {
            return "· newest \(Format.count(search.matches.count)) matches; #1–#\(Format.count(search.lowest.value - 1)) not searched"
        }
        return "searching… \(Format.count(search.scanned)) of \(Format.count(search.total)) scanned"
    }

    /// The width of a version column that shows every one of `versions` whole (`v100202`).
    static func versionColumnWidth(_ versions: [StreamVersion]) -> Int {
        max(6, (versions.map { "v\($0)".count }.max() ?? 0))
    }

    /// `nil` for a decodable event, else why it is shown raw.
    static func decodeMarker(_ e: RecordedEvent, codec: EventCodec) -> String? {
        switch codec.decode(e) {
        case .event: return nil
        case .unknownType: return "unknown type"
        case .undecodable(_, _, let reason): return reason
        }
    }

    /// Event data on one line: compact JSON, or the raw bytes escaped.
    static func compactData(_ data: Data) -> String {
        if let value = JSONValue.parse(data) { return value.compact }
        return String(decoding: data.prefix(200), as: UTF8.self)
    }

    // MARK: - Command log

    static func drawCommandLog(_ state: ExplorerState, in area: Rect, into buffer: inout Buffer) {
        let log = state.log
        let block = paneBlock(.commandLog, state, title: [Span("Command log", style: Theme.title)] + (log.entries.isEmpty ? [] : [Span(" · \(log.entries.count)", style: Theme.dim)]))
        let inner = block.inner(area)
        buffer.render(block, in: area)
        guard !inner.isEmpty else { return }
        if log.entries.isEmpty {
            let example = state.config.catalog.demo?.examples.first.map { " and type e.g. \($0)," } ?? " to type one"
            let hint = state.config.readOnly
                ? "Read-only: commands are disabled."
                : "Commands you send appear here with their outcome and latency. Press :\(example) or c for a form."
            buffer.render(Paragraph([Line(hint, style: Theme.dim)], wrap: true), in: inner)
            return
        }
        // Newest at the bottom; each entry wraps. Show the selected entry with older ones above
        // it, then as many newer ones as fit below.
        let selected = log.list.selected ?? log.entries.count - 1
        var lines: [Line] = []
        var used = 0
        var i = selected
        while i >= 0 && used < inner.height {
            let entry = logLines(log.entries[i], selected: i == selected && state.focus == .commandLog)
            lines.insert(contentsOf: entry, at: 0)
            used += Paragraph(entry, wrap: true).rowCount(width: inner.width)
            i -= 1
        }
        var j = selected + 1
        while j < log.entries.count {
            let entry = logLines(log.entries[j], selected: false)
            let rows = Paragraph(entry, wrap: true).rowCount(width: inner.width)
            guard used + rows <= inner.height else { break }
            lines += entry
            used += rows
            j += 1
        }
        var paragraph = Paragraph(lines, wrap: true)
        paragraph.scroll = max(0, paragraph.rowCount(width: inner.width) - inner.height)
        buffer.render(paragraph, in: inner)
    }

    static func logLines(_ entry: CommandLogEntry, selected: Bool) -> [Line] {
        let mark = selected ? Span("▶", style: Theme.title) : Span(" ")
        let latency = entry.latency.map { Span(" · " + Format.latency($0), style: Theme.dim) } ?? Span("")
        let text = Span(" " + entry.text, style: selected ? Theme.title : .plain)
        switch entry.status {
        case .running:
            return [Line([mark, Span("…", style: Theme.pending), text])]
        case .accepted(let version, let events):
            let what = events.isEmpty ? "no events" : events.map(\.rawValue).joined(separator: ", ")
            return [Line([mark, Span("✓", style: Theme.ok), text]), Line([Span("   → v\(version) ", style: Theme.version), Span(what, style: Theme.eventType), latency])]
        case .rejected("in_doubt", let reason):
            // Not a failure: the store may have taken it. Said apart from refusals and errors.
            return [Line([mark, Span("?", style: Theme.warning), text]), Line([Span("   " + reason, style: Theme.warning), latency])]
        case .rejected(_, let reason):
            let when = entry.latency == nil ? Span(" · not sent", style: Theme.dim) : latency
            return [Line([mark, Span("✗", style: Theme.error), text]), Line([Span("   " + reason, style: Theme.error), when])]
        }
    }

    // MARK: - Demo traffic

    static func drawTraffic(_ state: ExplorerState, in area: Rect, into buffer: inout Buffer) {
        let traffic = state.traffic
        var title: [Span] = [Span(" Demo traffic", style: Theme.title)]
        if traffic.running {
            title.append(Span(traffic.stopping ? " · stopping, checking…" : " · running · D stops", style: Theme.warning))
        } else {
            title.append(Span(" · finished", style: Theme.dim))
        }
        title.append(Span(traffic.box == .zoomed ? " · V or Esc closes" : " · V zooms", style: Theme.dim))
        title.append(Span(" "))
        let block = Block(title: Line(title), borderSet: .rounded)
        let inner = block.inner(area)
        buffer.render(block, in: area)
        guard !inner.isEmpty else { return }
        var lines: [Line] = []
        if let v = traffic.verdict {
            if let error = v.error {
                lines.append(Line("check failed: \(error)", style: Theme.error))
            } else if v.lost == 0 {
                lines.append(Line("✓ No update lost", style: Theme.ok))
            } else {
                lines.append(Line("✗ \(Format.count(v.lost)) updates LOST", style: Theme.error))
            }
            // acked = stored + lost, always; failed commands were never acked.
            lines.append(Line([
                Span(Format.count(v.acknowledged), style: Theme.title), Span(" acked = ", style: Theme.dim),
                Span(Format.count(v.stored), style: Theme.title), Span(" stored + ", style: Theme.dim),
                Span(Format.count(v.lost), style: v.lost > 0 ? Theme.error : Theme.title), Span(" lost", style: Theme.dim),
                Span(" · \(Format.count(v.failed)) failed", style: v.failed > 0 ? Theme.warning : Theme.dim),
            ]))
            if let reset = traffic.storeReset {
                lines.append(Line("⚠ store reset during the run (\(reset))", style: Theme.error))
            }
            lines.append(Line([Span("conflicts retried ", style: Theme.dim), Span(Format.count(v.conflictsRetried), style: Theme.warning), Span(" · \(Format.elapsed(v.elapsed))", style: Theme.dim)]))
            for row in v.rows {
                lines.append(Line([Span(" \(row.stream.rawValue) "), Span("+\(Format.count(row.stored))", style: row.stored >= row.acknowledged ? Theme.ok : Theme.error), Span(" (acked \(Format.count(row.acknowledged)))", style: Theme.dim)]))
            }
        } else if let p = traffic.progress {
            let streams = state.config.catalog.demo?.traffic?.streamsNoun ?? "streams"
            lines.append(Line([Span("\(p.clients) clients → \(p.streams.count) \(streams) · ", style: Theme.dim), Span(Format.elapsed(p.elapsed), style: Theme.dim)]))
            lines.append(Line([Span(Format.count(p.acknowledged), style: Theme.ok), Span(" acked · ", style: Theme.dim), Span(Format.rate(p.perSecond) + "/s", style: Theme.title)]))
            lines.append(Line([Span("pace ", style: Theme.dim), Span(Format.pace(traffic.pace), style: Theme.title), Span(" · + faster · - slower", style: Theme.dim)]))
            lines.append(Line([
                Span("conflicts retried ", style: Theme.dim), Span(Format.count(p.conflictsRetried), style: Theme.warning),
                Span(" · failed ", style: Theme.dim), Span(Format.count(p.failed), style: p.failed > 0 ? Theme.error : Theme.dim),
            ]))
            lines.append(Line([Span("aggregates in memory ", style: Theme.dim), Span(Format.count(p.resident))]))
        } else if traffic.running {
            lines.append(Line("starting clients…", style: Theme.dim))
        }
        let textHeight = min(lines.count, inner.height)
        buffer.render(Paragraph(lines), in: Rect(x: inner.x, y: inner.y, width: inner.width, height: textHeight))
        let sparkArea = Rect(x: inner.x, y: inner.y + textHeight, width: inner.width, height: inner.bottom - inner.y - textHeight)
        if !sparkArea.isEmpty && !traffic.throughput.isEmpty {
            buffer.render(Sparkline(traffic.throughput, style: Theme.ok), in: sparkArea)
        }
    }
}
