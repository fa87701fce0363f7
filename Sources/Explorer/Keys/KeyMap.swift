import TerminalUI

/// The one key-binding table: the explorer maps keys to actions through it, and the `?`
/// help screen and the status-bar hints are generated from it.
public struct KeyMap: Sendable {
    /// Every binding, in help order.
    public let bindings: [KeyBinding]

    /// The table, without writing actions when `readOnly`.
    public init(readOnly: Bool) {
        bindings = KeyMap.all.filter { !(readOnly && $0.writes) }
    }

    /// The action of `key` in `context` (a pane binding wins over a global one).
    public func action(for key: Key, in context: KeyContext) -> Action? {
        if let b = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) { return b.action }
        return bindings.first(where: { $0.context == .global && $0.keys.contains(key) })?.action
    }

    /// The bindings that apply in `context`, pane ones first.
    public func bindings(for context: KeyContext) -> [KeyBinding] {
        bindings.filter { $0.context == context }
    }

    /// Status-bar hints for `context`: the pane's hinted bindings, then the global ones,
    /// leaving out `except`.
    public func hints(for context: KeyContext, except: Set<Action> = []) -> [KeyHint] {
        let pane = bindings.filter { $0.context == context && $0.hint != nil && !except.contains($0.action) }
        let global = bindings.filter { $0.context == .global && $0.hint != nil }
        return (pane + global).map { KeyHint($0.keys[0].displayName, $0.hint!) }
    }

    static let all: [KeyBinding] = [
        // Global
        KeyBinding([.char("q"), .ctrl("c")], .quit, .global, "Quit (the terminal is restored)", hint: "quit"),
        KeyBinding([.char("?"), .function(1)], .help, .global, "Show this help", hint: "help"),
        KeyBinding([.tab], .nextPane, .global, "Next pane", hint: "pane"),
        KeyBinding([.backTab], .previousPane, .global, "Previous pane"),
        KeyBinding([.char("1")], .focus(.aggregates), .global, "Focus the aggregates pane"),
        KeyBinding([.char("2")], .focus(.events), .global, "Focus the live events pane"),
        KeyBinding([.char("3")], .focus(.inspector), .global, "Focus the inspector"),
        KeyBinding([.char("4")], .focus(.commandLog), .global, "Focus the command log"),
        KeyBinding([.char("z")], .zoom, .global, "Zoom the focused pane full-screen (again to restore)", hint: "zoom"),
        KeyBinding([.char("j"), .down], .down, .global, "Move down"),
        KeyBinding([.char("k"), .up], .up, .global, "Move up"),
        KeyBinding([.ctrl("d"), .ctrl("f"), .pageDown], .pageDown, .global, "Page down"),
        KeyBinding([.ctrl("u"), .ctrl("b"), .pageUp], .pageUp, .global, "Page up"),
        KeyBinding([.char("g"), .home], .top, .global, "Go to the top (oldest)"),
        KeyBinding([.char("G"), .end], .bottom, .global, "Go to the bottom (newest)"),
        KeyBinding([.enter], .open, .global, "Open the selected aggregate"),
        KeyBinding([.escape], .back, .global, "Close the aggregate view / clear the filter"),
        KeyBinding([.char(":")], .commandLine, .global, "Command line: increment counter-1, deposit account-7 amount=50", hint: "cmd", writes: true),
        KeyBinding([.char("c")], .commandForm, .global, "Command form for the selected aggregate", hint: "form", writes: true),
        KeyBinding([.char("D")], .toggleDemoTraffic, .global, "Start / stop demo traffic (clients incrementing counters)", hint: "demo", writes: true),
        KeyBinding([.char("S")], .seedDemo, .global, "Seed demo counters and accounts", writes: true),
        KeyBinding([.char("r"), .ctrl("r")], .refresh, .global, "Reload the aggregates list and counts"),
        KeyBinding([.ctrl("l")], .redraw, .global, "Redraw the whole screen"),
        // Aggregates
        KeyBinding([.char("/")], .filter, .aggregates, "Filter by id, category or event type", hint: "filter"),
        KeyBinding([.char("s")], .toggleSort, .aggregates, "Sort by last change / by name", hint: "sort"),
        KeyBinding([.enter], .open, .aggregates, "Open the aggregate: events, state, time travel", hint: "open"),
        // Events
        KeyBinding([.char("p"), .char(" ")], .togglePause, .events, "Pause / resume following", hint: "pause"),
        KeyBinding([.char("G"), .end], .jumpNewest, .events, "Jump to the newest event and follow", hint: "newest"),
        KeyBinding([.char("n")], .step, .events, "Step mode: show the next event only (teaching)", hint: "step"),
        KeyBinding([.char("/")], .filter, .events, "Filter by category or event type", hint: "filter"),
        KeyBinding([.char("#")], .goTo, .events, "Go to a global position", hint: "go to"),
        KeyBinding([.enter], .open, .events, "Open the event's aggregate at its version", hint: "open"),
        // Inspector
        KeyBinding([.char("h"), .left, .char("[")], .olderVersion, .inspector, "Time travel: previous version", hint: "older"),
        KeyBinding([.char("l"), .right, .char("]")], .newerVersion, .inspector, "Time travel: next version", hint: "newer"),
        KeyBinding([.char("#")], .goTo, .inspector, "Go to a version", hint: "version"),
        KeyBinding([.escape, .backspace], .back, .inspector, "Close the aggregate view", hint: "close"),
        // Command log
        KeyBinding([.enter], .open, .commandLog, "Open the aggregate the selected command went to", hint: "open"),
    ]
}
