/// A command parsed from a line such as `deposit account-7 amount=50`.
///
/// Parsing checks only the syntax; ``CommandCatalog/validate(command:stream:fields:)``
/// checks the parts against the catalog.
public struct ParsedCommand: Hashable, Sendable {
    /// The command's name, e.g. `deposit`.
    public var name: String
    /// The target stream as written, e.g. `account-7` (not yet checked).
    public var stream: String
    /// The field values as text, by field name.
    public var fields: [String: String]

    /// Creates a parsed command from its parts.
    public init(name: String, stream: String, fields: [String: String]) {
        self.name = name
        self.stream = stream
        self.fields = fields
    }
}
