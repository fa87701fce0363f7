import EventScopeTerminalUI

/// What is drawn over the panes and takes the keys.
public enum Overlay: Sendable {
    /// The `:` command line.
    case commandLine
    /// A one-line prompt (filter, go to).
    case prompt(PromptState)
    /// The command form.
    case form(FormState)
    /// The `?` help, scrolled.
    case help(scroll: Int)
    /// "The store is empty: seed demo data?"
    case offerSeed
    /// The causality X-ray of an event (`x`).
    case xray(XRayState)
}

/// A one-line question: what it is for and the text typed so far.
public struct PromptState: Sendable {
    /// What the answer is used for.
    public enum Purpose: Hashable, Sendable {
        case filterAggregates
        case filterEvents
        case goToPosition
        case goToVersion
    }
    /// What the answer is used for.
    public var purpose: Purpose
    /// The text typed.
    public var input: TextInputState
    /// Why the last answer was not accepted.
    public var error: String?

    /// The question shown before the input (`anyEventType`: the aggregate filter matches the
    /// type of any event, ``ExplorerConfig/filterMatchesAnyEventType``).
    func label(anyEventType: Bool) -> String {
        switch purpose {
        case .filterAggregates:
            return anyEventType ? "filter aggregates (id, category, type of any event): " : "filter aggregates (id, category, type of last event): "
        case .filterEvents: return "filter events (stream id, category or event type): "
        case .goToPosition: return "go to position: "
        case .goToVersion: return "go to version: "
        }
    }
}
