/// Everything a key can do in the explorer's normal mode.
public enum Action: Hashable, Sendable {
    case quit
    case help
    case nextPane, previousPane
    /// Focus pane 1–4 directly.
    case focus(Pane)
    case zoom
    case up, down, pageUp, pageDown, top, bottom
    /// Open the selection: an aggregate, or the aggregate of the selected event.
    case open
    /// Close the aggregate view / clear a filter.
    case back
    /// Filter the focused list (aggregates: id, category, event type; events: category or type).
    case filter
    /// Aggregates: switch between "last change" and "name" order.
    case toggleSort
    /// Events: pause or resume following.
    case togglePause
    /// Events: resume following at the newest event.
    case jumpNewest
    /// Events: step mode, one event per press.
    case step
    /// Events: go to a global position; aggregate view: go to a version.
    case goTo
    /// Aggregate view: the previous / next version (time travel).
    case olderVersion, newerVersion
    /// Open the `:` command line.
    case commandLine
    /// Open the command form for the selected aggregate.
    case commandForm
    /// Start or stop the catalog's demo traffic.
    case toggleTraffic
    /// Demo traffic: zoom the box with its totals and the no-loss check, close it, show it again.
    case trafficBox
    /// Demo traffic: a faster / slower pace.
    case fasterTraffic, slowerTraffic
    /// Run the catalog's demo seed.
    case seed
    /// Reload the aggregates list and the counts.
    case refresh
    /// Redraw the whole screen (after another program scribbled on it).
    case redraw
    /// Open or close the projections view (read models and their handlers).
    case projections
    /// Projections: pause or resume the selected handler.
    case handlerPause
    /// Projections: apply one event (step mode).
    case handlerStep
    /// Projections: empty the read model and replay it from position 1.
    case handlerRebuild
    /// Projections: retry the event the handler failed on.
    case handlerRetry
    /// Projections: skip the event the handler failed on (recorded).
    case handlerSkip
    /// Open the causality X-ray of the selected event.
    case xray
    /// X-ray: filter the live events to the correlation shown.
    case filterCorrelation
    /// Follow the selected event's causation: open the event that caused it.
    case followCausation

    // Overlays (help, seed offer, prompts, command line, form)
    /// Close the overlay without doing anything.
    case cancel
    /// Say yes to an offer.
    case accept
    /// Send what was typed (command line, prompt, form).
    case submit
    /// Command line: complete the word at the cursor.
    case complete
    /// Form: the next / previous row.
    case nextField, previousField
    /// Form: the next row, or send on the last one.
    case nextOrSubmit
    /// Form: the previous / next command of the chooser.
    case previousChoice, nextChoice
}

/// Where a key binding applies.
public enum KeyContext: String, Hashable, Sendable, CaseIterable {
    case global = "Everywhere"
    case aggregates = "Aggregates pane"
    case events = "Live events pane"
    case inspector = "Inspector (event / aggregate)"
    case commandLog = "Command log"
    case projections = "Projections view (P)"
    case xray = "Causality X-ray (x)"
    // Overlays: their keys win over everything else while they are open; keys they do not
    // bind go to their text field, if they have one.
    case helpScreen = "Help screen"
    case seedOffer = "Seed offer"
    case prompt = "Prompt (filter, go to)"
    case commandLine = "Command line keys"
    case form = "Command form"
    case formChooser = "Command form, on the command chooser"

    /// The contexts of the panes (global included), as opposed to overlays.
    public static let panes: [KeyContext] = [.global, .aggregates, .events, .inspector, .commandLog, .projections]

    /// Whether this is an overlay's context (global bindings do not apply in it).
    public var isOverlay: Bool { !Self.panes.contains(self) }
}
