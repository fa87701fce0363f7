import Foundation

/// Describes one command for people and tools, and runs it from text fields.
public struct CommandDescriptor: Sendable {
    /// The aggregate category it targets.
    public let category: String
    /// The command's name, e.g. `increment`.
    public let name: String
    /// One line for people: what the command does.
    public let help: String
    /// The command's fields, in the order forms and usage lines show them.
    public let fields: [CommandField]
    let run: @Sendable (Engine, String, FieldValues, EventMetadata) async throws -> CommandResult
    let decides: @Sendable (Data?, FieldValues) -> Bool

    init(
        category: String, name: String, help: String, fields: [CommandField],
        decides: @escaping @Sendable (Data?, FieldValues) -> Bool,
        run: @escaping @Sendable (Engine, String, FieldValues, EventMetadata) async throws -> CommandResult
    ) {
        self.category = category
        self.name = name
        self.help = help
        self.fields = fields
        self.decides = decides
        self.run = run
    }

    /// Whether the command applies to an aggregate in `state`: its decision, given a sample
    /// value for each field (`1`, `x`, `true`), accepts it instead of refusing.
    ///
    /// Tools use it to offer a command that makes sense now (deposit, not open, for an open
    /// account) without knowing the domain.
    /// - Parameter state: the aggregate's state as ``FoldedState/json``; `nil` for a stream
    ///   with no events yet. A state that does not decode counts as applicable.
    public func applies(to state: Data?) -> Bool {
        decides(state, FieldValues(Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0.type.sample) })))
    }

    /// A usage line: `deposit account-ID amount=<integer>`.
    public var usage: String {
        ([name, "\(category)-ID"] + fields.map { $0.required ? "\($0.name)=<\($0.type.rawValue)>" : "[\($0.name)=<\($0.type.rawValue)>]" })
            .joined(separator: " ")
    }
}
