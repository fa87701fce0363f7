/// The explorer's panes, in Tab order.
public enum Pane: Int, Hashable, Sendable, CaseIterable {
    case aggregates, events, inspector, commandLog

    /// The key-binding context of the pane.
    var context: KeyContext {
        switch self {
        case .aggregates: return .aggregates
        case .events: return .events
        case .inspector: return .inspector
        case .commandLog: return .commandLog
        }
    }
}
