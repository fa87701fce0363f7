import EventScope
import EventScopeTerminalUI

/// The one key-binding table: the explorer maps keys to actions through it, and the `?`
/// help screen and the status-bar hints are generated from it.
public struct KeyMap: Sendable {
    /// Every binding, in help order.
    public let bindings: [KeyBinding]

    /// The table, without writing actions when `readOnly`, and with seeding and traffic only
    /// when the domain offers them (`demo`, from the catalog), described in its words.
    public init(readOnly: Bool, demo: CatalogDemo? = nil) {
        bindings = KeyMap.all.compactMap { binding in
            var b = binding
            guard !(readOnly && b.writes) else { return nil }
            switch b.action {
            case .seed:
                if let seed = demo?.seed { b.help = "Seed \(seed.summary)" } else { b.isOffered = false }
            case .fasterTraffic, .slowerTraffic, .trafficBox:
                if demo?.traffic == nil { b.isOffered = false }
            case .toggleTraffic:
                if let traffic = demo?.traffic { b.help = "Start / stop demo traffic (\(traffic.summary))" } else { b.isOffered = false }
            case .commandLine:
                if let examples = demo?.examples, !examples.isEmpty {
                    b.help = "Command line: " + examples.suffix(2).joined(separator: ", ")
                }
            default:
                break
            }
            return b
        }
    }

    /// The action of `key` in `context`: in a pane a pane binding wins over a global one; in an
    /// overlay only the overlay's bindings apply.
    public func action(for key: Key, in context: KeyContext) -> Action? {
        if let b = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) { return b.action }
        guard !context.isOverlay else { return nil }
        return bindings.first(where: { $0.context == .global && $0.keys.contains(key) })?.action
    }

    /// The writing binding `key` has in `context` in the full table (read-only mode removes it;
    /// the explorer then says why the key does nothing).
    static func writingBinding(for key: Key, in context: KeyContext) -> KeyBinding? {
        all.first { $0.writes && ($0.context == context || $0.context == .global) && $0.keys.contains(key) }
    }

    /// Whether some binding triggers `action` (seeding and traffic are absent when the catalog
    /// offers none, writing actions in read-only mode).
    public func binds(_ action: Action) -> Bool {
        bindings.contains { $0.action == action && $0.isOffered }
    }

    /// The bindings offered in `context` (what help shows).
    public func bindings(for context: KeyContext) -> [KeyBinding] {
        bindings.filter { $0.context == context && $0.isOffered }
    }

    /// Status-bar hints for `context`: the pane's hinted bindings, then the global ones,
    /// leaving out `except`.
    public func hints(for context: KeyContext, except: Set<Action> = []) -> [KeyHint] {
        let pane = bindings(for: context).filter { $0.hint != nil && !except.contains($0.action) }
        let global = bindings(for: .global).filter { $0.hint != nil }
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
        KeyBinding([.char(":")], .commandLine, .global, "Command line: COMMAND STREAM [FIELD=VALUE …]", hint: "cmd", writes: true),
        KeyBinding([.char("c")], .commandForm, .global, "Command form for the selected aggregate", hint: "form", writes: true),
        // Their help comes from the catalog's description (see `init`).
        KeyBinding([.char("D")], .toggleTraffic, .global, "Start / stop demo traffic", hint: "demo", writes: true),
        KeyBinding([.char("V")], .trafficBox, .global, "Demo traffic box: zoom it, close it, show it again"),
        KeyBinding([.char("+"), .char("=")], .fasterTraffic, .global, "Demo traffic faster (up to full speed)", writes: true),
        KeyBinding([.char("-")], .slowerTraffic, .global, "Demo traffic slower (down to 1 command a second)", writes: true),
        KeyBinding([.char("S")], .seed, .global, "Seed demo data", writes: true),
        KeyBinding([.char("r"), .ctrl("r")], .refresh, .global, "Reload the aggregates list and counts"),
        KeyBinding([.ctrl("l")], .redraw, .global, "Redraw the whole screen"),
        KeyBinding([.char("P")], .projections, .global, "Projections: read models, their lag, pause / step / rebuild", hint: "proj"),
        // Aggregates
        KeyBinding([.char("/")], .filter, .aggregates, "Filter by id, category or event type (see the prompt)", hint: "filter"),
        KeyBinding([.char("s")], .toggleSort, .aggregates, "Sort by last change / by name", hint: "sort"),
        KeyBinding([.enter], .open, .aggregates, "Open the aggregate: events, state, time travel", hint: "open"),
        // Events
        KeyBinding([.char("p"), .char(" ")], .togglePause, .events, "Pause / resume following", hint: "pause"),
        KeyBinding([.char("G"), .end], .jumpNewest, .events, "Jump to the newest event and follow", hint: "newest"),
        KeyBinding([.char("n")], .step, .events, "Step mode: show the next event only (teaching)", hint: "step"),
        KeyBinding([.char("/")], .filter, .events, "Filter by stream id, category or type (searches the store)", hint: "filter"),
        KeyBinding([.char("#")], .goTo, .events, "Go to a global position", hint: "go to"),
        KeyBinding([.enter], .open, .events, "Open the event's aggregate at its version", hint: "open"),
        KeyBinding([.char("x")], .xray, .events, "Causality X-ray: the event's command, reactions, pending steps"),
        KeyBinding([.char("C")], .followCausation, .events, "Follow the causation: open the event that caused this one"),
        // Inspector
        KeyBinding([.char("h"), .left, .char("[")], .olderVersion, .inspector, "Time travel: previous version", hint: "older"),
        KeyBinding([.char("l"), .right, .char("]")], .newerVersion, .inspector, "Time travel: next version", hint: "newer"),
        KeyBinding([.char("#")], .goTo, .inspector, "Go to a version", hint: "version"),
        KeyBinding([.char("/")], .filter, .inspector, "Filter the aggregates list (from the inspector too)"),
        KeyBinding([.escape, .backspace], .back, .inspector, "Close the aggregate view", hint: "close"),
        KeyBinding([.char("x")], .xray, .inspector, "Causality X-ray of the event's correlation", hint: "x-ray"),
        KeyBinding([.char("C")], .followCausation, .inspector, "Follow the causation: open the event that caused this one"),
        // Projections
        KeyBinding([.char("P"), .escape], .projections, .projections, "Close the projections view", hint: "close"),
        KeyBinding([.char("p"), .char(" ")], .handlerPause, .projections, "Pause / resume the selected handler (the write side moves on)", hint: "pause"),
        KeyBinding([.char("n")], .handlerStep, .projections, "Step: apply one event, then wait", hint: "step"),
        KeyBinding([.char("R")], .handlerRebuild, .projections, "Rebuild: empty the read model, replay from position 1", hint: "rebuild"),
        KeyBinding([.char("t")], .handlerRetry, .projections, "Retry the event a failed handler stopped at", hint: "retry"),
        KeyBinding([.char("s")], .handlerSkip, .projections, "Skip the event a failed handler stopped at (recorded)", hint: "skip"),
        // Command log
        KeyBinding([.enter], .open, .commandLog, "Open the aggregate the selected command went to", hint: "open"),
        // Help screen
        KeyBinding([.escape, .char("q"), .char("?")], .cancel, .helpScreen, "Close the help"),
        KeyBinding([.enter, .function(1)], .cancel, .helpScreen, "Close the help"),
        KeyBinding([.char("j"), .down], .down, .helpScreen, "Scroll down"),
        KeyBinding([.char("k"), .up], .up, .helpScreen, "Scroll up"),
        KeyBinding([.pageDown, .ctrl("d"), .char(" ")], .pageDown, .helpScreen, "Scroll a page down"),
        KeyBinding([.pageUp, .ctrl("u")], .pageUp, .helpScreen, "Scroll a page up"),
        KeyBinding([.char("g"), .home], .top, .helpScreen, "Back to the top"),
        // X-ray
        KeyBinding([.escape, .char("q"), .char("x")], .cancel, .xray, "Close the X-ray"),
        KeyBinding([.char("j"), .down], .down, .xray, "Next line"),
        KeyBinding([.char("k"), .up], .up, .xray, "Previous line"),
        KeyBinding([.pageDown, .ctrl("d"), .char(" ")], .pageDown, .xray, "A page down"),
        KeyBinding([.pageUp, .ctrl("u")], .pageUp, .xray, "A page up"),
        KeyBinding([.char("g"), .home], .top, .xray, "First line"),
        KeyBinding([.char("G"), .end], .bottom, .xray, "Last line"),
        KeyBinding([.enter], .open, .xray, "Follow: open the event's aggregate at its version"),
        KeyBinding([.char("f")], .filterCorrelation, .xray, "Filter the live events to this correlation"),
        KeyBinding([.char("r")], .refresh, .xray, "Read the tree again (automatic while a step is pending)"),
        // Seed offer
        KeyBinding([.char("y"), .char("Y"), .enter], .accept, .seedOffer, "Seed the demo data"),
        KeyBinding([.char("n"), .char("N"), .escape, .char("q")], .cancel, .seedOffer, "Start empty"),
        // Prompt
        KeyBinding([.escape], .cancel, .prompt, "Close the prompt"),
        KeyBinding([.enter], .submit, .prompt, "Apply"),
        // Command line
        KeyBinding([.escape], .cancel, .commandLine, "Close the command line and clear it"),
        KeyBinding([.tab], .complete, .commandLine, "Complete the command, stream or field name"),
        KeyBinding([.enter], .submit, .commandLine, "Send the command"),
        // Form
        KeyBinding([.escape], .cancel, .form, "Close the form"),
        KeyBinding([.tab, .down], .nextField, .form, "Next row"),
        KeyBinding([.backTab, .up], .previousField, .form, "Previous row"),
        KeyBinding([.enter], .nextOrSubmit, .form, "Next row; on the last row, send"),
        KeyBinding([.ctrl("s")], .submit, .form, "Send"),
        KeyBinding([.left, .char("h"), .char("k")], .previousChoice, .formChooser, "Previous command"),
        KeyBinding([.right, .char("l"), .char("j"), .char(" ")], .nextChoice, .formChooser, "Next command"),
    ]
}
