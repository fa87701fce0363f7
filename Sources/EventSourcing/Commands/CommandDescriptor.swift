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

    /// A usage line: `deposit account-ID amount=<integer>`.
    public var usage: String {
        ([name, "\(category)-ID"] + fields.map { $0.required ? "\($0.name)=<\($0.type.rawValue)>" : "[\($0.name)=<\($0.type.rawValue)>]" })
            .joined(separator: " ")
    }
}
