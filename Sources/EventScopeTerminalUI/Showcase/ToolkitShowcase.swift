/// A small full-screen program that shows the toolkit: the keys typed (by name), the terminal
/// size, a text field, a few widgets and colours. Its state, `update` and `view` are kept
/// apart from any terminal, so it reads like an app; `eventscope tui-demo` runs it on the
/// curses backend (and the tmux tests drive it there).
public struct ToolkitShowcase {
    let colorMode: ColorMode
    var keys: [Key] = []
    var keyCount = 0
    var input = TextInputState()
    var tab = 0
    var showHelp = false
    var rates: [Int] = []
    var list = ListState(selected: 0)

    static let tabs = ["Keys", "Widgets", "Colours"]
    static let hints = [KeyHint("q", "quit"), KeyHint("?", "help"), KeyHint("Tab", "next tab"), KeyHint("Esc", "clear"), KeyHint("↑↓", "select")]

    /// A showcase drawing in `colorMode`.
    public init(colorMode: ColorMode) { self.colorMode = colorMode }

    /// Applies a key; returns `false` to quit.
    public mutating func update(_ key: Key) -> Bool {
        keyCount += 1
        keys.append(key)
        if keys.count > 50 { keys.removeFirst(keys.count - 50) }
        rates.append(keyCount % 9)
        switch key {
        case .char("q"), .ctrl("c"): return false
        case .char("?"): showHelp.toggle()
        case .escape: if showHelp { showHelp = false } else { input.clear() }
        case .tab: tab = (tab + 1) % Self.tabs.count
        case .backTab: tab = (tab + Self.tabs.count - 1) % Self.tabs.count
        case .up: list.selectPrevious(count: Self.sample.count)
        case .down: list.selectNext(count: Self.sample.count)
        case .enter: _ = input.submit()
        default: input.handle(key)
        }
        return true
    }

    static let sample: [Row] = [
        Row(["counter-1", "counter", "12"]), Row(["account-42", "account", "3"]),
        Row(["counter-日本", "counter", "7"]), Row(["evil-\u{1B}[31m", "counter", "1"]),
        Row(["account-7", "account", "99"]),
    ]

    /// Draws the showcase into `frame`.
    public func view(into frame: inout Frame) {
        let size = frame.area.size
        let rows = Layout.vertical([.fixed(1), .fill(1), .fixed(1)]).split(frame.area)
        frame.render(Tabs(Self.tabs, selected: tab), in: rows[0])
        frame.render(StatusBar(hints: Self.hints, message: Line("size \(size)")), in: rows[2])
        let main = Block.bordered("EventScope TUI demo", focused: true)
        frame.render(main, in: rows[1])
        let body = main.inner(rows[1])
        let parts = Layout.vertical([.fixed(1), .fixed(1), .fixed(3), .fill(1)]).split(body)
        frame.render(Paragraph([Line([Span("size ", style: Style().bold), Span("\(size)"), Span("   colours ", style: Style().bold), Span("\(colorMode)")])]), in: parts[0])
        let last = keys.last.map(\.displayName) ?? "(none)"
        frame.render(Paragraph([Line([Span("last key ", style: Style().bold), Span(last, style: Style(foreground: .yellow)), Span("   keys \(keyCount)")])]), in: parts[1])
        var field = input
        frame.render(TextInput(prompt: Span("> ", style: Style(foreground: .green)), placeholder: "type here (UTF-8 welcome)", block: Block.bordered("Input")), in: parts[2], state: &field)
        frame.cursor = showHelp ? nil : field.cursorPosition

        let columns = Layout.horizontal([.percentage(40), .fill(1)], spacing: 1).split(parts[3])
        let recent = keys.suffix(max(0, columns[0].height - 2)).reversed().map { ListItem(Line($0.displayName)) }
        frame.render(List(recent, block: Block.bordered("Keys")), in: columns[0])
        switch tab {
        case 0:
            var state = list
            let table = Table(Self.sample, header: Row(["Stream", "Category", "Version"]), widths: [.fill(2), .fill(1), .fixed(7)], block: Block.bordered("Streams"), highlightStyle: Style(foreground: .black, background: .cyan))
            frame.render(table, in: columns[1], state: &state)
        case 1:
            let halves = Layout.vertical([.fill(1), .fixed(4)]).split(columns[1])
            frame.render(Paragraph("Paragraphs wrap at word boundaries; wide characters like 日本語 and emoji 🎉 take two cells; control characters such as \u{1B}[31m are drawn visibly.", wrap: true, block: Block.bordered("Paragraph")), in: halves[0])
            frame.render(Sparkline(Array(rates.suffix(200)), max: 8, style: Style(foreground: .green), block: Block.bordered("Sparkline")), in: halves[1])
        default:
            let lines = Color.named.enumerated().map { i, c in Line([Span(" colour \(i) ", style: Style(background: c)), Span(" text ", style: Style(foreground: c))]) }
            frame.render(Paragraph(lines, block: Block.bordered("Colours")), in: columns[1])
        }
        if showHelp {
            let help = Paragraph(Self.hints.map { Line([Span($0.key, style: Style().bold), Span("  \($0.label)")]) })
            frame.render(Popup(title: "Help", size: Size(width: 30, height: Self.hints.count + 2), content: help), in: frame.area)
        }
    }
}
