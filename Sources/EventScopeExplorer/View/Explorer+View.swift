import EventScope
import Foundation
import EventScopeTerminalUI

/// One drawn frame: the cells and where the terminal cursor goes.
public struct Screen: Sendable {
    /// The whole screen.
    public var buffer: Buffer
    /// Where to show the cursor (while typing), or `nil` to hide it.
    public var cursor: Position?
}

extension Explorer {
    /// Draws `state` on a screen of `state.size`.
    public static func view(_ state: ExplorerState) -> Screen {
        var buffer = Buffer(size: state.size)
        var cursor: Position?
        if ScreenLayout.isTooSmall(state.size) {
            drawTooSmall(state, into: &buffer)
            return Screen(buffer: buffer, cursor: nil)
        }
        let layout = ScreenLayout.compute(state)
        drawHeader(state, in: layout.header, into: &buffer)
        if let banner = state.banner, !layout.banner.isEmpty {
            buffer.fill(layout.banner, with: .blank(Theme.statusError))
            buffer.set(line: Line(" ⚠ " + banner.text + " · Esc hides this", style: Theme.statusError), in: layout.banner)
        }
        if state.projections.isOpen {
            let top = layout.banner.isEmpty ? layout.header.bottom : layout.banner.bottom
            let body = Rect(x: 0, y: top, width: state.size.width, height: max(0, layout.status.y - top))
            drawProjections(state, in: body, into: &buffer)
            drawStatus(state, in: layout.status, into: &buffer, cursor: &cursor)
            drawOverlay(state, into: &buffer, cursor: &cursor)
            return Screen(buffer: buffer, cursor: cursor)
        }
        if !layout.aggregates.isEmpty { drawAggregates(state, in: layout.aggregates, into: &buffer) }
        if !layout.events.isEmpty { drawEvents(state, in: layout.events, into: &buffer) }
        if !layout.inspector.isEmpty { drawInspector(state, in: layout.inspector, into: &buffer) }
        if !layout.traffic.isEmpty { drawTraffic(state, in: layout.traffic, into: &buffer) }
        if !layout.commandLog.isEmpty { drawCommandLog(state, in: layout.commandLog, into: &buffer) }
        drawStatus(state, in: layout.status, into: &buffer, cursor: &cursor)
        drawOverlay(state, into: &buffer, cursor: &cursor)
        return Screen(buffer: buffer, cursor: cursor)
    }

    /// Draws `state` into a frame of a ``Terminal``.
    public static func draw(_ state: ExplorerState, into frame: inout Frame) {
        var sized = state
        sized.size = frame.area.size
        let screen = view(sized)
        frame.buffer = screen.buffer
        frame.cursor = screen.cursor
    }

    static func drawTooSmall(_ state: ExplorerState, into buffer: inout Buffer) {
        let min = ScreenLayout.minimum
        let lines: [Line] = [
            Line("Terminal too small", style: Theme.warning),
            Line("\(state.size.width)×\(state.size.height), need \(min.width)×\(min.height)"),
            Line("Enlarge the window, or press q to quit.", style: Theme.dim),
        ]
        let top = max(0, (state.size.height - lines.count) / 2)
        buffer.render(Paragraph(lines, wrap: true, alignment: .center), in: Rect(x: 0, y: top, width: state.size.width, height: state.size.height - top))
    }

    // MARK: - Header and status bar

    static func drawHeader(_ state: ExplorerState, in area: Rect, into buffer: inout Buffer) {
        buffer.fill(area, with: .blank(Theme.header))
        var facts: [Span] = []
        func fact(_ value: String, _ label: String) {
            facts.append(Span(" · ", style: Theme.header))
            facts.append(Span(value, style: Theme.headerStrong))
            facts.append(Span(" " + label))
        }
        if let stats = state.stats {
            fact(Format.count(stats.eventCount), "events")
            fact(Format.count(stats.streamCount), "streams")
        }
        fact(Format.rate(state.eventsPerSecond), "ev/s")
        if let metrics = state.metrics { fact(Format.count(metrics.resident), "in memory") }
        var lead: [Span] = state.config.readOnly ? [Span(" READ-ONLY ", style: Theme.headerStrong.reversed)] : []
        let brand = [Span(" EventScope ", style: Theme.headerStrong), Span("│")]
        // The counts matter more than the brand, and the brand more than a long store name's tail.
        let fixed = Line(lead + facts).width + 1
        let nameWidth = displayWidth(of: state.config.storeName)
        if fixed + nameWidth + Line(brand).width + 1 <= area.width { lead = brand + lead }
        let room = max(8, area.width - Line(lead).width - fixed)
        let name = Span(" " + truncate(state.config.storeName, toWidth: room))
        buffer.set(line: Line(lead + [name] + facts), in: area, base: Theme.header)
    }

    static func drawStatus(_ state: ExplorerState, in area: Rect, into buffer: inout Buffer, cursor: inout Position?) {
        switch state.overlay {
        case .commandLine?:
            var input = state.commandInput
            buffer.render(TextInput(prompt: Span(":", style: Theme.title), placeholder: "COMMAND STREAM [FIELD=VALUE …]   Tab completes, ↑ history, Esc cancels"), in: area, state: &input)
            cursor = input.cursorPosition
            if let completion = state.completion, area.y > 0 {
                drawCompletions(completion, above: area, into: &buffer)
            }
            return
        case .prompt(let prompt)?:
            var input = prompt.input
            let label = Span(prompt.label(anyEventType: state.config.filterMatchesAnyEventType), style: Theme.title)
            var inputArea = area
            if let error = prompt.error {
                let w = min(area.width / 2, displayWidth(of: error) + 2)
                inputArea.width -= w
                buffer.set(line: Line(" " + error, style: Theme.error), in: Rect(x: area.right - w, y: area.y, width: w, height: 1))
            }
            buffer.render(TextInput(prompt: label), in: inputArea, state: &input)
            cursor = input.cursorPosition
            return
        default:
            break
        }
        var message: Line?
        if let error = state.storeError {
            message = Line(" ⚠ \(error) ", style: Theme.statusError)
        } else if let notice = state.notice {
            let style: Style = notice.level == .error ? Theme.error : notice.level == .success ? Theme.ok : .plain
            message = Line(notice.text + " ", style: style)
        }
        // Time travel keys mean nothing until an aggregate is open.
        let idle: Set<Action> = state.focus == .inspector && state.inspector.aggregate == nil ? [.olderVersion, .newerVersion, .goTo, .back] : []
        let context = state.projections.isOpen ? KeyContext.projections : state.focus.context
        let bar = StatusBar(hints: state.keyMap.hints(for: context, except: idle), message: message, style: Theme.statusBar)
        if let error = state.storeError {
            // A store failure matters more than hints: give it the whole bar.
            buffer.fill(area, with: .blank(Theme.statusError))
            buffer.set(line: Line(" ⚠ store: \(error) — retrying", style: Theme.statusError), in: area)
            _ = bar
            return
        }
        buffer.render(bar, in: area)
    }

    static func drawCompletions(_ completion: Completion, above area: Rect, into buffer: inout Buffer) {
        let row = Rect(x: area.x, y: area.y - 1, width: area.width, height: 1)
        buffer.fill(row, with: .blank(Theme.statusBar))
        var spans: [Span] = [Span(" Tab: ", style: Theme.dim)]
        for (i, c) in completion.candidates.enumerated() {
            spans.append(Span(c, style: i == completion.index ? Theme.selected.reversed : .plain))
            spans.append(Span("  "))
        }
        buffer.set(line: Line(spans), in: row, base: Theme.statusBar)
    }

    /// A pane's border, focused or not, with its number and title.
    static func paneBlock(_ pane: Pane, _ state: ExplorerState, title: [Span]) -> Block {
        let focused = state.focus == pane
        let number = Span(" \(pane.rawValue + 1) ", style: focused ? Theme.title : Theme.dim)
        return Block(title: Line([number] + title + [Span(" ")]), isFocused: focused)
    }
}
