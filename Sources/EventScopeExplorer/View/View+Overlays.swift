import EventScope
import EventScopeTerminalUI

extension Explorer {
    static func drawOverlay(_ state: ExplorerState, into buffer: inout Buffer, cursor: inout Position?) {
        let screen = Rect(x: 0, y: 1, width: state.size.width, height: max(0, state.size.height - 2))
        switch state.overlay {
        case .help(let scroll)?:
            let lines = helpLines(state.keyMap, examples: state.config.catalog.demo?.examples ?? [])
            let size = Size(width: min(screen.width - 2, 90), height: min(screen.height, lines.count + 2))
            let popup = Popup(title: "Help — ? or Esc closes, j/k scroll", size: size, content: Paragraph(lines, scroll: min(scroll, max(0, lines.count - (size.height - 2)))))
            buffer.render(popup, in: screen)
        case .offerSeed?:
            let lines: [Line] = [
                Line("This store has no events yet.", style: Theme.title),
                Line(""),
                Line("Seed \(state.config.catalog.demo?.seed?.summary ?? "demo data") so there is something to explore?"),
                Line(""),
                Line([Span("[y]", style: Theme.title), Span(" seed demo data    "), Span("[n]", style: Theme.title), Span(" start empty")]),
            ]
            let popup = Popup(title: "Empty store", size: Size(width: min(screen.width - 2, 60), height: 9), content: Paragraph(lines, wrap: true))
            buffer.render(popup, in: screen)
        case .form(let form)?:
            drawForm(form, in: screen, into: &buffer, cursor: &cursor)
        case .xray(let xray)?:
            drawXRay(xray, in: screen, into: &buffer)
        default:
            break
        }
    }

    /// The help screen, generated from the key-binding table.
    static func helpLines(_ keyMap: KeyMap, examples: [String] = []) -> [Line] {
        var lines: [Line] = []
        let keyWidth = min(26, (keyMap.bindings.filter(\.isOffered).map { displayWidth(of: $0.keyLabel) }.max() ?? 10) + 2)
        // The panes first, then the overlays.
        for context in KeyContext.allCases {
            let bindings = keyMap.bindings(for: context)
            guard !bindings.isEmpty else { continue }
            if !lines.isEmpty { lines.append(Line("")) }
            lines.append(Line(context.rawValue, style: Theme.title.underlined))
            for b in bindings {
                let label = b.keyLabel
                let pad = String(repeating: " ", count: max(1, keyWidth - displayWidth(of: label)))
                lines.append(Line([Span("  " + label + pad, style: Theme.jsonKey), Span(b.help)]))
            }
        }
        lines.append(Line(""))
        lines.append(Line("Command line", style: Theme.title.underlined))
        lines.append(Line("  Same grammar as `eventscope send`: COMMAND STREAM [FIELD=VALUE …]\(examples.isEmpty ? "." : ", e.g.")"))
        if !examples.isEmpty {
            lines.append(Line("  " + examples.joined(separator: " · "), style: Theme.jsonString))
        }
        lines.append(Line("  Tab completes command, stream and field names; ↑/↓ browse the history."))
        return lines
    }

    static func drawForm(_ form: FormState, in screen: Rect, into buffer: inout Buffer, cursor: inout Position?) {
        let command = form.command
        let width = min(screen.width - 2, 76)
        let height = min(screen.height, 9 + form.fields.count * 2 + (form.error == nil ? 0 : 2))
        let popup = Popup(title: "Send a command", size: Size(width: width, height: height), content: Clear())
        buffer.render(popup, in: screen)
        let area = popup.contentArea(in: screen)
        guard area.height > 2 else { return }
        let labelWidth = 12
        var y = area.y
        func label(_ text: String, focused: Bool) {
            buffer.set(line: Line([Span(focused ? "▶ " : "  ", style: Theme.title), Span(text, style: focused ? Theme.title : Theme.label)]), in: Rect(x: area.x, y: y, width: labelWidth, height: 1))
        }
        func note(_ line: Line) {
            y += 1
            guard y < area.bottom else { return }
            buffer.set(line: line, in: Rect(x: area.x + labelWidth, y: y, width: area.width - labelWidth, height: 1))
        }
        // Command chooser
        label("command", focused: form.focus == 0)
        let chooser = Line([
            Span("◀ ", style: Theme.dim), Span(command.name, style: Theme.title.adding(form.focus == 0 ? .reverse : [])),
            Span(" ▶ ", style: Theme.dim), Span("(\(command.category))", style: Theme.category),
            Span("  \(form.commandIndex + 1)/\(form.commands.count)", style: Theme.dim),
        ])
        buffer.set(line: chooser, in: Rect(x: area.x + labelWidth, y: y, width: area.width - labelWidth, height: 1))
        note(Line(command.help, style: Theme.dim))
        y += 1
        // Stream
        func input(_ state: TextInputState, row: Int, placeholder: String) {
            guard y < area.bottom else { return }
            var s = state
            let rect = Rect(x: area.x + labelWidth, y: y, width: area.width - labelWidth, height: 1)
            buffer.render(TextInput(placeholder: placeholder, style: Style(modifiers: .underline), isFocused: form.focus == row), in: rect, state: &s)
            if form.focus == row { cursor = s.cursorPosition }
        }
        label("stream", focused: form.focus == 1)
        input(form.stream, row: 1, placeholder: "\(command.category)-ID")
        note(form.problems[1].map { Line("⚠ " + $0, style: Theme.error) } ?? Line("the aggregate: \(command.category)-<id>", style: Theme.dim))
        y += 1
        for (i, field) in command.fields.enumerated() {
            guard y < area.bottom else { break }
            label(field.name, focused: form.focus == i + 2)
            input(form.fields[i], row: i + 2, placeholder: "<\(field.type.rawValue)>")
            let help = "\(field.type.rawValue)\(field.required ? ", required" : ", optional") — \(field.help)"
            note(form.problems[i + 2].map { Line("⚠ " + $0, style: Theme.error) } ?? Line(help, style: Theme.dim))
            y += 1
        }
        if let error = form.error, y < area.bottom {
            buffer.render(Paragraph([Line("⚠ " + error, style: Theme.error)], wrap: true), in: Rect(x: area.x, y: y, width: area.width, height: min(2, area.bottom - y)))
        }
        let footer = Line([
            Span("Enter", style: Theme.title), Span(" next / send  "), Span("Tab", style: Theme.title), Span(" move  "),
            Span("←/→", style: Theme.title), Span(" command  "), Span("Esc", style: Theme.title), Span(" cancel"),
        ])
        buffer.set(line: footer, in: area.row(area.height - 1))
    }
}
