import EventScope
import Foundation
import EventScopeTerminalUI

extension Explorer {
    /// The projections view: the handlers' table, the selected handler's state, its rows.
    static func drawProjections(_ state: ExplorerState, in area: Rect, into buffer: inout Buffer) {
        let p = state.projections
        let block = Block(title: Line([Span(" Projections ", style: Theme.title), Span("read models and their handlers ", style: Theme.dim)]), isFocused: true)
        let inner = block.inner(area)
        buffer.render(block, in: area)
        guard !inner.isEmpty else { return }
        var lines: [Line] = []
        let place = state.config.readModelsWhere.map {
            Line([Span("read models kept ", style: Theme.dim), Span($0, style: state.config.readOnly ? Theme.warning : Theme.dim)])
        }
        if p.statuses.isEmpty {
            lines.append(Line("No read models run with this explorer.", style: Theme.dim))
            if let place { lines.append(place) }
            buffer.render(Paragraph(lines, wrap: true), in: inner)
            return
        }
        lines.append(Line(handlerColumns(["", "HANDLER", "STATUS", "CHECKPOINT", "HEAD", "LAG", "LAG s", "", "EV/S"]) + "LAG (1/s)", style: Theme.dim))
        for (i, s) in p.statuses.enumerated() {
            lines.append(handlerLine(s, selected: i == p.list.selected, now: state.now))
        }
        if let place { lines.append(place) }
        lines.append(Line(""))
        if let s = p.selected { lines += handlerDetail(s, state: state) }
        var y = inner.y
        for line in lines where y < inner.bottom {
            buffer.set(line: line, in: Rect(x: inner.x, y: y, width: inner.width, height: 1))
            y += 1
        }
        // The sparklines, drawn into the last column of each handler row.
        let sparkX = inner.x + displayWidth(of: handlerColumns(["", "", "", "", "", "", "", "", ""]))
        if sparkX + 4 < inner.right {
            for (i, s) in p.statuses.enumerated() where inner.y + 1 + i < inner.bottom {
                let width = min(30, inner.right - sparkX)
                buffer.render(Sparkline(s.lagHistory.map { Int($0) }, style: s.lagTrend == .growing ? Theme.warning : Theme.ok),
                              in: Rect(x: sparkX, y: inner.y + 1 + i, width: width, height: 1))
            }
        }
        if y < inner.bottom, let table = p.table, table.name == p.selected?.name {
            drawReadModelTable(table, state: state, in: Rect(x: inner.x, y: y, width: inner.width, height: inner.bottom - y), into: &buffer)
        }
    }

    private static let handlerWidths = [2, 10, 22, 11, 11, 9, 7, 2, 8]

    private static func handlerColumns(_ cells: [String]) -> String {
        zip(cells, handlerWidths).map { cell, width in
            let t = truncate(cell, toWidth: width - 1)
            return t + String(repeating: " ", count: max(0, width - displayWidth(of: t)))
        }.joined()
    }

    static func phaseStyle(_ phase: HandlerStatus.Phase) -> Style {
        switch phase {
        case .failed: return Theme.error
        case .paused, .standby: return Theme.warning
        case .rebuilding, .catchingUp, .starting: return Theme.changed
        case .running: return Theme.ok
        case .stopped: return Theme.dim
        }
    }

    static func handlerLine(_ s: HandlerStatus, selected: Bool, now: Date) -> Line {
        var phase = s.phase.rawValue
        if s.phase == .failed, let f = s.failure { phase = "FAILED at #\(f.position.value)" }
        if s.phase == .rebuilding, let r = s.rebuild { phase = "rebuilding \(Int(r.fraction(at: s.position) * 100))%" }
        let cells = [
            selected ? "▶" : "", s.name, phase, Format.count(s.position.value), Format.count(s.head.value), Format.count(s.lag),
            String(format: "%.1f", s.lagSeconds(at: now)), s.lagTrend.arrow, Format.rate(s.eventsPerSecond),
        ]
        let text = handlerColumns(cells)
        let base = selected ? Theme.selected : Style.plain
        // Colour the status cell only.
        let statusStart = handlerWidths[0] + handlerWidths[1]
        let chars = Array(text)
        let head = String(chars[0..<min(chars.count, statusStart)])
        let status = String(chars[min(chars.count, statusStart)..<min(chars.count, statusStart + handlerWidths[2])])
        let rest = String(chars[min(chars.count, statusStart + handlerWidths[2])...])
        return Line([Span(head, style: base), Span(status, style: base.patched(with: phaseStyle(s.phase))), Span(rest, style: base)])
    }

    /// What the selected handler is doing, and what the keys would do.
    static func handlerDetail(_ s: HandlerStatus, state: ExplorerState) -> [Line] {
        var lines: [Line] = []
        switch s.phase {
        case .failed:
            if let f = s.failure {
                lines.append(Line([Span("✗ \(s.name) stopped at #\(f.position.value) ", style: Theme.error), Span("\(f.eventType.rawValue) on \(f.stream.rawValue)", style: Theme.eventType)]))
                lines.append(Line("  " + f.message, style: Theme.error))
                lines.append(Line("  t retries the event, s skips it (the skip is recorded); the write side goes on meanwhile", style: Theme.dim))
            }
        case .rebuilding:
            if let r = s.rebuild {
                let fraction = r.fraction(at: s.position)
                let filled = Int(fraction * 30)
                var text = "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: 30 - filled) + "] "
                text += "\(Int(fraction * 100))%  \(Format.count(s.position.value)) / \(Format.count(r.target.value))  \(Format.rate(s.eventsPerSecond)) ev/s"
                if let left = r.secondsLeft(at: s.position, perSecond: s.eventsPerSecond) { text += String(format: "  ETA %.0f s", left.rounded(.up)) }
                lines.append(Line([Span("rebuilding ", style: Theme.changed), Span(text)]))
            }
        case .paused:
            lines.append(Line([Span("⏸ paused at #\(s.position.value)", style: Theme.warning),
                               Span(" — the store is at #\(s.head.value): \(Format.count(s.lag)) events waiting. n applies one, p resumes.", style: Theme.dim)]))
        case .standby:
            lines.append(Line("another process keeps \(s.name); this explorer stands by and takes over if it stops", style: Theme.warning))
        default:
            lines.append(Line(s.lag == 0 ? "caught up with the store" : "\(Format.count(s.lag)) events behind, \(String(format: "%.1f", s.lagSeconds(at: state.now))) s (\(s.lagTrend.rawValue))", style: Theme.dim))
        }
        if let keeper = s.keeper {
            let mine = s.phase != .standby
            lines.append(Line("kept by \(keeper)\(mine ? " (this explorer)" : "")", style: Theme.dim))
        }
        if s.skippedCount > 0 {
            lines.append(Line("\(s.skippedCount) event\(s.skippedCount == 1 ? "" : "s") skipped by hand", style: Theme.warning))
        }
        if let error = s.lastError, s.phase != .failed { lines.append(Line("⚠ " + error, style: Theme.warning)) }
        return lines
    }

    /// The selected read model's rows: rows changed in the last seconds highlighted, the check below.
    static func drawReadModelTable(_ table: ReadModelTable, state: ExplorerState, in area: Rect, into buffer: inout Buffer) {
        var widths = table.columns.map { displayWidth(of: $0) }
        for row in table.rows {
            for (i, cell) in row.cells.enumerated() where i < widths.count { widths[i] = min(28, max(widths[i], displayWidth(of: cell))) }
        }
        func text(_ cells: [String]) -> String {
            zip(cells, widths).map { cell, w in
                let t = truncate(sanitized(cell), toWidth: w)
                return t + String(repeating: " ", count: max(0, w - displayWidth(of: t)) + 2)
            }.joined()
        }
        var lines: [Line] = []
        var heading: [Span] = [Span("\(table.name) ", style: Theme.title), Span("at #\(table.checkpoint.value) · \(table.summary)", style: Theme.dim)]
        if !table.skipped.isEmpty {
            heading.append(Span(" · skipped: " + table.skipped.suffix(3).map { "#\($0.position.value) \($0.eventType.rawValue)" }.joined(separator: ", "), style: Theme.warning))
        }
        lines.append(Line(heading))
        if let check = table.check {
            lines.append(Line([Span(check.passed ? "✓ " : "✗ ", style: check.passed ? Theme.ok : Theme.error), Span(check.summary, style: check.passed ? Theme.ok : Theme.error)]))
            for problem in check.problems.prefix(3) { lines.append(Line("  " + problem, style: Theme.error)) }
        }
        lines.append(Line(text(table.columns.map { $0.uppercased() }), style: Theme.dim))
        if table.rows.isEmpty { lines.append(Line("(no rows yet)", style: Theme.dim)) }
        for row in table.rows {
            let recent = state.projections.changedAt[row.key].map { state.now.timeIntervalSince($0) < 2 } ?? false
            lines.append(Line(text(row.cells) + (recent ? "◀ changed" : ""), style: recent ? Theme.changed : .plain))
        }
        buffer.render(Paragraph(lines), in: area)
    }

    /// The inspector's lines about read models: what each holds for the aggregate, and how far behind.
    static func readModelLines(_ state: ExplorerState, _ view: AggregateView) -> [Line] {
        guard let entries = state.projections.entries, entries.stream == view.stream, !entries.entries.isEmpty else { return [] }
        let latest = view.events.last?.version ?? .none
        var lines: [Line] = []
        for entry in entries.entries {
            guard let row = entry.rows.first else {
                lines.append(Line([Span("read model \(entry.name): ", style: Theme.label), Span("no row yet", style: Theme.dim)]))
                continue
            }
            let fields = zip(entry.columns, row.cells).dropFirst().prefix(4).map { "\($0) \($1)" }.joined(separator: ", ")
            var spans = [Span("read model \(entry.name): ", style: Theme.label), Span(sanitized(fields))]
            if let version = row.version {
                let behind = latest.value - version.value
                spans.append(behind > 0 ? Span(" — behind by \(behind)", style: Theme.warning) : Span(" — up to date", style: Theme.ok))
            }
            lines.append(Line(spans))
        }
        lines.append(Line(""))
        return lines
    }
}
