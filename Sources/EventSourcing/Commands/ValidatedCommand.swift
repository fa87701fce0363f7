/// A command checked against the catalog, ready to run.
///
/// Made only by ``CommandCatalog/validate(command:stream:fields:)``: its stream names a
/// registered category and its fields are the command's, each valid for its type.
public struct ValidatedCommand: Sendable {
    /// The catalog's description of the command.
    public let descriptor: CommandDescriptor
    /// The target stream.
    public let streamID: StreamID
    /// The validated field values.
    public let values: FieldValues
}
