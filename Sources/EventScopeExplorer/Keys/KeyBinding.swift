import EventScopeTerminalUI

/// One row of the key-binding table: keys, what they do, where, and the help text.
public struct KeyBinding: Hashable, Sendable {
    /// The keys that trigger the action (the first is shown in hints).
    public var keys: [Key]
    /// What the keys do.
    public var action: Action
    /// Where the binding applies.
    public var context: KeyContext
    /// The help text shown by `?` and in hints.
    public var help: String
    /// A short label for the status bar, or `nil` to keep it out of the hints.
    public var hint: String?
    /// Whether the action writes to the store (hidden with `--read-only`).
    public var writes: Bool
    /// Whether the domain offers the action (seeding and traffic come from the catalog). A
    /// binding not offered stays in the table, so its key can say why it does nothing, but it
    /// is left out of help and hints.
    public var isOffered = true

    /// Creates a binding.
    public init(_ keys: [Key], _ action: Action, _ context: KeyContext, _ help: String, hint: String? = nil, writes: Bool = false) {
        self.keys = keys
        self.action = action
        self.context = context
        self.help = help
        self.hint = hint
        self.writes = writes
    }

    /// The keys as shown in help: `j / ↓`.
    public var keyLabel: String { keys.map(\.displayName).joined(separator: " / ") }
}
